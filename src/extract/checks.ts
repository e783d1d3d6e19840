// Owns evaluating identities on the extracted metrics (requests table per column and per
// row, review table per group, pre-2019 answer breakdown), prose-vs-table agreement and
// plausibility of year and date. A failing identity flags every value it involves.
import type { Check, Metric } from './types.js';

const REQ_COLS = ['natural_person', 'commercial', 'research', 'social_org', 'legal_service', 'other_org', 'total'];
const REV_GROUPS = ['reconsideration', 'litigation_direct', 'litigation_after_reconsideration'];

function sumCheck(name: string, get: (k: string) => number | null, lhs: string[], rhs: string[], detail: string): Check | null {
  const keys = lhs.concat(rhs);
  const vals: number[] = new Array(keys.length);
  let actual = 0, expected = 0;
  for (let i = 0; i < keys.length; i++) {
    const v = get(keys[i]);
    if (v === null || v === undefined) return null; // an identity is evaluated only when every value is known
    vals[i] = v;
    if (i < lhs.length) actual += v; else expected += v;
  }
  const inputs: Record<string, number | null> = {};
  for (let i = 0; i < keys.length; i++) inputs[keys[i]] = vals[i];
  return { name, keys, inputs, expected, actual, held: Math.abs(expected - actual) < 1e-9, detail };
}

/** Result rows of the requests table (the rows that add up to (七)总计). */
const RESULT_ROW = /^(granted|partial|denied\.|unable\.|not_processed\.|other)/;

export interface RowIdentity { name: 'balance' | 'processed_sum'; lhs: string[]; rhs: string[] }

/**
 * The requests table's column identities over the rows present (the one statement of them,
 * used to check a table and to split its run-together cells): new + carried over = processed
 * + carried forward, and processed = the sum of the result rows (when at least five are
 * present; 'other' is one row in 2019 and its sub-rows in 2021).
 */
export function requestIdentities(rows: string[]): RowIdentity[] {
  const results = rows.filter((r) => RESULT_ROW.test(r));
  const hasSub = results.some((r) => r.startsWith('other.'));
  const parts = results.filter((r) => (hasSub ? r !== 'other' : true));
  const out: RowIdentity[] = [{ name: 'balance', lhs: ['new_received', 'carried_over'], rhs: ['processed', 'carried_forward'] }];
  if (parts.length >= 5) out.push({ name: 'processed_sum', lhs: ['processed'], rhs: parts });
  return out;
}

export function runChecks(metrics: Metric[], year: number | null, publishedDate: string | null): Check[] {
  const byKey = new Map<string, Metric>();
  for (const m of metrics) if (!byKey.has(m.key)) byKey.set(m.key, m);
  const get = (k: string): number | null => byKey.get(k)?.value ?? null;
  const has = (k: string): boolean => byKey.has(k);
  // Table identities are evaluated on the table as printed: a blank left null (it could not be
  // 0, see official.ts) counts as 0 here, so that the identity it breaks fails and flags its
  // values. A column that is blank in every row (a table that does not print its 总计) is absent.
  const isBlank = (m: Metric | undefined): boolean => Boolean(m && m.value === null && m.flags.includes('blank'));
  const colOf = (k: string): string => k.slice(0, k.indexOf('.') + 1) + k.slice(k.lastIndexOf('.') + 1);
  const colState = new Map<string, boolean>(); // column → every cell blank
  for (const m of byKey.values()) {
    if (m.source.type !== 'table' || !/^(requests|review)\./.test(m.key)) continue;
    const c = colOf(m.key);
    colState.set(c, (colState.get(c) ?? true) && m.flags.includes('blank'));
  }
  const getTable = (k: string): number | null => {
    const m = byKey.get(k);
    if (!m) return null;
    if (m.value !== null) return m.value;
    return isBlank(m) && m.source.type === 'table' && !colState.get(colOf(k)) ? 0 : null;
  };
  const checks: Check[] = [];
  const push = (c: Check | null): void => { if (c) checks.push(c); };

  // requests table
  const rows = [...new Set(metrics.filter((m) => m.key.startsWith('requests.') && m.key.endsWith('.natural_person')).map((m) => m.key.slice('requests.'.length, -'.natural_person'.length)))];
  if (rows.length) {
    for (const r of rows) {
      push(sumCheck(`requests.row_total.${r}`, getTable, [`requests.${r}.total`], REQ_COLS.slice(0, 6).map((c) => `requests.${r}.${c}`), 'total = natural_person + commercial + research + social_org + legal_service + other_org'));
    }
    const ids = requestIdentities(rows);
    const detail = { balance: 'new_received + carried_over = processed + carried_forward', processed_sum: 'processed = sum of the outcome rows' };
    for (const c of REQ_COLS) {
      for (const id of ids) push(sumCheck(`requests.${id.name}.${c}`, getTable, id.lhs.map((r) => `requests.${r}.${c}`), id.rhs.map((r) => `requests.${r}.${c}`), detail[id.name]));
    }
  }
  // review table
  for (const g of REV_GROUPS) {
    if (!has(`review.${g}.total`)) continue;
    push(sumCheck(`review.total.${g}`, getTable, [`review.${g}.total`], ['upheld', 'corrected', 'other', 'pending'].map((c) => `review.${g}.${c}`), 'total = upheld + corrected + other + pending'));
  }
  // pre-2019: answers broken down by outcome
  const outcome = ['already_public', 'granted', 'partial', 'denied', 'not_this_agency', 'not_exist', 'correction_notice', 'other_channel'].map((k) => `requests.${k}.total`);
  if (has('requests.answered.total') && outcome.every(has)) {
    push(sumCheck('requests.answered_sum', get, ['requests.answered.total'], outcome, 'answered = sum of the outcomes'));
  }
  // prose against table
  for (const m of metrics) {
    if (!m.key.startsWith('prose.')) continue;
    const base = m.key.slice('prose.'.length);
    const t = byKey.get(base);
    if (!t) continue;
    checks.push({ name: `prose_vs_table.${base}`, keys: [base, m.key], inputs: { [base]: t.value, [m.key]: m.value }, expected: t.value, actual: m.value, held: t.value === m.value, detail: 'figure stated in the text against the table' });
  }
  // plausibility
  if (year !== null) {
    const pubYear = publishedDate ? Number(publishedDate.slice(0, 4)) : null;
    const upper = Math.max(pubYear ?? 0, new Date().getUTCFullYear() + 1);
    checks.push({ name: 'plausible.year', keys: [], inputs: { year }, expected: null, actual: year, held: year >= 2007 && year <= upper, detail: 'year within 2007..current year' });
    if (pubYear !== null) checks.push({ name: 'plausible.year_before_publication', keys: [], inputs: { year, published_year: pubYear }, expected: null, actual: year, held: year <= pubYear, detail: 'reported year not after the publication date' });
  }
  // flag the values of failing checks
  for (const c of checks) {
    if (c.held) continue;
    if (c.name.startsWith('prose_vs_table.')) {
      const p = byKey.get(c.keys[1]);
      if (p && !p.flags.includes('disagrees_with_table')) p.flags.push('disagrees_with_table');
      continue;
    }
    for (const k of c.keys) {
      const m = byKey.get(k);
      if (m && !m.flags.includes('check_failed')) m.flags.push('check_failed');
    }
  }
  return checks;
}
