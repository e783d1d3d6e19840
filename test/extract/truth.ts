// Test helper: scoring an extraction against a hand-checked or generated truth (the rules of
// ../shared/eval/score.mjs): exact values, wrong values and whether they carry a flag of doubt,
// missing values, and values under keys the truth leaves out.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Metric } from '../../src/extract/index.js';

/** A folder of ../shared (beside the project root), or null with the reason a test skips. */
export function sharedDir(...parts: string[]): { dir: string; missing: string | null } {
  const dir = resolve(import.meta.dirname, '..', '..', '..', 'shared', ...parts);
  return { dir, missing: existsSync(dir) ? null : `skipped: ${dir} is absent (real documents reach the project only through ../shared)` };
}

/** Flags that say the extractor doubts a value (flags that only say where it came from are not doubt). */
export const DOUBT = /check_failed|uncertain|unreadable|disagree|doubt|conflict|ocr|approximate|suspect/;
export const doubted = (m: Metric): boolean => m.flags.some((f) => DOUBT.test(f));

export interface Score { values: number; exact: number; wrong: string[]; unflagged: string[]; missing: string[] }

/** Scores the metrics against the truth's values (keys prefixed `prose.` are the text's second opinion, not scored). */
export function scoreMetrics(metrics: Metric[], truth: Record<string, number>): Score {
  const got = new Map(metrics.map((m) => [m.key, m]));
  const s: Score = { values: 0, exact: 0, wrong: [], unflagged: [], missing: [] };
  for (const [k, v] of Object.entries(truth)) {
    s.values++;
    const m = got.get(k);
    if (!m || m.value === null) s.missing.push(k);
    else if (m.value === v) s.exact++;
    else {
      s.wrong.push(`${k}: want ${v} got ${m.value} [${m.flags.join(',')}]`);
      if (!doubted(m)) s.unflagged.push(`${k}: want ${v} got ${m.value}`);
    }
  }
  return s;
}

/**
 * Values the extractor gives under keys the truth leaves out, among the keys `judged` says the
 * truth would list. A 0 read from a blank cell (flag `blank`, as metrics.md prescribes where the
 * table's identities hold) and a value flagged with doubt are not inventions.
 */
export function unexpectedValues(metrics: Metric[], truth: Record<string, number>, judged: (key: string) => boolean): string[] {
  return metrics
    .filter((m) => m.value !== null && !(m.key in truth) && !m.key.startsWith('prose.') && judged(m.key))
    .filter((m) => !m.flags.includes('blank') && !doubted(m))
    .map((m) => `${m.key}=${m.value} [${m.flags.join(',')}]`);
}

/** Keys of the 2019/2021 official tables (requests, review, proactive), where a truth lists every cell. */
export const MODERN_TABLE_KEY = /^requests\.(new_received|carried_over|granted|partial|denied\.[a-z_]+|unable\.[a-z_]+|not_processed\.[a-z_]+|other(\.[a-z_]+)?|processed|carried_forward)\.(natural_person|commercial|research|social_org|legal_service|other_org|total)$|^review\.(reconsideration|litigation_direct|litigation_after_reconsideration)\.|^proactive\.(regulations|normative_docs|licensing|other_services|penalty|coercion|fees|procurement)\./;

// Keys only one era prints (a report states request channels in its text in every era). The 2019/2021 tables split every request row by applicant and
// count processed / carried rows and two kinds of litigation; pre-2019 reports count answers,
// channels and one litigation figure. Proactive columns differ between 2019 and 2021.
const MODERN_ONLY = /^requests\.[a-z_.]+\.(natural_person|commercial|research|social_org|legal_service|other_org)$|^requests\.(processed|carried_over|carried_forward|unable|not_processed)\.|^requests\.other\.|^review\.(litigation_direct|litigation_after_reconsideration)\./;
const PRE2019_ONLY = /^requests\.(answered|already_public|not_this_agency|not_exist|correction_notice|other_channel|closed)\.|^review\.(litigation|complaint)\.|^requests\.denied\.total$/;
const ONLY_2019 = /^proactive\.[a-z_]+\.(made|public_total|prev_items|change|projects)$|^proactive\.(other_services|procurement)\.|^requests\.other\.(natural_person|commercial|research|social_org|legal_service|other_org|total)$/;
const ONLY_2021 = /^proactive\.[a-z_]+\.(issued|repealed|in_force)$|^requests\.other\.(overdue_correction|overdue_fee|other)\./;

/** Keys a report of `era` cannot print: a value under one of them is read from the wrong era. */
export function foreignToEra(era: string): (key: string) => boolean {
  if (era === 'pre2019') return (k) => MODERN_ONLY.test(k) || ONLY_2021.test(k);
  if (era === '2019') return (k) => PRE2019_ONLY.test(k) || ONLY_2021.test(k);
  if (era === '2021') return (k) => PRE2019_ONLY.test(k) || ONLY_2019.test(k);
  return () => false;
}
