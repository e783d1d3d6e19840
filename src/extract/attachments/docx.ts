// Owns reading .docx: the zip is checked against the unpacking caps first (limits.ts), then
// mammoth converts the document to HTML (paragraphs, real tables with merged cells: gridSpan →
// colspan, vMerge → rowspan), which the HTML extractor reads as it is. Tables that were pasted
// into Word as text (one paragraph per row, a tab between cells, as "keep text only" gives)
// become real tables again, so their rows are not read as one cell.
import * as cheerio from 'cheerio';
import { esc } from './blocks.js';
import { checkZip, DOCX_CAPS } from './limits.js';
import { AttachmentError, type AttachmentDoc } from './types.js';

export async function readDocx(bytes: Buffer): Promise<AttachmentDoc> {
  await checkZip(bytes, 'docx', DOCX_CAPS);
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
    res = await m.convertToHtml({ buffer: bytes }, { convertImage: m.images.imgElement(async () => ({ src: '' })) });
  } catch (e) {
    throw new AttachmentError(`DOCX is corrupted or not a Word document: mammoth could not read it (${(e as Error).message})`, 'docx', { cause: e });
  }
  const warnings = res.messages.filter((m) => m.type === 'error').map((m) => m.message).slice(0, 20);
  const html = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"/></head><body>\n${tabbedParagraphsToTables(res.value)}\n</body></html>`;
  return { kind: 'docx', html, flags: [], warnings };
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
