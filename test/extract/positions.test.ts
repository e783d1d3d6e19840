// Provenance a person can follow (issue 12): the extractor stores where each value is printed.
// For generated pages of every era, layout, encoding and script (src/replay/generator) and for
// the real reports of ../shared (skipped when absent), every stored position points, in the
// decoded snapshot text (the string decodeBody returns), at text containing the printed value;
// an HTML table cell's element path names that cell; a prose value's verbatim sentence is the
// page's own text at its stored range; and every value without a position says why.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as cheerio from 'cheerio';
import { extract } from '../../src/extract/index.js';
import { checkPosition, textAt } from '../../src/extract/positions.js';
import { keyOf } from '../../src/extract/sourcemap.js';
import { decodeBody } from '../../src/fetch/decode.js';
import { looksLikeHtml } from '../../src/extract/html.js';
import type { ExtractInput, Metric } from '../../src/extract/types.js';
import { sharedDir } from './truth.js';
import { documentText, documentTextMap } from '../../src/documents/text.js';

interface Tally { table: number; tablePlaced: number; prose: number; prosePlaced: number; wrong: string[]; unexplained: string[] }
const tally = (): Tally => ({ table: 0, tablePlaced: 0, prose: 0, prosePlaced: 0, wrong: [], unexplained: [] });

/** Extracts one page and checks every value's stored position against the decoded text. */
function checkPage(t: Tally, name: string, input: ExtractInput): void {
  const r = extract(input);
  // the document text an attachment's positions count in is documentText, character for character
  if (documentTextMap(r.mainText).text !== documentText(r.mainText)) t.wrong.push(`${name}: documentTextMap differs from documentText`);
  const dec = decodeBody(input.bytes, input.contentType, input.charsetOverride ?? undefined);
  const html = looksLikeHtml(dec.text, input.contentType);
  const $ = html ? cheerio.load(dec.text, { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false } }) : null;
  for (const m of r.record?.metrics ?? []) {
    const s = m.source;
    if (s.type === 'table') t.table++; else t.prose++;
    const c = checkPosition(dec.text, html, s, m.raw);
    if (!c) { if (!s.noPos) t.unexplained.push(`${name} ${m.key}`); continue; }
    if (s.type === 'table') t.tablePlaced++; else t.prosePlaced++;
    expect(s.posIn).toBe('snapshot');
    if (!c.ok) t.wrong.push(`${name} ${m.key}: printed "${m.raw}", at ${s.pos!.start}–${s.pos!.end} "${c.text.slice(0, 60)}"`);
    if (s.type === 'table' && s.path && $) checkPath(t, name, m, $);
    if (s.type === 'prose' && s.sentencePos) {
      // the verbatim sentence is the page's own text at its range, and holds the figure
      const at = textAt(dec.text, s.sentencePos, html);
      if (keyOf(at, true) !== keyOf(s.verbatim ?? '', true) || !keyOf(s.verbatim ?? '', true).includes(keyOf(m.raw, true))) t.wrong.push(`${name} ${m.key}: sentence "${s.verbatim}" vs page "${at.slice(0, 80)}"`);
      if (s.sentencePos.start > s.pos!.start || s.sentencePos.end < s.pos!.end) t.wrong.push(`${name} ${m.key}: figure outside its sentence`);
    }
  }
}

/** The element path names a <td>/<th> whose text holds the printed value. */
function checkPath(t: Tally, name: string, m: Metric, $: cheerio.CheerioAPI): void {
  const path = (m.source as { path?: string }).path!;
  let cur: ReturnType<cheerio.CheerioAPI> = $.root();
  for (const part of path.split('/')) {
    const [, tag, n] = /^([a-z0-9]+)\[(\d+)\]$/.exec(part) ?? [];
    cur = cur.children(tag).eq(Number(n) - 1);
  }
  const el = cur.get(0) as { name?: string } | undefined;
  if (!el || !/^t[dh]$/.test(el.name ?? '') || !keyOf(cur.text(), true).includes(keyOf(m.raw, true))) t.wrong.push(`${name} ${m.key}: path ${path} names "${el ? cur.text().slice(0, 40) : 'nothing'}"`);
}

function report(label: string, t: Tally): void {
  console.log(`${label}: table values placed ${t.tablePlaced}/${t.table}, prose ${t.prosePlaced}/${t.prose}; wrong ${t.wrong.length}, without a reason ${t.unexplained.length}`);
}

const genPath = resolve(import.meta.dirname, '..', '..', 'src', 'replay', 'generator', 'index.ts');

describe('stored value positions', () => {
  it.skipIf(!existsSync(genPath))('point at the printed value in generated pages of every era, layout, encoding and script', async () => {
    const { generateCorpus } = await import('../../src/replay/generator/index.js');
    const t = tally();
    generateCorpus(160, 20261206).forEach((g, i) => checkPage(t, `#${i}`, { bytes: g.bytes, contentType: g.contentType }));
    report('generated', t);
    expect(t.table).toBeGreaterThan(5000);
    expect(t.wrong, t.wrong.slice(0, 10).join('\n')).toEqual([]);
    expect(t.unexplained, t.unexplained.slice(0, 10).join('\n')).toEqual([]);
    expect(t.tablePlaced / t.table).toBeGreaterThanOrEqual(0.99);
    expect(t.prosePlaced).toBe(t.prose);
  }, 120_000);

  for (const part of ['real', 'seeds'] as const) {
    const { dir, missing } = sharedDir('corpus', part);
    it.skipIf(Boolean(missing))(`point at the printed value in the ${part} reports of ../shared${missing ? ` (${missing})` : ''}`, () => {
      const t = tally();
      for (const f of readdirSync(dir).filter((x) => /\.(txt|html?)$/.test(x))) {
        checkPage(t, f, { bytes: readFileSync(join(dir, f)), contentType: /\.html?$/.test(f) ? 'text/html' : 'text/plain' });
      }
      report(part, t);
      expect(t.table + t.prose).toBeGreaterThan(50);
      expect(t.wrong, t.wrong.slice(0, 10).join('\n')).toEqual([]);
      expect(t.unexplained, t.unexplained.slice(0, 10).join('\n')).toEqual([]);
      expect(t.tablePlaced / t.table).toBeGreaterThanOrEqual(0.99);
      expect(t.prosePlaced).toBe(t.prose);
    });
  }

  it('gives an attachment\'s values positions in its document text', async () => {
    const { extractAttachment } = await import('../../src/extract/attachments/index.js');
    const file = resolve(import.meta.dirname, '..', 'fixtures', 'attachments', 'docx-2024.docx');
    const r = await extractAttachment({ bytes: readFileSync(file), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const ms = r.record?.metrics ?? [];
    expect(ms.length).toBeGreaterThan(0);
    const { locateInText } = await import('../../src/serve/locate.js');
    const { targetOf } = await import('../../src/serve/source.js');
    const text = documentText(r.mainText);
    expect(documentTextMap(r.mainText).text).toBe(text);
    for (const m of ms) {
      expect(m.source.posIn, m.key).toBe('document_text');
      const at = text.slice(m.source.pos!.start, m.source.pos!.end);
      expect(keyOf(at, true), `${m.key}: "${at}"`).toContain(keyOf(m.raw, true));
      // `ogi serve` marks it in the text read from the file, where the position counts
      const shown = locateInText(text, targetOf({ raw: m.raw, locator_json: JSON.stringify(m.source) }), 'the text read from the file');
      expect(shown.stored && shown.found, m.key).toBe(true);
      expect(shown.text).toBe(at);
    }
  });
});
