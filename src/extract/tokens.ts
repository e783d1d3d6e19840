// Owns the token stream the table readers walk: every table cell, and every short line split
// into a label and trailing whitespace-separated figures (tables flattened to one cell per
// line or to aligned columns). Long lines are single 'prose' tokens that end a table.
import { compact, parseCell, type ParsedCell } from './normalize.js';
import type { Doc } from './content.js';
import { cutFlattened, headerWords, tableRowLine } from './flattened.js';

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
  /** `col` is a real grid column (HTML table with spans expanded) */
  grid?: boolean;
}

const MAX_LABEL = 60;

export function tokenize(doc: Doc): Token[] {
  const out: Token[] = [];
  let run = 1000;
  let lineNo = 0;
  for (const item of doc.items) {
    if (item.t === 'table') {
      const t = item.table;
      t.rows.forEach((row, r) => {
        for (const cell of row) {
          if (cell.dup === 'col') continue;
          const parsed = parseCell(cell.text);
          const isVal = parsed.kind !== 'text';
          if (cell.dup === 'row' && isVal) continue;
          const c = compact(cell.text);
          out.push({ kind: isVal ? 'value' : (c.length > MAX_LABEL * 2 ? 'prose' : 'label'), text: cell.text, c, cell: parsed, table: t.index, caption: t.caption, row: r, col: cell.col, run: t.index, grid: t.source === 'html' });
        }
      });
      run++;
      continue;
    }
    lineNo++;
    const text = item.line.text;
    const c = compact(text);
    // one row of an official table, its figures glued to the label or after a long label
    const row = !/\d\s*$/.test(text) ? null : /\D\d+$/.test(text.trim()) || c.length > 30 ? tableRowLine(text) : null;
    if (row) {
      out.push({ kind: 'label', text: row[0], c: compact(row[0]), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: 0, run });
      row[1].split(/\s+/).filter(Boolean).forEach((v, j) => out.push({ kind: 'value', text: v, c: v, cell: parseCell(v), table: 0, caption: '', row: lineNo, col: j + 1, run }));
      continue;
    }
    if (c.length > MAX_LABEL || /[。!？]/.test(c) || (/[,;]/.test(c) && c.length > 30)) {
      // official tables flattened into the line: their labels and runs of figures
      const pieces = cutFlattened(text);
      if (pieces) {
        let col = 0;
        for (const p of pieces) {
          if (p.kind === 'prose') {
            out.push({ kind: 'prose', text: p.text, c: compact(p.text), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: col++, run });
            run++;
          } else if (p.kind === 'label') {
            out.push({ kind: 'label', text: p.text, c: compact(p.text), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: col++, run });
          } else {
            for (const chunk of p.text.split(/\s+/).filter(Boolean)) out.push({ kind: 'value', text: chunk, c: chunk, cell: parseCell(chunk), table: 0, caption: '', row: lineNo, col: col++, run });
          }
        }
        run++;
        continue;
      }
      out.push({ kind: 'prose', text, c, cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: 0, run });
      run++;
      continue;
    }
    const parts = text.split(/\s+/).filter(Boolean);
    // header words run together
    if (parts.length === 1) {
      const words = headerWords(parts[0]);
      if (words) {
        for (const w of words) out.push({ kind: 'label', text: w, c: compact(w), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: 0, run });
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
      out.push({ kind: 'label', text: label, c: compact(label), cell: { kind: 'text' }, table: 0, caption: '', row: lineNo, col: 0, run });
    }
    for (let j = k; j < parts.length; j++) {
      out.push({ kind: 'value', text: parts[j], c: parts[j], cell: parsed[j - k], table: 0, caption: '', row: lineNo, col: j - k + (k > 0 ? 1 : 0), run });
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
