// Owns telling the report format from markers in the text, never from the year alone
// (the year is only the last resort when a report carries no marker at all).
import { ERA_MARKERS } from './labels.js';
import type { Format } from './types.js';

export function detectFormat(compactText: string, year: number | null): Format | null {
  if (ERA_MARKERS.f2021.test(compactText)) return '2021';
  if (ERA_MARKERS.f2019.test(compactText)) return '2019';
  if (ERA_MARKERS.tables2019.test(compactText)) return '2019';
  if (ERA_MARKERS.pre2019.test(compactText)) return 'pre2019';
  if (year !== null && year <= 2018) return 'pre2019';
  return null;
}
