// Owns finding, in an archived HTML page, what a stored locator points at, and preparing the
// page for display: a table value's cell (the extractor's table number, grid row and column,
// traced back through the same segmenting to the page's own <td>), a prose value's sentence
// and figure (the stored sentence and raw text searched in the page's text, normalised the way
// the extractor normalises), or a search term. The page is made inert for showing (no <base>,
// no meta refresh, links kept only as data-ogi-href, external images, frames and stylesheets
// dropped; the strict CSP of the snapshot response blocks the rest) and the found element marked with
// id="ogi-hl" (and an empty anchor "ogi-hl-at" inside or before it) so that the frame's
// fragment scrolls to it without any script in the frame.
import * as cheerio from 'cheerio';
import { buildDoc, type DocTable } from '../extract/content.js';
import { toSegments } from '../extract/index.js';
import { normalizeText, compact, isTraditional, parseCell } from '../extract/normalize.js';
import { expandGrid } from '../extract/grid.js';
import { charMap } from '../extract/sourcemap.js';
import { elementPath } from '../extract/html.js';
import { textAt as sourceText } from '../extract/positions.js';

interface Node { type: string; name?: string; data?: string; attribs?: Record<string, string>; children?: Node[]; parent?: Node | null; startIndex?: number | null; endIndex?: number | null }

/** A position the extractor stored (extract/types.ts Placement): the value, its sentence, its cell's element path. */
export interface Stored { pos: { start: number; end: number }; sentencePos?: { start: number; end: number }; path?: string }

export type Target =
  | { type: 'table'; table: number; rowIndex: number; colIndex: number; raw?: string; stored?: Stored; noPos?: string }
  | { type: 'prose'; sentence: string; raw: string; stored?: Stored; noPos?: string }
  | { type: 'text'; text: string };

export interface Located {
  /** The page, inert, with the target marked (or unmarked when not found). */
  html: string;
  found: boolean;
  /** How it was found, or why not. */
  how: string;
  /** The marked text (cell text, or the figure inside its sentence). */
  text: string | null;
  /** Character offsets of the marked text in the page's decoded text content (body text nodes joined). */
  offsets: [number, number] | null;
  /** The element path of the marked cell (table values): e.g. table[5]/tr[4]/td[2], 1-based among siblings of that name. */
  path: string | null;
  /** The page's text content (body text nodes joined, before marking): what `offsets` count in. */
  pageText: string;
  /** The marked value's range in the decoded snapshot text (stored by the extractor, or the marked text's when found at view time). */
  source: [number, number] | null;
  /** Whether the mark comes from the position the extractor stored (false: found at view time from the locator). */
  stored: boolean;
}

// as the extractor parses (extract/html.ts), so that stored element paths and source offsets name the same nodes
const PARSE_OPTS = { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false, withStartIndices: true, withEndIndices: true } };
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'select', 'option', 'textarea']);
const HL_STYLE = `<style id="ogi-hl-style">#ogi-hl,.ogi-hl{outline:3px solid #d00 !important;background:#ff0 !important;color:#000 !important}.ogi-sentence{background:#fff3a0 !important;color:#000 !important}</style>`;

/** The matching form of a text: normalised like the extractor (simplified, half-width) and without white space. */
export function matchKey(s: string): string {
  return compact(normalizeText(s, true)).replace(/\s+/g, '');
}

function textOf(n: Node): string {
  let s = '';
  const rec = (nodes: Node[] | undefined): void => {
    for (const c of nodes ?? []) {
      if (c.type === 'text') s += c.data ?? '';
      else if (c.type === 'tag' && !SKIP.has(c.name ?? '')) { if (c.name === 'br' || c.name === 'p' || c.name === 'div') s += ' '; rec(c.children); }
    }
  };
  rec(n.children);
  return s.replace(/[ \t\r\n\f]+/g, ' ').trim();
}

function tags(n: Node, name: string, into: Node[] = [], stopAt?: string): Node[] {
  for (const c of n.children ?? []) {
    if (c.type !== 'tag') continue;
    if (c.name === name) into.push(c);
    if (stopAt && c.name === stopAt) continue;
    tags(c, name, into, stopAt);
  }
  return into;
}

interface DomTable { node: Node; rows: Array<{ cells: Array<{ node: Node; text: string; c: number; origin: boolean }> }> }

/** A <table> without nested tables as a grid with the <td> each position came from, empty rows left out like the extractor does. */
function domTable(t: Node): DomTable | null {
  if (tags(t, 'table').length) return null;
  const trs = tags(t, 'tr');
  const src = trs.map((tr) => (tr.children ?? []).filter((c) => c.type === 'tag' && (c.name === 'td' || c.name === 'th')));
  const grid = expandGrid(src.map((cells) => cells.map((c) => ({ text: textOf(c), rowspan: Number(c.attribs?.rowspan) || 1, colspan: Number(c.attribs?.colspan) || 1 }))));
  const rows: DomTable['rows'] = [];
  grid.forEach((row, r) => {
    // the origin positions of a source row, left to right, are its cells in source order
    const origins = row.filter((g) => !g.pad && g.or === r && g.oc === g.c).map((g) => g.c);
    const nodeAt = new Map(origins.map((c, k) => [c, src[r][k]]));
    const cells = row.filter((g) => !g.pad).map((g) => ({
      node: g.or === r ? nodeAt.get(g.oc) as Node : (() => { const or = grid[g.or]; const o = or.filter((x) => !x.pad && x.or === g.or && x.oc === x.c).map((x) => x.c); return src[g.or][o.indexOf(g.oc)]; })(),
      text: g.text, c: g.c, origin: g.or === r && g.oc === g.c,
    }));
    if (cells.some((c) => c.text !== '')) rows.push({ cells });
  });
  return { node: t, rows };
}

const rowSig = (cells: Array<{ text: string; origin: boolean }>): string => cells.filter((c) => c.origin).map((c) => matchKey(c.text)).join('|');
const docSig = (t: DocTable): string => t.rows.map((r) => rowSig(r.map((c) => ({ text: c.text, origin: c.dup === 'none' })))).join('\n');

/** The text nodes a reader sees, in order, with their offsets in the joined text. */
function textNodes(root: Node): Array<{ node: Node; start: number }> {
  const out: Array<{ node: Node; start: number }> = [];
  let pos = 0;
  const rec = (nodes: Node[] | undefined): void => {
    for (const c of nodes ?? []) {
      if (c.type === 'text') { out.push({ node: c, start: pos }); pos += (c.data ?? '').length; }
      else if (c.type === 'tag' && !SKIP.has(c.name ?? '') && !/display\s*:\s*none/i.test(c.attribs?.style ?? '')) rec(c.children);
    }
  };
  rec(root.children);
  return out;
}

/** The page's text in matching form, with each matching character's [start, end) in the joined text nodes. */
function matchText(nodes: Array<{ node: Node; start: number }>, trad: boolean): { key: string; from: number[]; to: number[] } {
  let key = '';
  const from: number[] = [];
  const to: number[] = [];
  for (const { node, start } of nodes) {
    const data = node.data ?? '';
    for (let i = 0; i < data.length;) {
      const cp = data.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      const n = (cp < 0x80 || (cp >= 0x4e00 && cp <= 0x9fff && !trad)) ? ch : compact(normalizeText(ch, trad));
      for (const k of n.replace(/\s+/g, '')) { key += k; from.push(start + i); to.push(start + i + ch.length); }
      i += ch.length;
    }
  }
  return { key, from, to };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Wraps [start, end) ranges of the joined text in <mark>s; the first range's first piece gets id="ogi-hl" when `id`. */
function wrapRanges($: cheerio.CheerioAPI, nodes: Array<{ node: Node; start: number }>, ranges: Array<{ start: number; end: number; cls: string; id?: boolean }>): void {
  let idDone = false;
  for (const { node, start } of nodes) {
    const data = node.data ?? '';
    const end = start + data.length;
    const cuts = new Set([0, data.length]);
    const hit = ranges.filter((r) => r.start < end && r.end > start);
    if (!hit.length) continue;
    for (const r of hit) { cuts.add(Math.max(0, r.start - start)); cuts.add(Math.min(data.length, r.end - start)); }
    const pts = [...cuts].sort((a, b) => a - b);
    let out = '';
    for (let k = 0; k + 1 < pts.length; k++) {
      const a = pts[k], b = pts[k + 1];
      let piece = esc(data.slice(a, b));
      for (const r of hit) {
        if (r.start - start <= a && r.end - start >= b) {
          const id = r.id && !idDone ? (idDone = true, ' id="ogi-hl"') : '';
          piece = `${id ? '<a id="ogi-hl-at"></a>' : ''}<mark class="${r.cls}"${id}>${piece}</mark>`;
        }
      }
      out += piece;
    }
    $(node as never).replaceWith(out);
  }
}

/** Makes the page inert for display: no <base>, no meta refresh, no live links, and the highlight style. */
function inert($: cheerio.CheerioAPI): void {
  $('base').remove();
  $('meta[http-equiv]').each((_, el) => { if (/refresh|content-security-policy|set-cookie/i.test($(el).attr('http-equiv') ?? '')) $(el).remove(); });
  $('meta[charset]').remove();
  $('meta[http-equiv="Content-Type" i]').remove();
  $('[href]').each((_, el) => {
    const e = $(el);
    if ((el as unknown as Node).name === 'a' || (el as unknown as Node).name === 'area') { e.attr('data-ogi-href', e.attr('href') ?? ''); e.removeAttr('href'); }
  });
  // What the CSP would block anyway is removed before layout: an image, frame or stylesheet that
  // fails to load later changes the layout after the frame has scrolled to the mark.
  $('img[src], image[src], input[src], iframe[src], frame[src], embed[src], object[data], video[src], audio[src], source[src], source[srcset], img[srcset]').each((_, el) => {
    const e = $(el);
    for (const a of ['src', 'srcset', 'data']) {
      const v = e.attr(a);
      if (v !== undefined && !/^data:/i.test(v.trim())) { e.attr(`data-ogi-${a}`, v); e.removeAttr(a); }
    }
  });
  $('link[rel~="stylesheet" i], link[rel~="preload" i], link[rel~="prefetch" i], link[rel~="icon" i]').remove();
  const head = $('head');
  if (head.length) head.prepend('<meta charset="utf-8">').append(HL_STYLE);
  else $.root().prepend(`<meta charset="utf-8">${HL_STYLE}`);
}

function findTable(html: string, root: Node, t: { table: number; rowIndex: number; colIndex: number }): { node: Node; how: string } | { node: null; how: string } {
  const { segs } = toSegments(html, true);
  const doc = buildDoc(segs);
  const tables = doc.items.flatMap((i) => (i.t === 'table' ? [i.table] : []));
  const want = tables.find((x) => x.index === t.table);
  if (!want) return { node: null, how: t.table === 0 ? 'a value of the loose text lines' : `the page has no table ${t.table} (it has ${tables.length})` };
  if (want.source !== 'html') return { node: null, how: `table ${t.table} is read from text lines (${want.source}), not from a <table>` };
  const sig = docSig(want);
  const nth = tables.filter((x) => x.index < t.table && x.source === 'html' && docSig(x) === sig).length;
  let seen = 0;
  for (const el of tags(root, 'table')) {
    const dt = domTable(el);
    if (!dt || dt.rows.map((r) => rowSig(r.cells)).join('\n') !== sig) continue;
    if (seen++ < nth) continue;
    const row = dt.rows[t.rowIndex];
    const cell = row?.cells.find((c) => c.c === t.colIndex);
    if (!cell) return { node: null, how: `table ${t.table} has no cell at row ${t.rowIndex}, column ${t.colIndex}` };
    return { node: cell.node, how: `table ${t.table}, row ${t.rowIndex}, column ${t.colIndex}` };
  }
  return { node: null, how: `table ${t.table} was not found among the page's <table> elements` };
}

/**
 * A table value read from text lines (loose lines: table 0; or a table the extractor assembled
 * from aligned or pipe-separated lines): the items of the main text before it are found in the
 * page text in order (each advancing the position), then the cells of its row up to the value.
 * Returns the value's range in the matching text.
 */
function findInLines(html: string, m: { key: string }, t: { table: number; rowIndex: number; colIndex: number }): { range: [number, number]; how: string } | { range: null; how: string } {
  const doc = buildDoc(toSegments(html, true).segs);
  let pos = 0;
  const advance = (text: string): void => { const k = matchKey(text); if (!k) return; const i = m.key.indexOf(k, pos); if (i >= 0) pos = i + k.length; };
  const sequence = (seq: string[], target: number, what: string): { range: [number, number]; how: string } | { range: null; how: string } => {
    for (let i = 0; i < seq.length; i++) {
      const k = matchKey(seq[i]);
      if (!k) continue;
      const at = m.key.indexOf(k, pos);
      if (at < 0) return { range: null, how: `${what}: "${seq[i]}" not found in the page text` };
      if (i === target) return { range: [at, at + k.length], how: what };
      pos = at + k.length;
    }
    return { range: null, how: `${what}: no such cell` };
  };
  let lineNo = 0;
  for (const item of doc.items) {
    if (item.t === 'line') {
      lineNo++;
      if (t.table === 0 && lineNo === t.rowIndex) {
        const parts = item.line.text.split(/\s+/).filter(Boolean);
        // the figures are the trailing parts; the label (if any) is the rest joined, col 1.. the figures
        // as the extractor's tokenizer splits it: trailing parts that read as a figure, a blank mark or a garbled figure
        let k = parts.length;
        while (k > 0) { const p = parseCell(parts[k - 1]); if (p.kind !== 'number' && p.kind !== 'na' && p.kind !== 'garbled') break; k--; }
        const seq = k > 0 ? [parts.slice(0, k).join(''), ...parts.slice(k)] : parts;
        return sequence(seq, t.colIndex, `line ${t.rowIndex}, figure ${t.colIndex}`);
      }
      advance(item.line.text);
      continue;
    }
    const tb = item.table;
    const cells = (r: DocTable['rows'][number]) => r.filter((c) => c.dup === 'none');
    if (tb.index === t.table) {
      for (let r = 0; r < t.rowIndex && r < tb.rows.length; r++) for (const c of cells(tb.rows[r])) advance(c.text);
      const row = tb.rows[t.rowIndex];
      if (!row) return { range: null, how: `table ${t.table} has no row ${t.rowIndex}` };
      const cs = cells(row);
      const target = cs.findIndex((c) => c.col === t.colIndex);
      if (target < 0) return { range: null, how: `table ${t.table} has no cell at row ${t.rowIndex}, column ${t.colIndex}` };
      return sequence(cs.map((c) => c.text), target, `table ${t.table} (${tb.source}), row ${t.rowIndex}, column ${t.colIndex}, found by its text`);
    }
    for (const r of tb.rows) for (const c of cells(r)) advance(c.text);
  }
  return { range: null, how: t.table === 0 ? `the page has no line ${t.rowIndex}` : `the page has no table ${t.table}` };
}

/** The element an element path (extract/html.ts elementPath) names, or null. */
function byPath(root: Node, path: string): Node | null {
  let cur: Node | null = root;
  for (const part of path.split('/')) {
    const m = /^([a-z0-9:_-]+)\[(\d+)\]$/i.exec(part);
    if (!m || !cur) return null;
    const named: Node[] = (cur.children ?? []).filter((c: Node) => c.type === 'tag' && c.name === m[1]);
    cur = named[Number(m[2]) - 1] ?? null;
  }
  return cur;
}

/** The page-text range of what lies in [start, end) of the decoded source (text nodes only). */
function sourceToPage(nodes: Array<{ node: Node; start: number }>, src: string, start: number, end: number): [number, number] | null {
  let a = -1, b = -1;
  for (const { node, start: ps } of nodes) {
    const ns = node.startIndex, ne = typeof node.endIndex === 'number' ? node.endIndex + 1 : null;
    if (typeof ns !== 'number' || ne === null || ne <= start || ns >= end) continue;
    const data = node.data ?? '';
    const m = charMap({ text: src, trad: false }, { start: ns, end: ne, data });
    for (let i = 0; i < data.length; i++) {
      if (m.from[i] >= start && m.to[i] <= end) { if (a < 0) a = ps + i; b = ps + i + 1; }
    }
  }
  return a >= 0 ? [a, b] : null;
}

/** Marks a position the extractor stored; null when it no longer fits the page (then the caller searches). */
function markStored($: cheerio.CheerioAPI, root: Node, body: Node, html: string, st: Stored, isTable: boolean, raw: string): Omit<Located, 'html' | 'pageText'> | null {
  const nodes = textNodes(body);
  const joined = nodes.map((n) => n.node.data ?? '').join('');
  const value = sourceToPage(nodes, html, st.pos.start, st.pos.end);
  // a position that no longer shows the printed value (the page decoded otherwise) is not used
  if (!matchKey(value ? joined.slice(value[0], value[1]) : sourceText(html, st.pos, true)).includes(matchKey(raw))) return null;
  const where = `characters ${st.pos.start}–${st.pos.end} of the snapshot`;
  if (isTable && st.path) {
    const cell = byPath(root, st.path);
    if (!cell || typeof cell.startIndex !== 'number' || cell.startIndex > st.pos.start || (cell.endIndex ?? -1) + 1 < st.pos.end) return null;
    cell.attribs = { ...(cell.attribs ?? {}), id: 'ogi-hl', class: `${cell.attribs?.class ?? ''} ogi-hl`.trim() };
    $(cell as never).prepend('<a id="ogi-hl-at"></a>');
    return { found: true, how: `stored position: cell ${st.path}, ${where}`, text: textOf(cell), offsets: value, path: st.path, source: [st.pos.start, st.pos.end], stored: true };
  }
  if (!value) return null;
  const ranges: Array<{ start: number; end: number; cls: string; id?: boolean }> = [];
  const sentence = st.sentencePos ? sourceToPage(nodes, html, st.sentencePos.start, st.sentencePos.end) : null;
  if (sentence) ranges.push({ start: sentence[0], end: sentence[1], cls: 'ogi-sentence' });
  ranges.push({ start: value[0], end: value[1], cls: 'ogi-hl', id: true });
  wrapRanges($, nodes, ranges);
  return { found: true, how: `stored position: ${sentence ? 'the figure in its sentence, ' : ''}${where}`, text: joined.slice(value[0], value[1]), offsets: value, path: null, source: [st.pos.start, st.pos.end], stored: true };
}

/**
 * Marks ranges of a page's text content in a page made for it (a plain text or an attachment's
 * main text shown in a <pre>): the stored positions count in that text.
 */
export function locateInText(text: string, target: Target | null, what: string): Located {
  const st = target && target.type !== 'text' ? target.stored : undefined;
  const page = `<!DOCTYPE html><html><head></head><body><pre style="white-space:pre-wrap">${esc(text)}</pre></body></html>`;
  // the text a position counts in can differ from the one shown: an attachment's document text is
  // its first version's (documents are shared by texts that differ only in chrome, documents/text.ts)
  const fits = st && st.pos.end <= text.length && matchKey(text.slice(st.pos.start, st.pos.end)).includes(matchKey(target && target.type !== 'text' ? target.raw ?? '' : ''));
  if (!st || !fits) {
    const r = locate(page, target && target.type === 'table' ? { type: 'text', text: target.raw ?? '' } : target && target.type !== 'text' ? { ...target, stored: undefined } : target);
    return st ? { ...r, how: `${r.how.replace(/ — no stored position.*$/, '')} — the stored position does not fit ${what}; found at view time` } : r;
  }
  const $ = cheerio.load(page, PARSE_OPTS);
  const body = tags($.root()[0] as unknown as Node, 'body')[0];
  const nodes = textNodes(body);
  const ranges: Array<{ start: number; end: number; cls: string; id?: boolean }> = [];
  if (st.sentencePos) ranges.push({ start: st.sentencePos.start, end: st.sentencePos.end, cls: 'ogi-sentence' });
  ranges.push({ start: st.pos.start, end: st.pos.end, cls: 'ogi-hl', id: true });
  wrapRanges($, nodes, ranges);
  inert($);
  return { html: $.html(), pageText: text, found: true, how: `stored position: characters ${st.pos.start}–${st.pos.end} of ${what}`, text: text.slice(st.pos.start, st.pos.end), offsets: [st.pos.start, st.pos.end], path: null, source: [st.pos.start, st.pos.end], stored: true };
}

/** Locates the target in the decoded page and returns the page, inert, with the target marked. */
export function locate(html: string, target: Target | null): Located {
  const $ = cheerio.load(html, PARSE_OPTS);
  const root = $.root()[0] as unknown as Node;
  const body = (tags(root, 'body')[0] ?? root);
  const pageText = textNodes(body).map((n) => n.node.data ?? '').join('');
  let res: Omit<Located, 'html' | 'pageText'> = { found: false, how: 'nothing to mark', text: null, offsets: null, path: null, source: null, stored: false };
  const st = target && target.type !== 'text' ? target.stored : undefined;
  const marked = st && st.pos.end <= html.length ? markStored($, root, body, html, st, target?.type === 'table', target && target.type !== 'text' ? target.raw ?? '' : '') : null;
  if (marked) {
    inert($);
    return { html: $.html(), pageText, ...marked };
  }
  // no stored position (a record extracted before positions were stored, or a value without one): searched now
  const why = st ? 'the stored position does not fit this page; found at view time' : target && target.type !== 'text' ? (target.noPos ? `no stored position (${target.noPos}); found at view time` : 'no stored position (extracted before positions were stored); found at view time') : '';
  if (target?.type === 'table') {
    const r = findTable(html, root, target);
    if (r.node) {
      const nodes = textNodes(body);
      const inside = new Set<Node>();
      const collect = (n: Node): void => { for (const c of n.children ?? []) { if (c.type === 'text') inside.add(c); else collect(c); } };
      collect(r.node);
      const mine = nodes.filter((x) => inside.has(x.node));
      const start = mine[0]?.start ?? null;
      const last = mine[mine.length - 1];
      const offsets: [number, number] | null = start !== null && last ? [start, last.start + (last.node.data ?? '').length] : null;
      res = { found: true, how: r.how, text: textOf(r.node), offsets, path: elementPath(r.node), source: srcRange(r.node), stored: false };
      r.node.attribs = { ...(r.node.attribs ?? {}), id: 'ogi-hl', class: `${r.node.attribs?.class ?? ''} ogi-hl`.trim() };
      $(r.node as never).prepend('<a id="ogi-hl-at"></a>');
    } else {
      const nodes = textNodes(body);
      const sample = nodes.map((n) => n.node.data ?? '').join('').slice(0, 20000);
      const m = matchText(nodes, isTraditional(sample));
      const l = findInLines(html, m, target);
      if (l.range) {
        const offsets: [number, number] = [m.from[l.range[0]], m.to[l.range[1] - 1]];
        wrapRanges($, nodes, [{ start: offsets[0], end: offsets[1], cls: 'ogi-hl', id: true }]);
        res = { found: true, how: l.how, text: nodes.map((n) => n.node.data ?? '').join('').slice(offsets[0], offsets[1]), offsets, path: null, source: null, stored: false };
      } else res = { ...res, how: r.how === l.how ? r.how : `${r.how}; ${l.how}` };
    }
  } else if (target?.type === 'prose' || target?.type === 'text') {
    const nodes = textNodes(body);
    const sample = nodes.map((n) => n.node.data ?? '').join('').slice(0, 20000);
    const m = matchText(nodes, isTraditional(sample));
    const figure = matchKey(target.type === 'prose' ? target.raw : target.text);
    const sentence = target.type === 'prose' ? matchKey(target.sentence) : '';
    let s = sentence ? m.key.indexOf(sentence) : -1;
    let f = -1;
    if (s >= 0) {
      const within = m.key.slice(s, s + sentence.length).indexOf(figure);
      f = within >= 0 && figure ? s + within : -1;
    }
    if (f < 0 && figure) f = m.key.indexOf(figure);
    if (f < 0 && s < 0) res = { ...res, how: target.type === 'prose' ? 'neither the sentence nor the figure was found in the page text' : 'the text was not found in the page' };
    else {
      const ranges: Array<{ start: number; end: number; cls: string; id?: boolean }> = [];
      if (s >= 0) ranges.push({ start: m.from[s], end: m.to[s + sentence.length - 1], cls: 'ogi-sentence', id: f < 0 });
      else s = -1;
      let offsets: [number, number] | null = null;
      let text: string | null = null;
      if (f >= 0) {
        offsets = [m.from[f], m.to[f + figure.length - 1]];
        ranges.push({ start: offsets[0], end: offsets[1], cls: 'ogi-hl', id: true });
        text = nodes.map((n) => n.node.data ?? '').join('').slice(offsets[0], offsets[1]);
      } else if (s >= 0) offsets = [m.from[s], m.to[s + sentence.length - 1]];
      wrapRanges($, nodes, ranges);
      res = { found: true, how: s >= 0 ? (f >= 0 ? 'the sentence and its figure' : 'the sentence (the figure itself not found in it)') : 'the figure (the sentence as stored was not found verbatim)', text, offsets, path: null, source: null, stored: false };
    }
  }
  if (why) res = { ...res, how: `${res.how} — ${why}` };
  inert($);
  return { html: $.html(), pageText, ...res };
}

/** The decoded-source range of an element's content. */
function srcRange(n: Node): [number, number] | null {
  return typeof n.startIndex === 'number' && typeof n.endIndex === 'number' ? [n.startIndex, n.endIndex + 1] : null;
}
