// Owns recovering how a 2019/2021 table was laid out, before its cells are read: the requests
// table's printed column order (from its header), grid columns that are only padding, and a
// review table printed transposed (one row per result instead of one per group).
import { REQUEST_COLUMNS } from './labels.js';
import { stripNumbering, type Token } from './tokens.js';

/**
 * A grid column that is blank in every row of a table, left of its first figure column, is
 * padding (a row label spanning two columns, or aligned text whose first figure column sits
 * further right); it is dropped from each row so a row missing a cell does not slide into it.
 */
export function dropPaddingColumns(rowVals: Token[][]): void {
  const byTable = new Map<number, Token[][]>();
  for (const v of rowVals) {
    const t = v.find((x) => x.table > 0)?.table;
    if (t !== undefined && v.every((x) => x.table === t)) { const l = byTable.get(t) ?? []; l.push(v); byTable.set(t, l); }
  }
  for (const list of byTable.values()) {
    // padding is surplus: most rows have more cells than the table's 7 columns
    if (list.length < 3 || list.filter((v) => v.length > 7).length * 2 < list.length) continue;
    const firstCol = Math.min(...list.map((v) => v[0].col));
    if (!list.every((v) => v[0].col === firstCol && v[0].cell.kind === 'blank')) continue;
    // only when the rest of the table has figures in the next column
    if (!list.some((v) => v[1] && v[1].cell.kind === 'number')) continue;
    for (const v of list) v.shift();
  }
}

const COLUMN_WORDS: Array<[string, RegExp]> = [
  ['natural_person', /^自然人$/], ['commercial', /^商业企业$/], ['research', /^科研机构$/], ['social_org', /^社会公益组织$/],
  ['legal_service', /^法律服务机构$/], ['other_org', /^其他(组织)?$/], ['total', /^(总计|合计)$/],
];
const OFFICIAL = REQUEST_COLUMNS.map((c) => c.key as string);

/**
 * The requests table's column order as printed, from its header (the words before the first
 * row): `order[i]` is the official column index of printed column i. HTML grids are ordered by
 * grid column (whatever order the header rows come in); flattened headers by reading order,
 * with the organisation columns in place of 法人或其他组织. Null when the header does not
 * name all seven columns (then the official order is assumed).
 */
export function requestColumnOrder(tokens: Token[], i0: number): number[] | null {
  const words: Array<{ key: string; tok: Token }> = [];
  const first = tokens[i0];
  for (let i = i0 - 1; i >= 0 && i >= i0 - 60; i--) {
    const t = tokens[i];
    if (t.kind === 'prose' || (first.table > 0 && t.table !== first.table)) break;
    if (t.kind !== 'label') continue;
    const s = stripNumbering(t.c);
    if (/^法人或其他组织$/.test(s)) { words.unshift({ key: 'ORG', tok: t }); continue; }
    const w = COLUMN_WORDS.find(([, re]) => re.test(s));
    if (w) words.unshift({ key: w[0], tok: t });
  }
  const leaves = words.filter((w) => w.key !== 'ORG');
  let keys: string[];
  if (first.grid && leaves.every((w) => w.tok.grid && w.tok.table === first.table)) {
    // a rowspan repeats a header word in the rows below: same word, same column
    const byKey = new Map<string, number>();
    for (const w of leaves) {
      if (byKey.has(w.key) && byKey.get(w.key) !== w.tok.col) return null;
      byKey.set(w.key, w.tok.col);
    }
    if (byKey.size !== 7 || new Set(byKey.values()).size !== 7) return null;
    keys = [...byKey].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  } else {
    if (new Set(leaves.map((w) => w.key)).size !== 7 || leaves.length !== 7) return null;
    const orgs = leaves.filter((w) => !/^(natural_person|total)$/.test(w.key)).map((w) => w.key);
    const seq: string[] = [];
    const hasGroup = words.some((w) => w.key === 'ORG');
    for (const w of words) {
      if (w.key === 'ORG') seq.push(...orgs);
      else if (!hasGroup || /^(natural_person|total)$/.test(w.key)) seq.push(w.key);
    }
    keys = seq;
  }
  if (keys.length !== 7) return null;
  return keys.map((k) => OFFICIAL.indexOf(k));
}

const REVIEW_ROW_WORDS = [/维持/, /纠正|纠错/, /其他/, /审结/, /总计|合计/];

/**
 * A review table printed transposed (one row per result: 结果维持 | 复议 | 直接起诉 | 复议后起诉)
 * is put back in group order, in place: 5 grid rows of 3 figures whose labels name the results.
 */
export function transposeReview(tokens: Token[], vals: Token[]): void {
  if (vals.length !== 15 || !vals.every((v) => v.table > 0 && v.table === vals[0].table)) return;
  const rows = [...new Set(vals.map((v) => v.row))];
  if (rows.length !== 5 || rows.some((r) => vals.filter((v) => v.row === r).length !== 3)) return;
  const ok = rows.every((r, i) => tokens.some((t) => t.kind === 'label' && t.table === vals[0].table && t.row === r && REVIEW_ROW_WORDS[i].test(t.c)));
  if (!ok) return;
  const byRow = rows.map((r) => vals.filter((v) => v.row === r));
  const out: Token[] = [];
  for (let g = 0; g < 3; g++) for (let c = 0; c < 5; c++) out.push(byRow[c][g]);
  vals.splice(0, 15, ...out);
}
