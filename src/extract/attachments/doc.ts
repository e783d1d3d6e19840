// Owns reading binary Word files (.doc, and Kingsoft .wps, which is Word-compatible) through
// a system converter found at run time: LibreOffice (soffice → HTML with real tables), else
// catdoc (text, table rows tab-separated), else antiword (text, tables as '|' lines).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blocksToHtml, type Block } from './blocks.js';
import { run, which } from './tools.js';
import { AttachmentError, type AttachmentDoc, type AttachmentKind } from './types.js';

export type DocConverter = 'soffice' | 'catdoc' | 'antiword';
export const DOC_CONVERTERS: DocConverter[] = ['soffice', 'catdoc', 'antiword'];

export const DOC_NEEDS = 'DOC/WPS needs a converter: LibreOffice (apt-get install libreoffice-writer-nogui), or catdoc (apt-get install catdoc), or antiword (apt-get install antiword)';

async function findSoffice(): Promise<string | null> {
  return (await which('soffice')) ?? (await which('libreoffice'));
}

/** The converters installed here, best first. */
export async function docConverters(): Promise<DocConverter[]> {
  const out: DocConverter[] = [];
  if (await findSoffice()) out.push('soffice');
  if (await which('catdoc')) out.push('catdoc');
  if (await which('antiword')) out.push('antiword');
  return out;
}

/** `only` restricts the converters tried (tests; an empty list behaves as if none were installed). */
export async function readDoc(bytes: Buffer, kind: AttachmentKind, prefer?: DocConverter, only?: DocConverter[]): Promise<AttachmentDoc> {
  const have = (await docConverters()).filter((c) => !only || only.includes(c));
  const order = prefer ? [prefer] : have;
  if (!order.length || (prefer && !have.includes(prefer))) throw new AttachmentError(prefer ? `${prefer} is not installed; ${DOC_NEEDS}` : DOC_NEEDS, kind);
  const dir = await mkdtemp(join(tmpdir(), 'ogi-doc-'));
  const errors: string[] = [];
  try {
    const src = join(dir, `in.${kind === 'wps' ? 'wps' : 'doc'}`);
    await writeFile(src, bytes);
    for (const conv of order) {
      try {
        const html = conv === 'soffice' ? await viaSoffice(src, dir) : textToHtml((await run(conv, conv === 'catdoc' ? ['-d', 'utf-8', '-w', src] : ['-m', 'UTF-8.txt', '-w', '0', src], { timeoutMs: 60_000 })).stdout.toString('utf8'));
        const warnings = errors.length ? [`converter(s) failed before ${conv}: ${errors.join('; ')}`] : [];
        if (conv === 'antiword') warnings.push('read with antiword, which drops rows of tables with merged cells: install catdoc or LibreOffice for complete tables');
        return { kind, html, flags: [], warnings };
      } catch (e) {
        errors.push(`${conv}: ${(e as Error).message}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  throw new AttachmentError(`${kind.toUpperCase()} could not be converted (corrupted?): ${errors.join('; ')}`, kind);
}

async function viaSoffice(src: string, dir: string): Promise<string> {
  const bin = (await findSoffice())!;
  const out = join(dir, 'out');
  // a private profile per run: concurrent conversions do not fight over the lock
  await run(bin, ['--headless', '--norestore', '--nolockcheck', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'html', '--outdir', out, src], { timeoutMs: 180_000 });
  const files = (await readdir(out)).filter((f) => f.endsWith('.html'));
  if (!files.length) throw new Error('soffice wrote no HTML (unreadable document?)');
  return (await readFile(join(out, files[0]))).toString('utf8');
}

/** Converter text → HTML: tab-separated or '|' rows become tables, other lines paragraphs. */
export function textToHtml(text: string): string {
  const blocks: Block[] = [];
  let table: Block & { t: 'table' } | null = null;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\f/g, '');
    const tabbed = line.includes('\t');
    const piped = /^\s*\|.*\|\s*$/.test(line);
    if (tabbed || piped) {
      const cells = piped ? line.trim().slice(1, -1).split('|') : line.split('\t');
      table ??= { t: 'table', rows: [] };
      table.rows.push(cells.map((c) => ({ text: c.trim(), rowspan: 1, colspan: 1 })));
      continue;
    }
    if (table && !line.trim()) continue;
    if (table) { blocks.push(table); table = null; }
    if (line.trim()) blocks.push({ t: 'p', text: line.trim() });
  }
  if (table) blocks.push(table);
  return blocksToHtml(blocks);
}
