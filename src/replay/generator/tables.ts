// Owns the logical tables of a report: the official 2019/2021 tables (requests, review,
// proactive) and the pre-2019 统计表/附表, as rows of cells with the real rowspan/colspan
// structure. Rendering to a layout is layouts.ts's job.
import { COL_KEYS, REVIEW_COLS, REVIEW_GROUPS, requestRows, type StatRow } from './labels.js';
import { change, thousands, wan, wanFixed, type ChangeStyle } from './format.js';
import type { Rng } from './prng.js';
import type { ProactiveValues, RequestsValues, ReviewValues } from './values.js';

export type CellKind = 'head' | 'label' | 'value' | 'blank';
export interface Cell {
  text: string;
  kind: CellKind;
  rowspan?: number;
  colspan?: number;
}
export interface Table {
  role: 'requests' | 'review' | 'proactive' | 'stat' | 'appendix';
  ncols: number;
  rows: Cell[][];
}

const H = (text: string, rowspan?: number, colspan?: number): Cell => ({ text, kind: 'head', rowspan, colspan });
const L = (text: string, rowspan?: number, colspan?: number): Cell => ({ text, kind: 'label', rowspan, colspan });
const V = (text: string, colspan?: number): Cell => ({ text, kind: 'value', colspan });
const B = (): Cell => ({ text: '', kind: 'blank' });

/** Which zero cells are printed blank. 'none' prints every 0. */
export type BlankPolicy = 'none' | 'some' | 'orgs' | 'all';

function blankOrValue(rng: Rng, n: number, policy: BlankPolicy, orgColumn: boolean): Cell {
  if (n !== 0 || policy === 'none') return V(String(n));
  if (policy === 'all') return B();
  if (policy === 'orgs') return orgColumn ? B() : V('0');
  return rng.chance(0.5) ? B() : V('0');
}

export interface RequestsTableOpts {
  blanks: BlankPolicy;
  /** header cell stating the identity, or the short variant */
  identityHeader: boolean;
  /** one label cell per row (CMS-built tables), no merged group labels */
  flatLabels?: boolean;
}

export function requestsTable(rng: Rng, era: '2019' | '2021', t: RequestsValues, o: RequestsTableOpts): Table {
  const rows: Cell[][] = [];
  rows.push([H(o.identityHeader ? '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）' : '', 3, 3), H('申请人情况', undefined, 7)]);
  rows.push([H('自然人', 2), H('法人或其他组织', undefined, 5), H('总计', 2)]);
  rows.push([H('商业企业'), H('科研机构'), H('社会公益组织'), H('法律服务机构'), H('其他')]);
  const defs = requestRows(era);
  const first = defs.findIndex((r) => r.key === 'granted');
  const last = defs.findIndex((r) => r.key === 'processed');
  const groupCount = new Map<string, number>();
  for (const r of defs) if (r.group && !r.group.startsWith('三')) groupCount.set(r.group, (groupCount.get(r.group) ?? 0) + 1);
  const seen = new Set<string>();
  defs.forEach((r, i) => {
    const cells: Cell[] = [];
    if (o.flatLabels) cells.push(L(r.group && !r.group.startsWith('三') && !seen.has(r.group) ? (seen.add(r.group), `${r.group}${r.label}`) : r.label, undefined, 3));
    else if (i < first || i > last) cells.push(L(r.label, undefined, 3));
    else {
      if (i === first) cells.push(L('三、本年度办理结果', last - first + 1));
      const sub = r.group && !r.group.startsWith('三') ? r.group : undefined;
      if (sub) {
        if (!seen.has(sub)) {
          seen.add(sub);
          cells.push(L(sub, groupCount.get(sub)));
        }
        cells.push(L(r.label));
      } else cells.push(L(r.label, undefined, 2));
    }
    for (const c of COL_KEYS) cells.push(c === 'total' ? V(String(t[r.key][c])) : blankOrValue(rng, t[r.key][c], o.blanks, c !== 'natural_person'));
    rows.push(cells);
  });
  return { role: 'requests', ncols: 10, rows };
}

export function reviewTable(rng: Rng, v: ReviewValues, blanks: BlankPolicy, splitHeads: boolean): Table {
  const h = (s: string) => (splitHeads && s.length === 4 ? `${s.slice(0, 2)} ${s.slice(2)}` : s);
  const rows: Cell[][] = [];
  rows.push([H('行政复议', undefined, 5), H('行政诉讼', undefined, 10)]);
  rows.push([...REVIEW_COLS.map((c) => H(h(c.label), 2)), H('未经复议直接起诉', undefined, 5), H('复议后起诉', undefined, 5)]);
  rows.push([...REVIEW_COLS, ...REVIEW_COLS].map((c) => H(h(c.label))));
  const vals: Cell[] = [];
  for (const g of REVIEW_GROUPS) for (const c of REVIEW_COLS) vals.push(c.key === 'total' ? V(String(v[g.key][c.key])) : blankOrValue(rng, v[g.key][c.key], blanks, true));
  rows.push(vals);
  return { role: 'review', ncols: 15, rows };
}

export interface ProactiveTableOpts {
  changeStyle: ChangeStyle;
  /** procurement amount printed with 万元 in the cell (else the unit is in the header) */
  amountInCell: boolean;
  /** large decision counts with thousands separators (918,197) */
  thousands?: boolean;
}

export function proactiveTable(era: '2019' | '2021', p: ProactiveValues, o: ProactiveTableOpts): Table {
  const rows: Cell[][] = [];
  const sec = (s: string) => rows.push([L(s, undefined, 4)]);
  if (era === '2019') {
    sec('第二十条第（一）项');
    rows.push([H('信息内容'), H('本年新制作数量'), H('本年新公开数量'), H('对外公开总数量')]);
    for (const [k, l] of [['regulations', '规章'], ['normative_docs', '规范性文件']] as const) rows.push([L(l), V(String(p[k].made)), V(String(p[k].published)), V(String(p[k].public_total))]);
    for (const [s, items] of [['第二十条第（五）项', [['licensing', '行政许可'], ['other_services', '其他对外管理服务事项']]], ['第二十条第（六）项', [['penalty', '行政处罚'], ['coercion', '行政强制']]]] as const) {
      sec(s);
      rows.push([H('信息内容'), H('上一年项目数量'), H('本年增/减'), H('处理决定数量')]);
      for (const [k, l] of items) rows.push([L(l), V(String(p[k].prev_items)), V(change(p[k].change, o.changeStyle)), V(o.thousands ? thousands(p[k].decisions) : String(p[k].decisions))]);
    }
    sec('第二十条第（八）项');
    rows.push([H('信息内容'), H('上一年项目数量'), H('本年增/减', undefined, 2)]);
    rows.push([L('行政事业性收费'), V(String(p.fees.prev_items)), V(change(p.fees.change, o.changeStyle), 2)]);
    sec('第二十条第（九）项');
    rows.push([H('信息内容'), H('采购项目数量'), H(o.amountInCell ? '采购总金额' : '采购总金额（万元）', undefined, 2)]);
    const amt = wan(p.procurement.amount_yuan);
    rows.push([L('政府集中采购'), V(String(p.procurement.projects)), V(o.amountInCell && p.procurement.amount_yuan ? `${amt}万元` : amt, 2)]);
  } else {
    sec('第二十条第（一）项');
    rows.push([H('信息内容'), H('本年制发件数'), H('本年废止件数'), H('现行有效件数')]);
    for (const [k, l] of [['regulations', '规章'], ['normative_docs', '行政规范性文件']] as const) rows.push([L(l), V(String(p[k].issued)), V(String(p[k].repealed)), V(String(p[k].in_force))]);
    sec('第二十条第（五）项');
    rows.push([H('信息内容'), H('本年处理决定数量', undefined, 3)]);
    const dec = (n: number) => (o.thousands ? thousands(n) : String(n));
    rows.push([L('行政许可'), V(dec(p.licensing.decisions), 3)]);
    sec('第二十条第（六）项');
    rows.push([H('信息内容'), H('本年处理决定数量', undefined, 3)]);
    rows.push([L('行政处罚'), V(dec(p.penalty.decisions), 3)]);
    rows.push([L('行政强制'), V(dec(p.coercion.decisions), 3)]);
    sec('第二十条第（八）项');
    rows.push([H('信息内容'), H('本年收费金额（单位：万元）', undefined, 3)]);
    rows.push([L('行政事业性收费'), V(o.amountInCell ? wanFixed(p.fees.amount_yuan) : wan(p.fees.amount_yuan), 3)]);
  }
  return { role: 'proactive', ncols: 4, rows };
}

export interface StatTableOpts {
  /** header of the value column(s) */
  heads: [string, string] | [string];
  /** cumulative values for the second column, by row index */
  cumulative?: (row: StatRow, value: number) => number;
  role: 'stat' | 'appendix';
  headingDash: boolean;
}

/** A 统计指标 | 单位 | 统计数 table; `values` keyed by metric key or `x.*` extras (by row index). */
export function statTable(defs: readonly StatRow[], value: (row: StatRow, i: number) => number | undefined, o: StatTableOpts): Table {
  const two = o.heads.length === 2;
  const rows: Cell[][] = [[H('统计指标'), H('单位'), ...o.heads.map((h) => H(h))]];
  defs.forEach((r, i) => {
    if (r.heading) {
      rows.push([L(r.label), o.headingDash ? V('—') : B(), ...o.heads.map(() => (o.headingDash ? V('—') : B()))]);
      return;
    }
    const v = value(r, i) ?? 0;
    const fmt = (n: number) => (r.wan ? wanFixed(n) : String(n));
    const cells = [L(r.label), L(r.unit), V(fmt(v))];
    if (two) cells.push(V(fmt(o.cumulative ? o.cumulative(r, v) : v)));
    rows.push(cells);
  });
  return { role: o.role, ncols: two ? 4 : 3, rows };
}

/** Typographic habits of one portal's tables: ASCII or full-width brackets, '．' numbering, quote marks, the 部分公开 note dropped. */
export interface LabelStyle {
  asciiParens: boolean;
  fullStop: boolean;
  quotes: 'curly' | 'straight' | 'corner' | 'single';
  dropNote: boolean;
  /** a stray space inside long labels (line wraps in Word) */
  wrapSpace: boolean;
}

export function randomLabelStyle(rng: Rng): LabelStyle {
  const plain = rng.chance(0.45);
  return {
    asciiParens: !plain && rng.chance(0.4),
    fullStop: !plain && rng.chance(0.25),
    quotes: plain ? 'curly' : rng.pick(['curly', 'straight', 'corner', 'single'] as const),
    dropNote: !plain && rng.chance(0.3),
    wrapSpace: !plain && rng.chance(0.25),
  };
}

function styleLabel(text: string, s: LabelStyle, rng: Rng): string {
  let t = text;
  if (s.dropNote) t = t.replace('（区分处理的，只计这一情形，不计其他情形）', '');
  if (s.asciiParens) t = t.replace(/（/g, '(').replace(/）/g, ')');
  if (s.fullStop) t = t.replace(/^(\d)\./, '$1．');
  if (s.quotes === 'straight') t = t.replace(/[“”]/g, '"');
  else if (s.quotes === 'corner') t = t.replace(/“/g, '「').replace(/”/g, '」');
  else if (s.quotes === 'single') t = t.replace(/“/g, '‘').replace(/”/g, '’');
  if (s.wrapSpace && t.length > 12 && rng.chance(0.3)) {
    const k = rng.int(6, t.length - 4);
    t = `${t.slice(0, k)} ${t.slice(k)}`;
  }
  return t;
}

/** Applies a label style to every label and head cell of a table (values untouched). */
export function styleTable(t: Table, s: LabelStyle, rng: Rng): Table {
  return { ...t, rows: t.rows.map((r) => r.map((c) => (c.kind === 'label' || c.kind === 'head' ? { ...c, text: styleLabel(c.text, s, rng) } : c))) };
}
