// Owns re-cutting a line in which the official 2019/2021 tables were flattened with no
// separator between cells (a crawler's text of an HTML page: `…申请数量713000074二、上年结转…`)
// into labels and runs of figures, as if each row stood on its own line. A run keeps the
// spaces it has ("200 000121"); the table readers split it into cells with the table's own
// identities (split.ts). Only the stretch from a table's first header to the next report
// section is cut; the prose around it stays prose.
import { FLAT_HEADER_WORDS, FLAT_TABLE_END, FLAT_TABLE_START, PROACTIVE_ROWS, REQUEST_ROWS, REVIEW_HEADER } from './labels.js';
import { compact } from './normalize.js';
import { stripNumbering } from './tokens.js';

export interface FlatPiece { kind: 'label' | 'value' | 'prose'; text: string }

// a run of figures: digits, decimals, minus signs and the spaces between them (a money cell may carry 元/万元)
const RUN = /-?\d+(?:\.\d+)?(?:\s*-?\d+(?:\.\d+)?)*(?:万元|元)?/g;
// list numbering inside a label: 一、 / (三) (a new label starts there)
const ENUM_INSIDE = /(?<=[^第\s])(?=[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))/g;
// a figure followed by a counting unit is prose ("申请21件"), never a table cell
const PROSE_FIGURE = /\d\s*(件|条|个|次|人|家|项|份|篇|余|多|万(?!元))/;

// brackets and stops left between two header words ("行政诉讼(未经复议直接起诉)") are not labels
const PUNCT_ONLY = /^[\s()、,:;\-—]*$/;

/** Cuts a table label into its header words and the text between them. */
function cutLabel(text: string, out: FlatPiece[]): void {
  for (const part of text.split(ENUM_INSIDE)) {
    let last = 0;
    FLAT_HEADER_WORDS.lastIndex = 0;
    for (const m of part.matchAll(FLAT_HEADER_WORDS)) {
      const gap = part.slice(last, m.index).trim();
      if (gap && !PUNCT_ONLY.test(gap)) out.push({ kind: 'label', text: gap });
      out.push({ kind: 'label', text: m[0] });
      last = m.index! + m[0].length;
    }
    const rest = part.slice(last).trim();
    if (rest && !PUNCT_ONLY.test(rest)) out.push({ kind: 'label', text: rest });
  }
}

/** Cuts the table stretch of a flattened line; null when the line holds no flattened table. */
export function cutFlattened(line: string): FlatPiece[] | null {
  const start = FLAT_TABLE_START.exec(line);
  if (!start) return null;
  const out: FlatPiece[] = [];
  let pos = 0;
  let from = start.index;
  let cut = false;
  while (from < line.length) {
    const sub = line.slice(from);
    const s = FLAT_TABLE_START.exec(sub);
    if (!s) break;
    const begin = from + s.index;
    const endRel = FLAT_TABLE_END.exec(line.slice(begin + s[0].length));
    const end = endRel ? begin + s[0].length + endRel.index : line.length;
    const window = line.slice(begin, end);
    const pieces = cutWindow(window);
    if (pieces) {
      const before = line.slice(pos, begin).trim();
      if (before) out.push({ kind: 'prose', text: before });
      out.push(...pieces);
      pos = end;
      cut = true;
    }
    from = Math.max(end, begin + s[0].length);
  }
  if (!cut) return null;
  const after = line.slice(pos).trim();
  if (after) out.push({ kind: 'prose', text: after });
  return out;
}

/** Labels and runs of one table stretch, or null when it reads as prose. */
function cutWindow(w: string): FlatPiece[] | null {
  if (PROSE_FIGURE.test(w)) return null;
  const out: FlatPiece[] = [];
  let last = 0;
  let runs = 0;
  let carry = ''; // list numbering cut from the end of a run ("00000002.其他…" → "2." opens the next label)
  RUN.lastIndex = 0;
  for (const m of w.matchAll(RUN)) {
    let run = m[0];
    const label = carry + w.slice(last, m.index);
    carry = '';
    last = m.index! + run.length;
    // a run right before "N." or "N、" and a label: its last digit numbers that label
    if (/^[.、]\D/.test(w.slice(last, last + 2)) && /\d$/.test(run)) {
      carry = run.slice(-1);
      run = run.slice(0, -1).trimEnd();
    }
    if (label.trim()) cutLabel(label, out);
    if (run) { out.push({ kind: 'value', text: run }); runs++; }
  }
  const rest = carry + w.slice(last);
  if (rest.trim()) cutLabel(rest, out);
  // a table has rows of figures, or one run under a header of its own words (the review table)
  const headerHits = out.filter((p) => p.kind === 'label' && isHeaderWord(p.text)).length;
  return runs >= 3 || (runs >= 1 && headerHits >= 3) ? out : null;
}

function isHeaderWord(text: string): boolean {
  FLAT_HEADER_WORDS.lastIndex = 0;
  const m = FLAT_HEADER_WORDS.exec(text);
  FLAT_HEADER_WORDS.lastIndex = 0;
  return m !== null && m[0] === text;
}

/** A short line that is only header words run together ("结果维持结果纠正…总计"): its words. */
export function headerWords(label: string): string[] | null {
  const out: FlatPiece[] = [];
  cutLabel(label, out);
  if (out.length < 2) return null;
  const words = out.filter((p) => isHeaderWord(p.text));
  return words.length >= 2 && words.length === out.length ? out.map((p) => p.text) : null;
}

// a row label followed by its figures, glued on or spaced ("1.属于国家秘密0000 0 00")
// (a change column prints its sign as 增/减)
const ROW_LINE = /^(.*?[^\d\s.\-增减])\s*(-?\d+(?:\.\d+)?(?:\s*(?:增|减|-)?\d+(?:\.\d+)?)*)$/;

/** Whether a label names a row of an official table. */
function isRowLabel(label: string): boolean {
  const s = stripNumbering(compact(label));
  return REQUEST_ROWS.some((r) => r.re.test(s)) || PROACTIVE_ROWS.some((r) => r.re.test(s)) || REVIEW_HEADER.test(s);
}

/**
 * A line that is one row of an official table with its figures at the end, whether or not a
 * space separates them from the label: the label and the run of figures; null otherwise.
 */
export function tableRowLine(line: string): [string, string] | null {
  if (line.length > 120 || /[。;]/.test(line)) return null;
  const m = ROW_LINE.exec(line.trim());
  return m && isRowLabel(m[1]) ? [m[1].trim(), m[2]] : null;
}
