// Owns telling the report format from the structure of the text, never from when it was
// published: the 2021 and 2019 tables by their own header words and rows; when the text shows
// only what both modern formats share (the requests table, the section names) or was cut
// before its tables, the template it names (国办公开办函〔2021〕30号 / 〔2019〕60号) and then the
// reported year (reports on 2021 onwards use the 2021 format); the pre-2019 statistics and
// sections. The reported year alone only says pre2019 for years before 2019.
import { ERA_MARKERS } from './labels.js';
import type { Format } from './types.js';

export function detectFormat(compactText: string, year: number | null): Format | null {
  const m = ERA_MARKERS;
  if (m.f2021.test(compactText)) return '2021';
  if (m.f2019.test(compactText)) return '2019';
  const tables = m.tables2019.test(compactText);
  const pre = !tables && m.pre2019.test(compactText);
  if (tables || (!pre && m.sections2019.test(compactText))) {
    if (m.notice2021.test(compactText)) return '2021';
    if (m.notice2019.test(compactText)) return '2019';
    if (year !== null && year >= 2019) return year >= 2021 ? '2021' : '2019';
    return tables ? '2019' : null;
  }
  if (m.notice2021.test(compactText)) return '2021';
  if (m.notice2019.test(compactText)) return '2019';
  if (pre) return 'pre2019';
  if (year !== null && year <= 2018) return 'pre2019';
  return null;
}
