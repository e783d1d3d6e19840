// Owns the unit of money cells (收费金额, 采购总金额, 收取的费用, 专项经费): where a table states
// it — in the cell (12.5万元), in the column's header (本年收费金额(单位:万元)), in a unit
// caption just before the table or inside its <pre> (单位:万元, (单位:元)), in a title row
// spanning the table — and reading a money cell with it. A nonzero amount whose unit is
// stated nowhere is not guessed: its value is null, flag `uncertain_unit`, its digits kept.
// A zero is zero in any unit.
import { parseCell, type ParsedCell } from './normalize.js';
import { FLAGS } from './types.js';

export type MoneyUnit = 'wan' | 'yuan';

// a caption or title line that ends with the unit: 单位:万元 / (单位:元) / 金额单位:万元 / 表1 …(单位:万元)
const CAPTION = /单位\s*[:：]?\s*(万元|元)\s*[)）\]】]?\s*$/;
// a cell (or a caption line) that is only the unit: (万元) / 单位:万元 / 金额单位:元
const UNIT_ONLY = /^[(（]?(?:金额)?(?:单位\s*[:：]?\s*)?(万元|元)[)）]?$/;

/** The unit a printed unit word names (万元 → wan, 元 → yuan); null for any other word. */
export function moneyUnit(word: string | null | undefined): MoneyUnit | null {
  return word === '万元' ? 'wan' : word === '元' ? 'yuan' : null;
}
const unitOf = (w: string): MoneyUnit => moneyUnit(w)!;

/** The money unit a short caption line or title row states (单位:万元 → wan); null when none. */
export function captionUnit(text: string): MoneyUnit | null {
  const s = text.replace(/\s+/g, '');
  if (!s || s.length > 40) return null;
  const m = CAPTION.exec(s) ?? (/单位/.test(s) ? UNIT_ONLY.exec(s) : null);
  return m ? unitOf(m[1]) : null;
}

/** The money unit a column header states (采购总金额(万元), 本年收费金额(单位:元)); null when none. */
export function headerUnit(text: string): MoneyUnit | null {
  if (/万元/.test(text)) return 'wan';
  if (/单位\s*[:：]?\s*元|[(（]元[)）]/.test(text)) return 'yuan';
  return null;
}

/**
 * The money unit a table states outside its column headers: a unit caption among the short
 * lines just before it, or a title row (one text spanning the row, or a cell holding only the
 * unit) above its first row of figures.
 */
export function tableUnit(before: string[], rows: Array<Array<{ text: string }>>): MoneyUnit | null {
  for (const line of before) {
    const u = captionUnit(line);
    if (u) return u;
  }
  for (const row of rows) {
    const texts = [...new Set(row.map((c) => c.text.trim()).filter(Boolean))];
    if (texts.some((t) => parseCell(t).kind === 'number')) break;
    for (const t of texts) {
      const c = t.replace(/\s+/g, '');
      // a title row spanning the table, or a cell that is only the unit ((万元), 单位:元)
      const only = /单位|^[(（]/.test(c) ? UNIT_ONLY.exec(c) : null;
      const u = texts.length === 1 ? captionUnit(c) : only ? unitOf(only[1]) : null;
      if (u) return u;
    }
  }
  return null;
}

/**
 * Reads a money cell given the unit its column or table states (null: stated nowhere). The
 * cell's own 元/万元 wins; a nonzero figure with no unit anywhere gives null, `uncertain_unit`.
 */
export function readMoney(text: string, stated: MoneyUnit | null): { cell: ParsedCell; value: number | null; flags: string[] } {
  const cell = parseCell(text, { wanColumn: stated === 'wan' });
  if (cell.kind !== 'number') return { cell, value: null, flags: [] };
  const own = /万|元/.test(text);
  if (!own && stated === null && cell.value !== 0) return { cell, value: null, flags: [FLAGS.uncertainUnit] };
  return { cell, value: cell.value, flags: cell.flags };
}
