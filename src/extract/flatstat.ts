// Owns reading a pre-2019 statistics table that a crawler flattened into running text
// (指标名称 计量单位 2011年度 历年累计 主动公开信息数 条 425 1516 其中：1.网站公开 条 …), with
// or without spaces between cells. Cells run together (条4251516, 条41815092.政府公报) are split
// by the table's own rules: no number starts with 0, a year's figure never exceeds its
// cumulative column, the next row's list number (2.) is not a figure, and a row's 其中 rows add
// up to it. A row that more than one split fits is flagged `uncertain_split`.
import { CUMULATIVE_COLUMN, FLAT_STAT_COLUMN, FLAT_STAT_HEADER, FLAT_STAT_UNIT, PRE2019_ROWS, STAT_ROWS } from './labels.js';
import { compact } from './normalize.js';
import { stripNumbering } from './tokens.js';
import { splitRunTogether } from './split.js';
import type { Doc } from './content.js';
import type { Metric } from './types.js';
import { origins } from './metric.js';

const ROWS = [...PRE2019_ROWS, ...STAT_ROWS.filter((r) => !r.ctx)];
// text between two figures that is too long (or a sentence) ends the table
const MAX_LABEL = 40;
// list numbering at the start of a label: 其中：1. / 2、 / (3)
const NUMBERED = /^(?:其中[::]?|包括[::]?)?\s*(?:\((\d{1,2})\)[.、]?|(\d{1,2})\s*[.、．](?!\d))/;
// at most this many splits are tried for one group of rows
const MAX_COMBOS = 20000;

interface Row {
  label: string;
  key: string | null;
  unit: string | null;
  number: number | null;
  raw: string;
  /** every split of the row's figures the table's rules allow (one value per column) */
  cands: number[][];
  /** the table's figures are separated by spaces (no split needed) */
  spaced: boolean;
  parent: number | null;
  chosen: number[] | null;
  certain: boolean;
}

/**
 * Splits of one run of figures into `n` columns; `cum[i]` = column i is a cumulative of column
 * `yearIdx`. In a table whose cells are spaced, a row with fewer figures lost a cell: its
 * figures fill the first columns and the rest are unknown (NaN).
 */
function splits(run: string, n: number, yearIdx: number, cum: boolean[], spacedTable: boolean): number[][] {
  const chunks = run.trim().split(/\s+/);
  if (chunks.length === n) return [chunks.map(Number)];
  if (chunks.length > 1 || spacedTable) {
    return chunks.length < n && yearIdx === 0 ? [[...chunks.map(Number), ...new Array<number>(n - chunks.length).fill(NaN)]] : [];
  }
  const sols = splitRunTogether([chunks[0]], n, [], 64);
  return sols.filter((s) => cum.every((c, i) => !c || s[yearIdx] <= s[i]));
}

interface Header { cols: string[]; yearIdx: number; cum: boolean[]; end: number; code: boolean }

function header(text: string): Header | null {
  const m = FLAT_STAT_HEADER.exec(text);
  if (!m) return null;
  const cols = [...m[2].matchAll(FLAT_STAT_COLUMN)].map((x) => compact(x[0]));
  if (!cols.length) return null;
  let yearIdx = cols.findIndex((c) => !CUMULATIVE_COLUMN.test(c) && !/同比/.test(c));
  if (yearIdx < 0) return null;
  const cum = cols.map((c, i) => i !== yearIdx && /累计/.test(c));
  // a year column followed by nothing but a cumulative one: still two columns
  if (cols.length === 1) yearIdx = 0;
  return { cols, yearIdx, cum, end: (m.index ?? 0) + m[0].length, code: Boolean(m[1]) };
}

/** Strips a row code (01, 02 … in a 代码 column) from the front of a row's figures; null when it is not there. */
function stripCode(run: string, expect: number): { run: string; code: number } | null {
  const t = run.trim();
  const sp = /^(\d+)\s+/.exec(t);
  if (sp) return { run: t.slice(sp[0].length), code: Number(sp[1]) };
  for (const c of [String(expect).padStart(2, '0'), String(expect)]) if (t.startsWith(c) && t.length > c.length) return { run: t.slice(c.length), code: expect };
  return null;
}

/** Reads the rows after a flattened header. */
function readRows(text: string, h: Header): Row[] {
  const rows: Row[] = [];
  const runs: string[] = [];
  const parts = text.split(/(\d+(?:[ \t]+\d+)*)/);
  let label = parts[0] ?? '';
  // open groups: the row a run of numbered rows belongs to, by numbering style (1. or (1))
  let groups: Array<{ parent: number; style: string | null }> = [];
  let lastCode = 0;
  for (let i = 1; i < parts.length; i += 2) {
    let run = parts[i];
    const after = parts[i + 1] ?? '';
    const lab = compact(label);
    // a number under no label yet, before "." / "、" / ")": the list number of the row that follows
    if (!/[\u4e00-\u9fa5]{2}/.test(lab.replace(/^(其中|包括)[::]?/, '')) && /^\s*[.、．)]/.test(after)) { label += run + after; continue; }
    if (lab.length > MAX_LABEL || /[。;!?]/.test(lab)) break;
    const nm = NUMBERED.exec(lab);
    const number = nm ? Number(nm[1] ?? nm[2]) : null;
    const style = nm ? (nm[1] ? 'paren' : 'dot') : null;
    // the next row's list number glued to (or spaced after) this row's figures
    if (/^\s*[.、．]\s*[\u4e00-\u9fa5]/.test(after)) {
      const expect = String(number === null || style !== 'dot' ? 1 : number + 1);
      const spaced = /\s\d+$/.exec(run);
      if (spaced) run = run.slice(0, spaced.index);
      else if (run.endsWith(expect) && run.length > expect.length) run = run.slice(0, -expect.length);
      else break; // a list number that cannot be told from the figures
      label = parts[i].slice(run.length).trim() + after;
    } else label = after;
    let name = stripNumbering(lab.replace(NUMBERED, ''));
    const um = FLAT_STAT_UNIT.exec(name);
    const unit = um ? um[1] : null;
    if (um && name.length > um[1].length + 1) name = name.slice(0, -um[1].length);
    if (!name) break;
    if (h.code) {
      const c = stripCode(run, lastCode + 1);
      if (c) { run = c.run; lastCode = c.code; } else run = '';
    }
    const def = ROWS.find((r) => r.re.test(name));
    const idx = rows.length;
    let parent: number | null = null;
    if (style === null) groups = [{ parent: idx, style: null }];
    else {
      const at = groups.findIndex((g) => g.style === style);
      if (at >= 0) { groups = groups.slice(0, at + 1); parent = groups[at].parent; }
      else if (idx > 0) { parent = idx - 1; groups.push({ parent, style }); }
    }
    runs.push(run);
    rows.push({ label: name, key: def ? def.key || null : null, unit, number, raw: run.trim(), cands: [], spaced: /\s/.test(run.trim()), parent, chosen: null, certain: false });
  }
  const spacedTable = rows.filter((r) => r.spaced).length * 2 > rows.length;
  rows.forEach((r, k) => { r.cands = runs[k] ? splits(runs[k], h.cols.length, h.yearIdx, h.cum, spacedTable) : []; r.spaced = spacedTable; });
  return rows;
}

/**
 * Chooses each row's split: a group (a row and its numbered sub-rows) that adds up in every
 * column decides; else the figure the text states for the same statistic (`hints`); else the
 * split whose figures are closest in length, flagged.
 */
function resolve(rows: Row[], n: number, yearIdx: number, hints: Map<string, number>): void {
  const groups = new Map<number, number[]>();
  rows.forEach((r, i) => { if (r.parent !== null && r.parent !== i) { const g = groups.get(r.parent) ?? []; g.push(i); groups.set(r.parent, g); } });
  for (const [p, kids] of groups) {
    const members = [p, ...kids];
    if (members.some((i) => !rows[i].cands.length || rows[i].cands[0].some(Number.isNaN))) continue;
    const total = members.reduce((a, i) => a * rows[i].cands.length, 1);
    if (total <= 1 || total > MAX_COMBOS) continue;
    const fits: number[][][] = [];
    const pick: number[][] = [];
    const rec = (k: number): void => {
      if (k === members.length) {
        for (let c = 0; c < n; c++) {
          let s = 0;
          for (let j = 1; j < pick.length; j++) s += pick[j][c];
          if (s !== pick[0][c]) return;
        }
        fits.push(pick.slice());
        return;
      }
      for (const cand of rows[members[k]].cands) { pick.push(cand); rec(k + 1); pick.pop(); }
    };
    rec(0);
    if (!fits.length) continue;
    members.forEach((ri, k) => {
      const first = fits[0][k];
      const same = fits.every((f) => f[k].every((v, c) => v === first[c]));
      if (same) { rows[ri].chosen = first; rows[ri].certain = true; }
    });
  }
  for (const r of rows) {
    if (r.chosen) continue;
    if (r.cands.length === 1) { r.chosen = r.cands[0]; r.certain = !r.cands[0].some(Number.isNaN); continue; }
    if (!r.cands.length) continue;
    const hint = r.key ? hints.get(r.key) : undefined;
    const stated = hint === undefined ? [] : r.cands.filter((c) => c[yearIdx] === hint);
    if (stated.length === 1) { r.chosen = stated[0]; r.certain = true; continue; }
    // more than one split fits: the one whose figures are closest in length, flagged
    const spread = (c: number[]): number => { const l = c.map((v) => String(v).length); return Math.max(...l) - Math.min(...l); };
    r.chosen = [...r.cands].sort((a, b) => spread(a) - spread(b))[0];
    r.certain = false;
  }
}

/** Statistics of every flattened 统计表 in the document's text lines; `hints`: figures the text states (key → value). */
export function readFlatStatTables(doc: Doc, hints: Map<string, number> = new Map()): Metric[] {
  const out: Metric[] = [];
  const seen = new Set<string>();
  for (const item of doc.items) {
    if (item.t !== 'line') continue;
    const { text } = item.line;
    if (!/单位/.test(text)) continue;
    const h = header(text);
    if (!h) continue;
    const caption = /([^。\s]{0,40}统计表)[^。]{0,20}$/.exec(text.slice(Math.max(0, h.end - 120), h.end))?.[1] ?? '统计表';
    const body = text.slice(h.end);
    const rows = readRows(body, h);
    resolve(rows, h.cols.length, h.yearIdx, hints);
    const dup = new Map<string, number>();
    for (const r of rows) if (r.key) dup.set(r.key, (dup.get(r.key) ?? 0) + 1);
    // each row's figures in the line, looked up in order after the header
    let cur = h.end;
    const at = rows.map((r) => {
      const i = r.raw ? text.indexOf(r.raw, cur) : -1;
      if (i < 0) return null;
      cur = i + r.raw.length;
      return i;
    });
    rows.forEach((r, ri) => {
      if (!r.key || !r.chosen || seen.has(r.key) || (dup.get(r.key) ?? 0) > 1) return;
      const v = r.chosen[h.yearIdx];
      const flags: string[] = [];
      let value: number | null = Number.isNaN(v) ? null : v;
      if (value === null) flags.push('blank');
      if (!r.certain && value !== null) flags.push('uncertain_split');
      if (r.unit && /^万/.test(r.unit) && value !== null) { value *= 10000; flags.push('converted_wan'); }
      // money with no unit stated in its row: 元 or 万元 is not guessed
      if (r.key.endsWith('amount_yuan') && !r.unit && value !== null && value !== 0) { value = null; flags.push('uncertain_unit'); }
      seen.add(r.key);
      const source: Metric['source'] = { type: 'table', table: 0, tableLabel: caption, row: r.label, column: h.cols[h.yearIdx], rowIndex: ri, colIndex: h.yearIdx, raw: r.raw };
      const a = at[ri];
      if (a !== null) origins.set(source, { ref: item.line.src ? { src: item.line.src, text, a, b: a + r.raw.length } : undefined, mt: [item.line.start + a, item.line.start + a + r.raw.length], raw: r.raw });
      out.push({ key: r.key, value, unit: r.key.endsWith('amount_yuan') ? 'yuan' : r.unit, raw: r.raw, flags, source });
    });
  }
  return out;
}
