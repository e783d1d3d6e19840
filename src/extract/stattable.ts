// Owns reading pre-2019 tables: the national 统计表 of 2014–2018 (统计指标 | 单位 | 统计数)
// and local appendix tables (附表). Picks the year's column when a table also has a
// cumulative one; a key that appears more than once in a table with different figures is a
// breakdown by sub-unit, not the statistic, and is dropped.
import { CUMULATIVE_COLUMN, PRE2019_ROWS, STAT_ROWS, STAT_SECTIONS, UNIT_CELL, YEAR_COLUMN } from './labels.js';
import { parseCell } from './normalize.js';
import { captionUnit, headerUnit, moneyUnit, readMoney, type MoneyUnit } from './money.js';
import { stripNumbering, type Token } from './tokens.js';
import { tableMetric } from './metric.js';
import type { Metric } from './types.js';

const STAT_TABLE = '统计表';
// local appendix rows first (an empty key: a row naming two statistics, read as none)
const ROWS = [...PRE2019_ROWS, ...STAT_ROWS];
// a row-code column (代码 01, 02 …) is a value column of its own, never the year's
const HEADER_WORD = /^(统计指标|指标名称|指标|项目|单位|计量单位|代码|行次|序号|编号|本年.{0,6}|本期.{0,6}|统计数|数量|数值|累计.{0,6}|历年.{0,6}|上年.{0,6}|(19|20)\d{2}年.{0,6})$/;

export function readStatTables(tokens: Token[]): Metric[] {
  let ctx: 'reconsideration' | 'litigation' | null = null;
  let valueIdx = 0;
  let nValueCols = 1;
  let headerCols: string[] | null = null;
  let looseMoney: MoneyUnit | null = null;
  let pending: { key: string; label: Token; unit: string | null; wan: boolean; vals: Token[] } | null = null;
  const byRun = new Map<number, Map<string, Metric[]>>();
  const finish = (): void => {
    const p = pending;
    pending = null;
    if (!p || !p.vals.length) return;
    const v = p.vals.slice();
    while (v.length > nValueCols && v[0].cell.kind === 'blank') v.shift();
    const tok = v[Math.min(valueIdx, v.length - 1)];
    const isMoney = p.key.endsWith('amount_yuan');
    // money: the unit its label, its unit cell or the header states, else the table's (caption, title row)
    const money = isMoney ? readMoney(tok.text, moneyUnit(p.unit) ?? headerUnit(p.label.c) ?? headerUnit((headerCols ?? []).join('')) ?? (tok.table > 0 ? tok.unit ?? null : looseMoney)) : null;
    const cell = money ? money.cell : parseCell(tok.text, { wanColumn: p.wan });
    if (cell.kind === 'text') return;
    let value: number | null = null, unit: string | null = null;
    const flags: string[] = [];
    if (money && cell.kind === 'number') {
      value = money.value;
      flags.push(...money.flags);
      unit = value === null ? null : 'yuan';
    } else if (cell.kind === 'number') {
      value = cell.value;
      flags.push(...cell.flags);
      unit = p.unit && !p.unit.startsWith('万') ? p.unit : cell.unit === 'yuan' ? null : cell.unit;
    } else flags.push(cell.kind === 'na' ? 'not_applicable' : cell.kind === 'blank' ? 'blank' : 'unreadable');
    const m = tableMetric(p.key, tok, STAT_TABLE, p.label.text, headerCols?.[valueIdx + 2] ?? '统计数', value, unit, flags);
    const runMap = byRun.get(tok.run) ?? new Map<string, Metric[]>();
    byRun.set(tok.run, runMap);
    const list = runMap.get(p.key) ?? [];
    list.push(m);
    runMap.set(p.key, list);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'prose') { finish(); looseMoney = null; continue; }
    if (t.kind === 'value') { if (pending) pending.vals.push(t); continue; }
    const s = stripNumbering(t.c);
    // a unit caption line before a table read from loose lines (<pre>, text)
    const caption = t.table === 0 ? captionUnit(s) : null;
    if (caption) { finish(); looseMoney = caption; continue; }
    if (/^(统计指标|指标名称|项目|单位|计量单位)$/.test(s)) {
      // header row: find which value column is the year's
      finish();
      const cols: string[] = [];
      for (let j = i; j < tokens.length && tokens[j].kind === 'label' && cols.length < 8; j++) {
        const same = t.table > 0 && tokens[j].table === t.table && tokens[j].row === t.row;
        if (!same && !HEADER_WORD.test(tokens[j].c)) break;
        cols.push(tokens[j].c);
      }
      headerCols = cols;
      const valueCols = cols.filter((c) => !/^(统计指标|指标名称|项目|单位|计量单位)$/.test(c));
      const yi = valueCols.findIndex((c) => YEAR_COLUMN.test(c) && !CUMULATIVE_COLUMN.test(c));
      valueIdx = yi >= 0 ? yi : 0;
      nValueCols = Math.max(1, valueCols.length);
      i += cols.length - 1;
      continue;
    }
    if (UNIT_CELL.test(s)) {
      if (pending && !pending.vals.length) { pending.unit = s; pending.wan = /^万/.test(s); }
      continue;
    }
    if (YEAR_COLUMN.test(s) && CUMULATIVE_COLUMN.test(s) === false && s.length <= 8 && pending === null) continue;
    const sec = STAT_SECTIONS.find((x) => x.re.test(s));
    if (sec && s.length <= 40) ctx = sec.ctx;
    finish();
    const row = ROWS.find((r) => r.re.test(s) && (!r.ctx || r.ctx === ctx));
    if (row && row.key && s.length <= 60) {
      pending = { key: row.key, label: t, unit: null, wan: /万元|万条/.test(s) || (row.key.endsWith('amount_yuan') && /万元/.test((headerCols ?? []).join(''))), vals: [] };
    }
  }
  finish();
  const out: Metric[] = [];
  const seen = new Set<string>();
  for (const runMap of byRun.values()) {
    for (const [key, list] of runMap) {
      if (seen.has(key)) continue;
      if (list.length > 1) continue; // repeated within one table: a breakdown by sub-unit
      seen.add(key);
      out.push(list[0]);
    }
  }
  return out;
}
