// Owns reading one page's geometry into items in reading order: ruled tables, then
// borderless (aligned) tables among the remaining lines, then the text lines themselves.
import { groupLines, median, type Line, type PageContent } from './geometry.js';
import { findRuledTables, type PlacedTable } from './ruled.js';
import { findAlignedTables } from './cluster.js';

export type PageItem = { t: 'line'; line: Line } | { t: 'table'; table: PlacedTable };

export interface PageLayout { width: number; height: number; items: PageItem[]; left: number; right: number }

export function layoutPage(p: PageContent): PageLayout {
  const boxes = p.boxes.filter((b) => b.str.trim() !== '' && b.x1 >= b.x0);
  const { tables, used } = findRuledTables(p.rules, boxes);
  const lines = groupLines(boxes.filter((b) => !used.has(b)));
  const left = lines.length ? median(lines.map((l) => l.x0)) : 0;
  const right = lines.length ? Math.max(...lines.map((l) => l.x1)) : p.width;
  const aligned = findAlignedTables(lines, Math.max(right - left, p.width * 0.5), left, p.height);
  const items: PageItem[] = [
    ...tables.map((table) => ({ t: 'table' as const, table })),
    ...aligned.tables.map((table) => ({ t: 'table' as const, table })),
    ...lines.filter((_, i) => !aligned.used.has(i)).map((line) => ({ t: 'line' as const, line })),
  ];
  const topOf = (it: PageItem): number => (it.t === 'line' ? it.line.top : it.table.top);
  items.sort((a, b) => topOf(a) - topOf(b));
  return { width: p.width, height: p.height, items, left, right };
}
