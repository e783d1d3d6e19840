// Owns the token stream the table readers walk: every table cell, and every short line split
// into a label and trailing whitespace-separated figures (tables flattened to one cell per
// line or to aligned columns). Long lines are single 'prose' tokens that end a table.
import { compact, parseCell, type ParsedCell } from './normalize.js';
import type { Doc } from './content.js';
import { cutFlattened, headerWords, tableRowLine } from './flattened.js';
import type { SrcRef } from './sourcemap.js';
import type { MoneyUnit } from './money.js';

export interface Token {
  kind: 'label' | 'value' | 'prose';
  text: string;
  c: string;
  cell: ParsedCell;
  /** table ordinal (1-based) or 0 for loose lines */
  table: number;
  caption: string;
  row: number;
  col: number;
  /** run of tokens without prose in between (loose lines), or the table ordinal */
  run: number;
  /** the money unit its table states outside the column headers (caption, title row) */
  unit?: MoneyUnit | null;
  /** `col` is a real grid column (HTML table with spans expanded) */
  grid?: boolean;
  /** where its text is in the page (sourcemap.ts) */
  ref?: SrcRef;
  /** its [start, end) in the main text */
  mt?: [number, number];
}

const MAX_LABEL = 60;

export function tokenize(doc: Doc): Token[] {
  const out: Token[] = [];
  let run = 1000;
  let lineNo = 0;
  for (const item of doc.items) {
    if (item.t === 'table') {
      const t = item.table;
      let rowStart = t.start;
      t.rows.forEach((row, r) => {
        // the main text has each row's own cells joined by ' | ' (content.ts)
        let at = rowStart;
        for (const cell of row) {
          const mt: [number, number] | undefined = cell.dup === 'none' ? [at, at + cell.text.length] : undefined;
          if (cell.dup === 'none') at += cell.text.length + 3;
          if (cell.dup === 'col') continue;
          const parsed = parseCell(cell.text);
          const isVal = parsed.kind !== 'text';
          if (cell.dup === 'row' && isVal) continue;
          const c = compact(cell.text);
          const tok: Token = { kind: isVal ? 'value' : (c.length > MAX_LABEL * 2 ? 'prose' : 'label'), text: cell.text, c, cell: parsed, table: t.index, caption: t.caption, row: r, col: cell.col, run: t.index, grid: t.source === 'html', unit: t.unit };
          if (cell.ref) tok.ref = cell.ref;
          if (mt) tok.mt = mt;
          out.push(tok);
        }
        rowStart += Math.max(0, row.filter((c) => c.dup === 'none').reduce((n, c) => n + c.text.length + 3, 0) - 3) + 1;
      });
      run++;
      continue;
    }
    lineNo++;
    const text = item.line.text;
    const c = compact(text);
    // each token's place in the line, looked up after the one before it
    const lineStart = item.line.start, lineSrc = item.line.src;
    let cur = 0;
    const push = (tok: Token): void => {
      let at = text.indexOf(tok.text, cur);
      if (at < 0) at = text.indexOf(tok.text);
      if (at >= 0 && tok.text) {
        cur = at + tok.text.length;
        tok.mt = [lineStart + at, lineStart + at + tok.text.length];
        if (lineSrc) tok.ref = { src: lineSrc, text, a: at, b: at + tok.text.length };
      }
      out.push(tok);
    };
    // one row of an official table, its figures glued to the label or after a long label
    const row = !/\d\s*$/.test(text) ? null : /\D\d+$/.test(text.trim()) || c.length > 30 ? tableRowLine(text) : null;
    if (row) {
      push({ kind: 'label', text: row[0], c: compact(row[0]), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: 0, run });
      row[1].split(/\s+/).filter(Boolean).forEach((v, j) => push({ kind: 'value', text: v, c: v, cell: parseCell(v), table: 0, caption: '', row: lineNo, col: j + 1, run }));
      continue;
    }
    if (c.length > MAX_LABEL || /[。!？]/.test(c) || (/[,;]/.test(c) && c.length > 30)) {
      // official tables flattened into the line: their labels and runs of figures
      const pieces = cutFlattened(text);
      if (pieces) {
        let col = 0;
        for (const p of pieces) {
          if (p.kind === 'prose') {
            push({ kind: 'prose', text: p.text, c: compact(p.text), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: col++, run });
            run++;
          } else if (p.kind === 'label') {
            push({ kind: 'label', text: p.text, c: compact(p.text), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: col++, run });
          } else {
            for (const chunk of p.text.split(/\s+/).filter(Boolean)) push({ kind: 'value', text: chunk, c: chunk, cell: parseCell(chunk), table: 0, caption: '', row: lineNo, col: col++, run });
          }
        }
        run++;
        continue;
      }
      push({ kind: 'prose', text, c, cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: 0, run });
      run++;
      continue;
    }
    const parts = text.split(/\s+/).filter(Boolean);
    // header words run together
    if (parts.length === 1) {
      const words = headerWords(parts[0]);
      if (words) {
        for (const w of words) push({ kind: 'label', text: w, c: compact(w), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: 0, run });
        continue;
      }
    }
    let k = parts.length;
    const parsed: ParsedCell[] = [];
    while (k > 0) {
      const p = parseCell(parts[k - 1]);
      if (p.kind !== 'number' && p.kind !== 'na' && p.kind !== 'garbled') break;
      parsed.unshift(p);
      k--;
    }
    if (k > 0) {
      const label = parts.slice(0, k).join(' ');
      push({ kind: 'label', text: label, c: compact(label), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: 0, run });
    }
    for (let j = k; j < parts.length; j++) {
      push({ kind: 'value', text: parts[j], c: parts[j], cell: parsed[j - k], table: 0, caption: '', row: lineNo, col: j - k + (k > 0 ? 1 : 0), run });
    }
  }
  return out;
}

/** Strips list numbering ("一、", "(三)", "1.", "其中:") from a compact label. */
const NUMBERING_START = /^[其包一二三四五六七八九十(\d::①②③④⑤⑥⑦⑧⑨⑩]/;
export function stripNumbering(c: string): string {
  if (!NUMBERING_START.test(c)) return c;
  let s = c, prev = '';
  while (s !== prev) {
    prev = s;
    s = s.replace(/^(其中|包括)[::]?/, '').replace(/^[①②③④⑤⑥⑦⑧⑨⑩]/, '').replace(/^[一二三四五六七八九十]+[、.]/, '').replace(/^\(?[一二三四五六七八九十\d]+\)[、.]?/, '').replace(/^\d+[.、]/, '').replace(/^[::]/, '');
  }
  return s;
}
