// Owns building Metric objects with their provenance from table tokens or prose spans.
import type { Metric } from './types.js';
import type { Token } from './tokens.js';
import type { ParsedCell } from './normalize.js';
import type { SrcRef } from './sourcemap.js';

/** Where a metric's printed text was read: its place in the page and the main text (placed by positions.ts). */
export interface Origin { ref?: SrcRef; mt?: [number, number]; raw?: string; sentence?: { ref?: SrcRef; mt: [number, number] } }
const ORIGIN = Symbol('origin');
/**
 * Each metric's origin, kept on its locator object (copies of a metric share it) under a symbol
 * that is not enumerable: JSON, structured clones and comparisons do not see it.
 */
export const origins = {
  set(source: object, o: Origin): void { Object.defineProperty(source, ORIGIN, { value: o, enumerable: false, configurable: true }); },
  get(source: object): Origin | undefined { return (source as { [ORIGIN]?: Origin })[ORIGIN]; },
};

export function tableMetric(key: string, tok: Token, tableLabel: string, row: string, column: string, value: number | null, unit: string | null, flags: string[], raw?: string): Metric {
  const source: Metric['source'] = { type: 'table', table: tok.table, tableLabel: tok.caption || tableLabel, row, column, rowIndex: tok.row, colIndex: tok.col, raw: raw ?? tok.text };
  origins.set(source, { ref: tok.ref, mt: tok.mt, raw: raw ?? tok.text });
  return { key, value, unit, raw: raw ?? tok.text, flags: [...new Set(flags)], source };
}

export function proseMetric(key: string, value: number | null, unit: string | null, raw: string, flags: string[], start: number, end: number, sentence: string, origin?: Origin): Metric {
  const source: Metric['source'] = { type: 'prose', start, end, sentence, raw };
  if (origin) origins.set(source, origin);
  return { key, value, unit, raw, flags: [...new Set(['from_prose', ...flags])], source };
}

/** Value, unit and flags of a parsed cell; blanks and '/' give null here (callers decide on zero). */
export function cellValue(cell: ParsedCell): { value: number | null; unit: string | null; flags: string[] } {
  if (cell.kind === 'number') return { value: cell.value, unit: cell.unit, flags: cell.flags };
  if (cell.kind === 'blank') return { value: null, unit: null, flags: ['blank'] };
  if (cell.kind === 'na') return { value: null, unit: null, flags: ['not_applicable'] };
  if (cell.kind === 'garbled') return { value: null, unit: null, flags: ['unreadable'] };
  return { value: null, unit: null, flags: [] };
}
