// Owns reading the three tables of the 2019/2021 formats (requests, review, proactive) from
// the token stream, whatever the layout: HTML grid, '|' lines, one cell per line, aligned
// columns. Rows are anchored on their labels; blanks become 0 (flag 'blank') only where the
// table's identities hold with them; run-together digits are split only when certain.
import {
  PROACTIVE_COLUMNS, PROACTIVE_DEFAULT_COLUMNS, PROACTIVE_ROWS, REQUEST_COLUMNS, REQUEST_GROUPS, REQUEST_ROWS,
  REVIEW_COLUMNS, REVIEW_GROUPS, REVIEW_HEADER,
} from './labels.js';
import { captionUnit, headerUnit, readMoney, type MoneyUnit } from './money.js';
import { evenSplit, splitRunTogether, type SumGroup } from './split.js';
import { requestIdentities } from './checks.js';
import { stripNumbering, type Token } from './tokens.js';
import { dropPaddingColumns, requestColumnOrder, transposeReview } from './tablelayout.js';
import { tableMetric } from './metric.js';
import type { Metric } from './types.js';

const REQ_TABLE = '收到和处理政府信息公开申请情况';
const REV_TABLE = '政府信息公开行政复议、行政诉讼情况';
const PRO_TABLE = '主动公开政府信息情况';

/** One cell placed in a table: the token it came from and how it was read. */
interface Placed { tok: Token; value: number | null; unit: string | null; flags: string[]; raw: string; blankLike: boolean }

/** A row whose run-together digits split more than one way: every split that fits its own sums. */
interface Ambiguous { nums: Token[]; options: number[][] }

/** Picks `n` cells from a row's value tokens: trims padding blanks, splits run-together digits. */
function fitRow(vals: Token[], n: number, groups: SumGroup[]): { cells: Placed[] | null; uncertain: Token[]; ambiguous?: Ambiguous } {
  const v = vals.slice();
  const isBlank = (t: Token): boolean => t.cell.kind === 'blank';
  while (v.length > n && isBlank(v[v.length - 1])) v.pop();
  while (v.length > n && isBlank(v[0])) v.shift();
  if (v.length > n) v.length = n;
  if (v.length === n) {
    return {
      cells: v.map((tok) => {
        const c = tok.cell;
        if (c.kind === 'number') return { tok, value: c.value, unit: c.unit, flags: [...c.flags], raw: tok.text, blankLike: false };
        if (c.kind === 'garbled' || c.kind === 'text') return { tok, value: null, unit: null, flags: ['unreadable'], raw: tok.text, blankLike: false };
        return { tok, value: null, unit: null, flags: [c.kind === 'na' ? 'not_applicable' : 'blank'], raw: tok.text, blankLike: true };
      }),
      uncertain: [],
    };
  }
  const nums = v.filter((t) => !isBlank(t));
  if (nums.length && nums.every((t) => /^\d+$/.test(t.text.trim()))) {
    const sols = splitRunTogether(nums.map((t) => t.text.trim()), n, groups, MAX_SPLITS);
    if (sols.length === 1) return { cells: placeSplit(nums, sols[0]), uncertain: [] };
    if (sols.length > 1 && sols.length < MAX_SPLITS) return { cells: null, uncertain: v, ambiguous: { nums, options: sols } };
  }
  return { cells: null, uncertain: v.length ? v : vals };
}

/** More splits than this and a row is not guessed at. */
const MAX_SPLITS = 48;

/** Cells of one split of run-together chunks, each mapped back to the chunk it came from. */
function placeSplit(nums: Token[], sol: number[], doubt?: boolean[]): Placed[] {
  const cells: Placed[] = [];
  let ci = 0, used = 0;
  sol.forEach((value, k) => {
    let chunk = nums[ci].text.trim();
    if (used >= chunk.length) { ci++; used = 0; chunk = nums[ci].text.trim(); }
    used += String(value).length;
    cells.push({ tok: nums[ci], value, unit: null, flags: doubt?.[k] ? ['uncertain_split'] : [], raw: nums[ci].text.trim(), blankLike: false });
  });
  return cells;
}

/**
 * The split to report when several fit: the first of `options` (already in order of
 * preference); a cell is certain where every option agrees and flagged 'uncertain_split'
 * where they differ.
 */
function bestGuess(a: Ambiguous): Placed[] {
  const first = a.options[0];
  const doubt = first.map((v, k) => a.options.some((o) => o[k] !== v));
  return placeSplit(a.nums, first, doubt);
}

const ROW_SUM: SumGroup = { total: 6, parts: [0, 1, 2, 3, 4, 5] };

function matchRequestRow(c: string, inOtherGroup: boolean): string | null {
  const s = stripNumbering(c);
  for (const r of REQUEST_ROWS) {
    if (!r.re.test(s)) continue;
    if (r.key === 'other.other' && !inOtherGroup) return null;
    return r.key;
  }
  return null;
}

export interface TableRead { metrics: Metric[]; found: boolean }

/** Reads the requests table. */
export function readRequests(tokens: Token[]): TableRead {
  const i0 = tokens.findIndex((t) => t.kind === 'label' && t.c.length <= 40 && /本年新收/.test(t.c));
  if (i0 < 0) return { metrics: [], found: false };
  const rows = new Map<string, { label: Token; vals: Token[] }>();
  let cur: { key: string; label: Token; vals: Token[] } | null = null;
  let otherGroup = false;
  for (let i = i0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'prose') { if (rows.size > 2) break; cur = null; continue; }
    if (t.kind === 'value') { if (cur) cur.vals.push(t); continue; }
    if (rows.has('carried_forward') && (rows.get('carried_forward')!.vals.length > 0)) break;
    if (/行政复议|行政诉讼/.test(t.c) && rows.size > 2) break;
    const key = matchRequestRow(t.c, otherGroup);
    if (key === 'other' || key?.startsWith('other.')) otherGroup = true;
    if (key) {
      const existing = rows.get(key);
      if (existing && existing.vals.length) { cur = null; continue; }
      cur = { key, label: t, vals: [] };
      rows.set(key, cur);
    } else if (REQUEST_GROUPS.test(stripNumbering(t.c))) {
      // group heading: the next label opens the row
      if (cur && cur.vals.length) cur = null;
    } else if (!(cur && cur.vals.length === 0)) cur = null; // else: a wrapped label continues the row
  }
  dropPaddingColumns([...rows.values()].map((r) => r.vals));
  const order = requestColumnOrder(tokens, i0);
  const rowSum: SumGroup = order ? { total: order.indexOf(6), parts: order.map((_, i) => i).filter((i) => order[i] !== 6) } : ROW_SUM;
  const metrics: Metric[] = [];
  const grid = new Map<string, Placed[]>();
  const ambiguous = new Map<string, Ambiguous>();
  const toOfficial = <T>(printed: T[]): T[] => (order ? printed.map((_, official) => printed[order.indexOf(official)]) : printed);
  for (const [key, r] of rows) {
    if (!r.vals.length) continue;
    const fit = fitRow(r.vals, 7, [rowSum]);
    if (fit.cells) fit.cells = toOfficial(fit.cells);
    if (fit.cells) grid.set(key, fit.cells);
    else if (fit.ambiguous) ambiguous.set(key, { nums: fit.ambiguous.nums, options: fit.ambiguous.options.map(toOfficial) });
    if (!fit.cells && !fit.ambiguous) {
      const raw = fit.uncertain.map((t) => t.text).join(' ');
      for (const col of REQUEST_COLUMNS) {
        metrics.push(tableMetric(`requests.${key}.${col.key}`, fit.uncertain[0] ?? r.label, REQ_TABLE, r.label.text, col.label, null, null, ['uncertain_split'], raw));
      }
    }
  }
  resolveSplits(grid, ambiguous);
  for (const key of shortRows(grid)) {
    const r = rows.get(key)!;
    const raw = grid.get(key)!.map((p) => p.raw).join(' ');
    grid.delete(key);
    for (const col of REQUEST_COLUMNS) {
      metrics.push(tableMetric(`requests.${key}.${col.key}`, r.vals[0] ?? r.label, REQ_TABLE, r.label.text, col.label, null, null, ['uncertain_split'], raw));
    }
  }
  resolveRequestBlanks(grid);
  for (const [key, cells] of grid) {
    const label = rows.get(key)!.label.text;
    cells.forEach((p, ci) => {
      const col = REQUEST_COLUMNS[ci];
      metrics.push(tableMetric(`requests.${key}.${col.key}`, p.tok, REQ_TABLE, label, col.label, p.value, p.value === null ? null : 'count', p.flags, p.raw));
    });
  }
  return { metrics, found: true };
}

/**
 * A row whose last cell is empty in a table that prints every other cell has lost a cell
 * (its figures may have slid one column left): it cannot be placed with certainty.
 */
function shortRows(grid: Map<string, Placed[]>): string[] {
  if (grid.size < 10) return [];
  const withBlanks = [...grid].filter(([, cells]) => cells.some((p) => p.blankLike));
  if (withBlanks.length !== 1) return [];
  const [key, cells] = withBlanks[0];
  const blanks = cells.map((p, i) => (p.blankLike && p.flags.includes('blank') ? i : -1)).filter((i) => i >= 0);
  return blanks.length === 1 && blanks[0] === 6 ? [key] : [];
}

/**
 * Rows whose run-together digits split several ways (each fitting its own row sum) are split
 * with the table's column identities (checks.ts): every combination of the rows' splits is
 * tried against each identity whose other rows are known; an identity no combination meets is
 * a published inconsistency and is left out. A row left with one split is certain; otherwise
 * the most plausible split (most requests from natural persons) is kept, its cells flagged
 * 'uncertain_split' where the remaining splits disagree.
 */
function resolveSplits(grid: Map<string, Placed[]>, ambiguous: Map<string, Ambiguous>): void {
  if (!ambiguous.size) return;
  const keys = [...ambiguous.keys()];
  let combos = 1;
  for (const k of keys) combos *= ambiguous.get(k)!.options.length;
  const known = (k: string, c: number, pick: Map<string, number[]>): number | null => {
    const o = pick.get(k);
    if (o) return o[c];
    const p = grid.get(k)?.[c];
    if (!p) return null;
    return p.blankLike ? 0 : p.value;
  };
  if (combos <= 1024) {
    const ids = requestIdentities([...grid.keys(), ...keys]).filter((id) => [...id.lhs, ...id.rhs].some((k) => ambiguous.has(k)));
    // every combination of splits, as indexes into each row's options
    const all: number[][] = [];
    const walk = (i: number, acc: number[]): void => {
      if (i === keys.length) { all.push(acc.slice()); return; }
      for (let j = 0; j < ambiguous.get(keys[i])!.options.length; j++) { acc.push(j); walk(i + 1, acc); acc.pop(); }
    };
    walk(0, []);
    const meets = (combo: number[], id: { lhs: string[]; rhs: string[] }): boolean | null => {
      const pick = new Map(keys.map((k, i) => [k, ambiguous.get(k)!.options[combo[i]]]));
      for (let c = 0; c < 7; c++) {
        const l = id.lhs.map((k) => known(k, c, pick)), r = id.rhs.map((k) => known(k, c, pick));
        if ([...l, ...r].some((x) => x === null)) return null;
        if (l.reduce((a, b) => a! + b!, 0) !== r.reduce((a, b) => a! + b!, 0)) return false;
      }
      return true;
    };
    const usable = ids.filter((id) => all.some((combo) => meets(combo, id) === true));
    const kept = all.filter((combo) => usable.every((id) => meets(combo, id) !== false));
    if (kept.length) {
      keys.forEach((k, i) => {
        const a = ambiguous.get(k)!;
        a.options = [...new Set(kept.map((combo) => combo[i]))].sort((x, y) => x - y).map((j) => a.options[j]);
      });
    }
  }
  for (const [k, a] of ambiguous) {
    // most requests come from natural persons: fewest requests put in the organisation columns first
    a.options.sort((x, y) => x.slice(1, 6).reduce((s, v) => s + v, 0) - y.slice(1, 6).reduce((s, v) => s + v, 0));
    grid.set(k, a.options.length === 1 ? placeSplit(a.nums, a.options[0]) : bestGuess(a));
  }
}

/** Blank cells become 0 when every identity they take part in holds with them as 0; else null. */
function resolveRequestBlanks(grid: Map<string, Placed[]>): void {
  const blanks: Array<[string, number]> = [];
  for (const [k, cells] of grid) cells.forEach((p, c) => { if (p.blankLike) blanks.push([k, c]); });
  if (!blanks.length) return;
  const val = (k: string, c: number): number | null => {
    const p = grid.get(k)?.[c];
    if (!p) return null;
    return p.blankLike ? 0 : p.value;
  };
  const ids = requestIdentities([...grid.keys()]);
  const holds = (k: string, c: number): boolean => {
    // row identity
    const row = grid.get(k)!;
    const rv = row.map((_, ci) => val(k, ci));
    if (rv.every((x) => x !== null)) {
      const s = rv.slice(0, 6).reduce((a, b) => a! + b!, 0)!;
      if (s !== rv[6]) return false;
    }
    for (const id of ids) {
      if (!id.lhs.includes(k) && !id.rhs.includes(k)) continue;
      const l = id.lhs.map((x) => val(x, c));
      const r = id.rhs.map((x) => val(x, c));
      if ([...l, ...r].some((x) => x === null) || !id.lhs.every((x) => grid.has(x)) || !id.rhs.every((x) => grid.has(x))) continue;
      const ls = l.reduce((a, b) => a! + b!, 0), rs = r.reduce((a, b) => a! + b!, 0);
      if (ls !== rs) return false;
    }
    return true;
  };
  // a blank 总计 is 0 only when its row adds up to 0; otherwise it is not printed, not zero
  for (const [k, c] of blanks) {
    if (c !== 6) continue;
    const row = grid.get(k)!;
    const sum = row.slice(0, 6).reduce((s, p) => (s === null || (!p.blankLike && p.value === null) ? null : s + (p.blankLike ? 0 : p.value!)), 0 as number | null);
    row[6].value = sum === 0 ? 0 : null;
    row[6].blankLike = false;
  }
  const rest = blanks.filter(([, c]) => c !== 6);
  const decisions = rest.map(([k, c]) => holds(k, c));
  rest.forEach(([k, c], i) => {
    const p = grid.get(k)![c];
    p.value = decisions[i] ? 0 : null;
  });
}

/** Reads the review table (15 cells: 3 groups × upheld, corrected, other, pending, total). */
export function readReview(tokens: Token[]): TableRead {
  let i0 = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'label' || !/^(行政复议|结果维持)$/.test(t.c)) continue;
    // the header must be followed by more header words
    const next = tokens.slice(i + 1, i + 4);
    if (next.some((n) => n.kind === 'label' && REVIEW_HEADER.test(n.c))) { i0 = i; break; }
  }
  if (i0 < 0) return { metrics: [], found: false };
  const vals: Token[] = [];
  let anchor = tokens[i0];
  for (let i = i0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'prose') { if (vals.some((v) => v.cell.kind !== 'blank')) break; continue; }
    if (t.kind === 'label') {
      if (REVIEW_HEADER.test(t.c)) {
        // header words: blank cells seen so far were header padding; after figures they are row labels (transposed table)
        if (!vals.some((v) => v.cell.kind !== 'blank')) vals.length = 0;
        anchor = t;
        continue;
      }
      if (vals.some((v) => v.cell.kind !== 'blank')) break;
      continue;
    }
    // blank padding cells of a header row are not figures
    if (t.cell.kind === 'blank' && t.table > 0 && t.table === anchor.table && t.row === anchor.row) continue;
    vals.push(t);
  }
  transposeReview(tokens, vals);
  const groups: SumGroup[] = [0, 5, 10].map((b) => ({ total: b + 4, parts: [b, b + 1, b + 2, b + 3] }));
  const fit = fitRow(vals, 15, groups);
  if (fit.ambiguous) fit.cells = bestGuess(fit.ambiguous);
  const metrics: Metric[] = [];
  if (!fit.cells) {
    const raw = fit.uncertain.map((t) => t.text).join(' ');
    REVIEW_GROUPS.forEach((g) => REVIEW_COLUMNS.forEach((c) => metrics.push(tableMetric(`review.${g.key}.${c.key}`, fit.uncertain[0] ?? anchor, REV_TABLE, g.label, c.label, null, null, ['uncertain_split'], raw))));
    return { metrics, found: true };
  }
  const cells = fit.cells;
  // blanks: 0 when the group's identity holds with them as 0
  for (let g = 0; g < 3; g++) {
    const idx = [0, 1, 2, 3, 4].map((k) => g * 5 + k);
    const v = idx.map((k) => (cells[k].blankLike ? 0 : cells[k].value));
    const parts = v.slice(0, 4);
    const partSum = parts.every((x) => x !== null) ? parts.reduce((a, b) => a! + b!, 0)! : null;
    if (cells[idx[4]].blankLike) {
      // a blank total is 0 only when the group adds up to 0
      cells[idx[4]].value = partSum === 0 ? 0 : null;
      cells[idx[4]].blankLike = false;
      v[4] = cells[idx[4]].value;
    }
    const ok = v[4] === null || (partSum !== null && partSum === v[4]);
    for (const k of idx.slice(0, 4)) if (cells[k].blankLike) cells[k].value = ok ? 0 : null;
  }
  cells.forEach((p, k) => {
    const g = REVIEW_GROUPS[Math.floor(k / 5)], c = REVIEW_COLUMNS[k % 5];
    metrics.push(tableMetric(`review.${g.key}.${c.key}`, p.tok, REV_TABLE, g.label, c.label, p.value, p.value === null ? null : 'count', p.flags, p.raw));
  });
  return { metrics, found: true };
}

/** Reads the proactive-disclosure table; `era` picks the default columns when headers are cut. */
export function readProactive(tokens: Token[], era: '2019' | '2021'): TableRead {
  const metrics: Metric[] = [];
  let header: Array<string | null> = [];
  // the money unit the sub-table's header states, and one a caption line among loose lines states
  let headerMoney: MoneyUnit | null = null;
  let looseMoney: MoneyUnit | null = null;
  let inHeader = false;
  let cur: { key: string; label: Token; vals: Token[]; header: Array<string | null>; money: MoneyUnit | null } | null = null;
  let found = false;
  const seen = new Set<string>();
  const finish = (): void => {
    if (!cur || seen.has(cur.key)) { cur = null; return; }
    const r = cur;
    cur = null;
    const rowEra: '2019' | '2021' = r.header.some((h) => h === 'issued' || h === 'repealed' || h === 'in_force') ? '2021'
      : r.header.some((h) => h === 'made' || h === 'published' || h === 'public_total' || h === 'prev_items' || h === 'projects') ? '2019' : era;
    const defaults = PROACTIVE_DEFAULT_COLUMNS[rowEra][r.key] ?? PROACTIVE_DEFAULT_COLUMNS[rowEra === '2019' ? '2021' : '2019'][r.key];
    if (!defaults) return;
    let cols = defaults.slice();
    if (r.header.length >= cols.length && r.header.slice(0, cols.length).every((h) => h)) cols = r.header.slice(0, cols.length) as string[];
    else r.header.forEach((h, i) => { if (h && i < cols.length) cols[i] = h; });
    const v = r.vals.slice();
    while (v.length > cols.length && v[v.length - 1].cell.kind === 'blank') v.pop();
    if (!v.length) return;
    seen.add(r.key);
    found = true;
    if (v.length < cols.length && !cols.includes('amount_yuan') && !cols.includes('change') && v.every((t) => /^\d+$/.test(t.text.trim()))) {
      // run-together digits: no identity ties these cells, so a split is certain only when it is the only one
      const options = rankProactiveSplits(splitRunTogether(v.map((t) => t.text.trim()), cols.length, [], MAX_SPLITS), cols);
      if (options.length && options.length < MAX_SPLITS) {
        const cells = options.length === 1 ? placeSplit(v, options[0]) : bestGuess({ nums: v, options });
        cells.forEach((p, i) => metrics.push(tableMetric(`proactive.${r.key}.${cols[i]}`, p.tok, PRO_TABLE, r.label.text, cols[i], p.value, 'count', p.flags, p.raw)));
        return;
      }
    }
    if (v.length !== cols.length) {
      for (const col of cols) metrics.push(tableMetric(`proactive.${r.key}.${col}`, v[0], PRO_TABLE, r.label.text, col, null, null, ['uncertain_split'], v.map((t) => t.text).join(' ')));
      return;
    }
    v.forEach((tok, i) => {
      const col = cols[i];
      let cell = tok.cell;
      let value: number | null = null, unit: string | null = null;
      const flags: string[] = [];
      if (col === 'amount_yuan') {
        // the column's header, else what the table states outside it (caption, title row)
        const money = readMoney(tok.text, r.money ?? (tok.table > 0 ? tok.unit ?? null : looseMoney));
        cell = money.cell;
        if (cell.kind === 'number') { value = money.value; flags.push(...money.flags); unit = value === null ? null : 'yuan'; }
      } else if (cell.kind === 'number') {
        value = cell.value;
        flags.push(...cell.flags);
        unit = 'count';
      }
      if (cell.kind !== 'number') flags.push(cell.kind === 'na' ? 'not_applicable' : cell.kind === 'blank' ? 'blank' : 'unreadable');
      metrics.push(tableMetric(`proactive.${r.key}.${col}`, tok, PRO_TABLE, r.label.text, col, value, unit, flags));
    });
  };
  for (const t of tokens) {
    if (t.kind === 'prose') { finish(); inHeader = false; looseMoney = null; continue; }
    if (t.kind === 'value') { if (cur) cur.vals.push(t); continue; }
    const s = t.c;
    if (/内容$/.test(s) || /第二十条/.test(s)) { finish(); header = []; headerMoney = null; inHeader = /内容$/.test(s); continue; }
    const row = PROACTIVE_ROWS.find((r) => r.re.test(stripNumbering(s)));
    if (row) { finish(); inHeader = false; cur = { key: row.key, label: t, vals: [], header: header.slice(), money: headerMoney }; continue; }
    if (inHeader) {
      const col = PROACTIVE_COLUMNS.find((c) => c.re.test(s));
      header.push(col ? col.key : null);
      const hu = headerUnit(s);
      if (hu && (!col || col.key === 'amount_yuan')) headerMoney = hu;
      continue;
    }
    // a unit caption line before a table read from loose lines (<pre>, text)
    const caption = t.table === 0 ? captionUnit(s) : null;
    if (caption) { finish(); looseMoney = caption; continue; }
    // a report section heading (二、主动公开…) starts afresh: a caption before an earlier table does not reach past it
    if (t.table === 0 && /^[一二三四五六七八九十]+、/.test(s)) { finish(); looseMoney = null; }
    finish();
  }
  finish();
  return { metrics, found };
}

/**
 * Orders the splits of a proactive row by plausibility: the cumulative column (对外公开总数量,
 * 现行有效件数) holds at least the year's figures; 本年新制作 and 本年新公开 are usually equal;
 * figures of one row are of like size. Implausible splits are dropped only when a plausible one
 * remains. Money rows are never split (their digits carry no such clues).
 */
function rankProactiveSplits(options: number[][], cols: string[]): number[][] {
  const cum = cols.findIndex((c) => c === 'public_total' || c === 'in_force');
  const plausible = cum < 0 ? options : options.filter((o) => o.every((v, i) => i === cum || v <= o[cum]));
  const pool = plausible.length ? plausible : options;
  const made = cols.indexOf('made'), pub = cols.indexOf('published');
  const score = (o: number[]): number => (made >= 0 && pub >= 0 && o[made] !== o[pub] ? 100 : 0) + evenSplit(o);
  return pool.slice().sort((a, b) => score(a) - score(b));
}
