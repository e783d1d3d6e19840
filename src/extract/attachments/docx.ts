// Owns reading .docx: the zip is checked against the unpacking caps first (limits.ts), then
// mammoth converts the document to HTML (paragraphs, real tables with merged cells: gridSpan →
// colspan, vMerge → rowspan), which the HTML extractor reads as it is. mammoth reads the parts
// through our own unzipping (limits.ts), which first gives every table row that skips grid
// columns (w:gridBefore / w:gridAfter, which mammoth ignores) an empty cell over them, so a
// row's cells stay in their true columns (and vMerge continuations under them join the right
// cell) instead of sliding left. Tables that were pasted
// into Word as text (one paragraph per row, a tab between cells, as "keep text only" gives)
// become real tables again, so their rows are not read as one cell.
import * as cheerio from 'cheerio';
import { esc } from './blocks.js';
import { checkZip, DOCX_CAPS, unzipEntry, type ZipEntry } from './limits.js';
import { AttachmentError, type AttachmentDoc } from './types.js';

export async function readDocx(bytes: Buffer): Promise<AttachmentDoc> {
  const entries = await checkZip(bytes, 'docx', DOCX_CAPS);
  let mammoth: typeof import('mammoth');
  try {
    mammoth = await import('mammoth');
  } catch (e) {
    throw new AttachmentError('DOCX support needs the npm package mammoth@1.13.0 (npm install mammoth@1.13.0)', 'docx', { cause: e });
  }
  let res: { value: string; messages: Array<{ type: string; message: string }> };
  try {
    const m = ((mammoth as unknown as { default?: typeof mammoth }).default ?? mammoth);
    // images are never read (no figures come from them): their bytes are not inflated nor inlined as base64
    // mammoth 1.13 opens `{ file }` as an already opened zip (lib/unzip.js): exists/read/write/toArrayBuffer
    res = await m.convertToHtml({ file: docxParts(bytes, entries) } as unknown as { buffer: Buffer }, { convertImage: m.images.imgElement(async () => ({ src: '' })) });
  } catch (e) {
    throw new AttachmentError(`DOCX is corrupted or not a Word document: mammoth could not read it (${(e as Error).message})`, 'docx', { cause: e });
  }
  const warnings = res.messages.filter((m) => m.type === 'error').map((m) => m.message).slice(0, 20);
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"/></head><body>\n${tabbedParagraphsToTables(res.value)}\n</body></html>`;
  return { kind: 'docx', html, flags: [], warnings };
}

/** The DOCX's parts as mammoth reads them, each unzipped when read; XML parts with grid skips placed. */
function docxParts(bytes: Buffer, entries: ZipEntry[]): object {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const written = new Map<string, string>();
  const data = (name: string): Buffer => {
    const w = written.get(name);
    if (w !== undefined) return Buffer.from(w, 'utf8');
    const e = byName.get(name);
    if (!e) throw new AttachmentError(`DOCX has no part ${name}`, 'docx');
    const raw = unzipEntry(bytes, e, 'docx');
    if (!/\.xml$/i.test(name)) return raw;
    const xml = raw.toString('utf8');
    return /<w:grid(?:Before|After)\b/.test(xml) ? Buffer.from(placeGridSkips(xml), 'utf8') : raw;
  };
  return {
    exists: (name: string): boolean => byName.has(name) || written.has(name),
    read: async (name: string, encoding?: string): Promise<string | Uint8Array> => {
      const d = data(name);
      if (encoding === 'base64') return d.toString('base64');
      if (encoding) return new TextDecoder(encoding).decode(d);
      return new Uint8Array(d.buffer, d.byteOffset, d.length);
    },
    write: (name: string, contents: string): void => { written.set(name, contents); },
    toArrayBuffer: async (): Promise<ArrayBuffer> => { throw new AttachmentError('DOCX parts are read only', 'docx'); },
  };
}

const emptyCell = (span: number): string => `<w:tc><w:tcPr>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}</w:tcPr><w:p/></w:tc>`;

/**
 * Gives each table row that skips grid columns an empty cell spanning them: after its
 * <w:trPr> for w:gridBefore, before its </w:tr> for w:gridAfter. Word draws nothing there; mammoth
 * would otherwise start the row's first cell in grid column 0 (and attach a vMerge continuation
 * to the wrong cell above). Nested tables are followed row by row.
 */
export function placeGridSkips(xml: string): string {
  const inserts: Array<{ at: number; text: string }> = [];
  const stack: Array<{ before: number; after: number; cellsAt: number }> = [];
  const TAG = /<w:tr(?=[\s>\/])[^>]*>|<\/w:tr>|<\/w:trPr>|<w:trPr\/>|<w:grid(Before|After)\b[^>]*>/g;
  for (const m of xml.matchAll(TAG)) {
    const tag = m[0], at = m.index!;
    const top = stack[stack.length - 1];
    if (tag.startsWith('<w:tr') && !tag.startsWith('<w:trPr')) {
      if (!tag.endsWith('/>')) stack.push({ before: 0, after: 0, cellsAt: at + tag.length });
    } else if (tag === '</w:trPr>' || tag === '<w:trPr/>') {
      if (top) top.cellsAt = at + tag.length;
    } else if (m[1]) {
      const n = Number(/w:val="(\d+)"/.exec(tag)?.[1] ?? 0);
      if (top && n > 0 && n < 64) { if (m[1] === 'Before') top.before = n; else top.after = n; }
    } else if (tag === '</w:tr>') {
      const row = stack.pop();
      if (!row) continue;
      if (row.before) inserts.push({ at: row.cellsAt, text: emptyCell(row.before) });
      if (row.after) inserts.push({ at, text: emptyCell(row.after) });
    }
  }
  if (!inserts.length) return xml;
  inserts.sort((a, b) => a.at - b.at);
  let out = '', from = 0;
  for (const ins of inserts) { out += xml.slice(from, ins.at) + ins.text; from = ins.at; }
  return out + xml.slice(from);
}

/**
 * Rebuilds tables that were put into Word as text, one paragraph per row:
 * - runs of two or more top-level paragraphs that contain tabs become one <table>, a row per
 *   paragraph and a cell per tab-separated field. Empty fields stay empty cells (a table pasted
 *   as text keeps one tab per cell, so a blank cell is a field of its own and the columns stay
 *   in place); rows shortened by a merged label keep their figures at the right end, as the
 *   page's table grid does;
 * - runs of two or more paragraphs whose fields are separated by runs of spaces (a table typed
 *   or pasted as aligned text), at least one of them ending in a figure, become a <pre> block,
 *   which the extractor reads by column position as it reads aligned text in a page.
 *   A short caption line between two such paragraphs (第二十条第（八）项) stays in the block;
 * Paragraphs inside tables, and a lone tabbed or spaced line (a signature and date), are left
 * as they are.
 */
export function tabbedParagraphsToTables(body: string): string {
  if (!/\t| {2}|\u3000{2}/.test(body)) return body;
  const $ = cheerio.load(body, null, false);
  const top = $.root().children().toArray();
  type El = (typeof top)[number];
  const kindOf = (el: El): 'tab' | 'spaced' | null => {
    if (el.type !== 'tag' || el.tagName !== 'p') return null;
    const t = $(el).text();
    if (!t.replace(/[\t\s]/g, '')) return null;
    if (t.includes('\t')) return 'tab';
    if (/\S(?: {2,}|\u3000{2,}|[ \u3000]{3,})\S/.test(t.trim())) return 'spaced';
    return null;
  };
  let run: El[] = [];
  let kind: 'tab' | 'spaced' | null = null;
  const flush = (): void => {
    const texts = run.map((p) => $(p).text());
    if (run.length >= 2 && kind === 'tab') {
      const rows = texts.map((t) => `<tr>${t.split('\t').map((c) => `<td>${esc(c.replace(/\s+/g, ' ').trim())}</td>`).join('')}</tr>`);
      $(run[0]).before(`<table>${rows.join('')}</table>`);
      for (const p of run) $(p).remove();
    } else if (run.length >= 2 && kind === 'spaced' && texts.some((t) => /\d[\s\u3000]*$/.test(t))) {
      $(run[0]).before(`<pre>${esc(texts.map((t) => t.replace(/\s+$/, '')).join('\n'))}</pre>`);
      for (const p of run) $(p).remove();
    }
    run = [];
    kind = null;
  };
  top.forEach((el, i) => {
    const k = kindOf(el);
    if (k && (k === kind || !run.length)) { run.push(el); kind = k; return; }
    // a short caption line between two aligned blocks stays in the block, as in the page's <pre>
    if (!k && kind === 'spaced' && i + 1 < top.length && kindOf(top[i + 1]) === 'spaced' && el.type === 'tag' && el.tagName === 'p' && $(el).text().trim().length <= 30 && !/[。；;]/.test($(el).text()) && !/^\s*[一二三四五六七八九十]+、/.test($(el).text())) { run.push(el); return; }
    flush();
    if (k) { run.push(el); kind = k; }
  });
  flush();
  return $.html();
}
