// Owns the numbers of a report: requests, review and proactive tables of the 2019/2021 formats
// and the pre-2019 statistics, drawn at realistic magnitudes and consistent with every identity
// of metrics.md; also applies a revision (a corrected report) without breaking the identities.
import { Rng, splitInt } from './prng.js';
import { APPLICANT_COLS, COL_KEYS, REVIEW_COLS, REVIEW_GROUPS, requestRows, type ColKey } from './labels.js';
import type { Place } from './places.js';

export type Row = Record<ColKey, number>;
export type RequestsValues = Record<string, Row>;
export type ReviewValues = Record<string, Record<string, number>>;
export type ProactiveValues = Record<string, Record<string, number>>;

export interface ModernValues {
  requests: RequestsValues;
  review: ReviewValues;
  proactive: ProactiveValues;
}

const APPL = APPLICANT_COLS.map((c) => c.key);

/** Base weights of the result rows (how often each outcome occurs). */
const RESULT_WEIGHTS: Record<string, [weight: number, presence: number]> = {
  granted: [40, 0.97],
  partial: [6, 0.5],
  'denied.state_secret': [0.4, 0.08],
  'denied.law_forbidden': [0.6, 0.12],
  'denied.security_stability': [0.5, 0.08],
  'denied.third_party': [1.5, 0.25],
  'denied.internal_affairs': [1.5, 0.25],
  'denied.process_info': [2, 0.3],
  'denied.enforcement_file': [0.8, 0.12],
  'denied.inquiry_matter': [1.5, 0.2],
  'unable.not_held': [25, 0.85],
  'unable.needs_creation': [3, 0.35],
  'unable.unclear': [2, 0.3],
  'not_processed.petition': [3, 0.3],
  'not_processed.duplicate': [3, 0.3],
  'not_processed.publication': [0.6, 0.1],
  'not_processed.mass_repeated': [2.5, 0.15],
  'not_processed.confirm_reissue': [0.8, 0.1],
  other: [6, 0.4],
  'other.overdue_correction': [3, 0.3],
  'other.overdue_fee': [0.3, 0.05],
  'other.other': [4, 0.35],
};

function emptyRow(): Row {
  return Object.fromEntries(COL_KEYS.map((c) => [c, 0])) as Row;
}

export function sumTotals(t: RequestsValues): void {
  for (const row of Object.values(t)) row.total = APPL.reduce((a, c) => a + row[c], 0);
}

export function genRequests(rng: Rng, era: '2019' | '2021', place: Place): RequestsValues {
  const rows = requestRows(era);
  const t: RequestsValues = {};
  for (const r of rows) t[r.key] = emptyRow();
  const size = rng.chance(0.06) ? 0 : rng.logInt(1, Math.max(3, Math.round(600 * place.scale)));
  // natural persons dominate; organisations appear now and then
  const colWeights = [100, rng.chance(0.6) ? rng.int(2, 25) : 0, rng.chance(0.08) ? 1 : 0, rng.chance(0.15) ? rng.int(1, 4) : 0, rng.chance(0.35) ? rng.int(1, 8) : 0, rng.chance(0.4) ? rng.int(1, 10) : 0];
  const news = splitInt(rng, size, colWeights);
  const results = rows.filter((r) => r.result);
  const active: number[] = results.map((r) => {
    const [w, p] = RESULT_WEIGHTS[r.key];
    return rng.chance(p) ? w : 0;
  });
  if (!active.some((w) => w > 0)) active[0] = RESULT_WEIGHTS.granted[0];
  APPL.forEach((c, i) => {
    const nw = news[i];
    const co = rng.chance(0.35) ? Math.round(nw * rng.next() * 0.12) + (rng.chance(0.3) ? 1 : 0) : 0;
    const avail = nw + co;
    const cf = avail > 0 && rng.chance(0.45) ? Math.min(avail, Math.round(avail * rng.next() * 0.12)) : 0;
    const processed = avail - cf;
    t.new_received[c] = nw;
    t.carried_over[c] = co;
    t.carried_forward[c] = cf;
    t.processed[c] = processed;
    const parts = splitInt(rng, processed, active);
    results.forEach((r, j) => (t[r.key][c] = parts[j]));
  });
  sumTotals(t);
  return t;
}

export function genReview(rng: Rng, place: Place): ReviewValues {
  const out: ReviewValues = {};
  const s = place.scale;
  for (const g of REVIEW_GROUPS) {
    const p0 = g.key === 'reconsideration' ? 0.35 : g.key === 'litigation_direct' ? 0.45 : 0.6;
    const maxN = g.key === 'litigation_after_reconsideration' ? 6 : 30;
    const n = rng.chance(p0) ? 0 : rng.logInt(1, Math.max(1, Math.round(maxN * s)));
    const [upheld, corrected, other, pending] = splitInt(rng, n, [60, rng.chance(0.4) ? 8 : 0, rng.chance(0.5) ? 15 : 0, rng.chance(0.6) ? 18 : 0]);
    out[g.key] = { upheld, corrected, other, pending, total: n };
  }
  void REVIEW_COLS;
  return out;
}

/** Money in yuan that prints exactly in 万元 with at most `dec` decimals. */
function moneyYuan(rng: Rng, maxWan: number, dec = 2): number {
  const unit = 10 ** (4 - dec);
  const hi = Math.max(2, Math.round((maxWan * 10000) / unit));
  return rng.logInt(Math.max(1, Math.round(hi / 2000)), hi) * unit;
}

export function genProactive(rng: Rng, era: '2019' | '2021', place: Place): ProactiveValues {
  const big = place.kind === 'city' || place.kind === 'province-dept';
  const dept = place.kind === 'dept' || place.kind === 'province-dept';
  const s = Math.max(0.05, place.scale);
  const p: ProactiveValues = {};
  if (era === '2019') {
    const rm = big && !dept && rng.chance(0.6) ? rng.int(0, 5) : 0;
    p.regulations = { made: rm, published: rm, public_total: big && !dept ? rm + rng.int(5, 200) : rm };
    const nm = rng.int(0, Math.round(60 * s) + 2);
    const np = rng.chance(0.8) ? nm : rng.int(0, nm);
    p.normative_docs = { made: nm, published: np, public_total: np + rng.int(0, Math.round(1200 * s) + 10) };
    const item = (prevMax: number, decMax: number, zero: number) => {
      if (rng.chance(zero)) return { prev_items: 0, change: 0, decisions: 0 };
      const prev = rng.int(1, prevMax);
      const change = rng.chance(0.3) ? 0 : rng.int(-Math.min(prev, 60), 100);
      return { prev_items: prev, change, decisions: rng.chance(0.05) ? 0 : rng.logInt(1, decMax) };
    };
    p.licensing = item(Math.round(900 * s) + 10, Math.round(900000 * s) + 10, dept ? 0.3 : 0.02);
    p.other_services = item(Math.round(1500 * s) + 10, Math.round(450000 * s) + 10, 0.3);
    p.penalty = item(Math.round(2000 * s) + 10, Math.round(8000 * s) + 10, dept ? 0.3 : 0.03);
    p.coercion = item(Math.round(150 * s) + 5, Math.round(600 * s) + 5, 0.25);
    const fp = rng.chance(0.15) ? 0 : rng.int(1, Math.round(60 * s) + 3);
    p.fees = { prev_items: fp, change: fp && rng.chance(0.4) ? rng.int(-Math.min(fp, 5), 3) : 0 };
    const proj = rng.chance(0.15) ? 0 : rng.logInt(1, Math.round(900 * s) + 3);
    p.procurement = { projects: proj, amount_yuan: proj ? moneyYuan(rng, 60000 * s, rng.chance(0.8) ? 2 : 4) : 0 };
  } else {
    const ri = big && !dept && rng.chance(0.5) ? rng.int(0, 4) : 0;
    p.regulations = { issued: ri, repealed: big && !dept && rng.chance(0.4) ? rng.int(0, 3) : 0, in_force: big && !dept ? rng.int(10, 180) : 0 };
    p.normative_docs = { issued: rng.int(0, Math.round(50 * s) + 2), repealed: rng.chance(0.5) ? rng.int(0, Math.round(30 * s) + 1) : 0, in_force: rng.int(0, Math.round(700 * s) + 10) };
    p.licensing = { decisions: rng.chance(dept ? 0.3 : 0.03) ? 0 : rng.logInt(1, Math.round(900000 * s) + 10) };
    p.penalty = { decisions: rng.chance(0.05) ? 0 : rng.logInt(1, Math.round(9000 * s) + 10) };
    p.coercion = { decisions: rng.chance(0.25) ? 0 : rng.logInt(1, Math.round(700 * s) + 5) };
    p.fees = { amount_yuan: rng.chance(0.35) ? 0 : moneyYuan(rng, 30000 * s, rng.chance(0.85) ? 2 : 4) };
  }
  return p;
}

export function genModern(rng: Rng, era: '2019' | '2021', place: Place): ModernValues {
  return { requests: genRequests(rng.fork(1), era, place), review: genReview(rng.fork(2), place), proactive: genProactive(rng.fork(3), era, place) };
}

/** Revises a report: moves and adds a few requests while keeping every identity. */
export function reviseModern(rng: Rng, v: ModernValues, era: '2019' | '2021', revision: number): ModernValues {
  const out: ModernValues = structuredClone(v);
  const results = requestRows(era).filter((r) => r.result).map((r) => r.key);
  for (let k = 0; k < revision; k++) {
    const c = rng.chance(0.8) ? 'natural_person' : rng.pick(APPL);
    const t = out.requests;
    if (rng.chance(0.5)) {
      // late-counted requests: received and granted both grow
      const add = rng.int(1, 5);
      t.new_received[c] += add;
      t.processed[c] += add;
      t[rng.pick(['granted', 'unable.not_held', 'partial'])][c] += add;
    } else {
      // a request reclassified from one outcome to another
      const from = results.filter((r) => t[r][c] > 0);
      if (from.length) {
        const f = rng.pick(from);
        const to = rng.pick(results.filter((r) => r !== f));
        const n = rng.int(1, Math.min(3, t[f][c]));
        t[f][c] -= n;
        t[to][c] += n;
      } else {
        t.new_received[c] += 1;
        t.processed[c] += 1;
        t.granted[c] += 1;
      }
    }
    const g = rng.pick(REVIEW_GROUPS.map((x) => x.key));
    if (rng.chance(0.5)) {
      out.review[g].pending += 1;
      out.review[g].total += 1;
    }
  }
  sumTotals(out.requests);
  const pk = Object.keys(out.proactive);
  const row = out.proactive[rng.pick(pk)];
  for (const col of Object.keys(row)) if (col === 'decisions' || col === 'public_total' || col === 'in_force') row[col] += rng.int(1, 9);
  return out;
}

/** Everything a pre-2019 report may state; keys are metric keys (plus a few off-vocabulary extras). */
export type PreValues = Record<string, number>;

export function genPre2019(rng: Rng, place: Place, fourChannels: boolean): PreValues {
  const s = Math.max(0.05, place.scale);
  const v: PreValues = {};
  const items = rng.logInt(Math.round(800 * s) + 20, Math.round(80000 * s) + 100);
  v['proactive.items.total'] = items;
  v['proactive.normative_docs.made'] = rng.int(0, Math.round(80 * s) + 3);
  v['proactive.normative_docs.published'] = rng.chance(0.7) ? v['proactive.normative_docs.made'] : rng.int(0, v['proactive.normative_docs.made']);
  v['proactive.channel.gazette'] = place.kind === 'city' ? rng.int(0, 300) : 0;
  v['proactive.channel.website'] = Math.round(items * (0.5 + 0.45 * rng.next()));
  v['proactive.channel.weibo'] = rng.chance(0.7) ? rng.int(0, Math.round(items * 0.4)) : 0;
  v['proactive.channel.wechat'] = rng.chance(0.7) ? rng.int(0, Math.round(items * 0.3)) : 0;
  v['proactive.channel.other'] = rng.chance(0.5) ? rng.int(0, Math.round(items * 0.2)) : 0;
  v['response.hot_topics'] = rng.int(0, Math.round(60 * s) + 2);
  v['response.press_conferences'] = rng.int(0, Math.round(60 * s) + 2);
  v['x.press_conferences_leaders'] = rng.int(0, v['response.press_conferences']);
  v['response.online_interviews'] = rng.int(0, Math.round(40 * s) + 2);
  v['x.interviews_leaders'] = rng.int(0, v['response.online_interviews']);
  v['response.interpretations'] = rng.int(0, Math.round(300 * s) + 3);
  v['x.weibo_responses'] = rng.int(0, 50);
  v['x.other_responses'] = rng.int(0, 30);
  // requests
  const received = rng.chance(0.08) ? 0 : rng.logInt(1, Math.round(700 * s) + 3);
  const chanW = fourChannels ? [30, 55, 14, rng.chance(0.2) ? 1 : 0, 0, 0] : [30, 55, 14, rng.chance(0.2) ? 1 : 0, rng.chance(0.3) ? 5 : 0, rng.chance(0.2) ? 3 : 0];
  const [inPerson, online, letter, fax, email, other] = splitInt(rng, received, chanW);
  Object.assign(v, {
    'requests.new_received.total': received,
    'requests.channel.in_person': inPerson,
    'requests.channel.online': online,
    'requests.channel.letter': letter,
    'requests.channel.fax': fax,
    'requests.channel.email': email,
    'requests.channel.other': other,
  });
  const answered = received > 0 && rng.chance(0.25) ? received - rng.int(0, Math.min(received, 3)) : received;
  const outKeys = ['already_public', 'granted', 'partial', 'denied', 'not_this_agency', 'not_exist', 'correction_notice', 'other_channel'];
  const outW = [20, 45, rng.chance(0.5) ? 8 : 0, rng.chance(0.5) ? 5 : 0, rng.chance(0.7) ? 10 : 0, rng.chance(0.5) ? 6 : 0, rng.chance(0.3) ? 2 : 0, rng.chance(0.5) ? 8 : 0];
  const outs = splitInt(rng, answered, outW);
  v['requests.answered.total'] = answered;
  outKeys.forEach((k, i) => (v[`requests.${k}.total`] = outs[i]));
  const [ds, dc, dp, dsec, dnot, dother] = splitInt(rng, outs[3], [1, 2, 4, 1, 3, 3]);
  Object.assign(v, { 'x.denied.state_secret': ds, 'x.denied.commercial_secret': dc, 'x.denied.privacy': dp, 'x.denied.security': dsec, 'x.denied.not_gov_info': dnot, 'x.denied.other': dother });
  v['requests.closed.total'] = answered;
  v['requests.closed.extended'] = answered > 0 && rng.chance(0.3) ? rng.int(0, Math.min(answered, 5)) : 0;
  v['requests.closed.on_time'] = answered - v['requests.closed.extended'];
  // review
  for (const g of ['reconsideration', 'litigation'] as const) {
    const n = rng.chance(0.5) ? 0 : rng.logInt(1, Math.round(25 * s) + 1);
    const [u, c, o] = splitInt(rng, n, [60, rng.chance(0.3) ? 10 : 0, rng.chance(0.5) ? 25 : 0]);
    Object.assign(v, { [`review.${g}.total`]: n, [`review.${g}.upheld`]: u, [`review.${g}.corrected`]: c, [`review.${g}.other`]: o });
  }
  v['review.complaint.total'] = rng.chance(0.8) ? 0 : rng.int(1, 5);
  const comp = rng.chance(0.7) ? 0 : rng.int(1, 12);
  const [cu, cc, co] = splitInt(rng, comp, [5, 2, 3]);
  Object.assign(v, { 'complaints.total': comp, 'x.complaints.upheld': cu, 'x.complaints.corrected': cc, 'x.complaints.other': co });
  v['fees.amount_yuan'] = rng.chance(0.85) ? 0 : rng.int(1, 60) * 10;
  v['org.dedicated_units'] = rng.int(1, Math.round(60 * s) + 1);
  v['org.reading_points'] = rng.int(1, Math.round(40 * s) + 1);
  const full = rng.int(1, Math.round(150 * s) + 2);
  const part = rng.int(0, Math.round(600 * s) + 2);
  Object.assign(v, { 'staff.full_time': full, 'staff.part_time': part, 'staff.total': full + part });
  v['funding.amount_yuan'] = rng.chance(0.3) ? 0 : rng.logInt(1, Math.round(5000 * s) + 2) * 100;
  v['training.meetings'] = rng.int(0, Math.round(30 * s) + 2);
  v['training.courses'] = rng.int(0, Math.round(20 * s) + 2);
  v['training.trainees'] = v['training.courses'] === 0 ? 0 : rng.int(v['training.courses'] * 10, v['training.courses'] * 120);
  return v;
}

/** Revises pre-2019 statistics: a few late-counted requests, answered and granted. */
export function revisePre2019(rng: Rng, v: PreValues, revision: number): PreValues {
  const out = { ...v };
  for (let k = 0; k < revision; k++) {
    const add = rng.int(1, 4);
    for (const key of ['requests.new_received.total', 'requests.channel.online', 'requests.answered.total', 'requests.granted.total', 'requests.closed.total', 'requests.closed.on_time']) out[key] += add;
    out['proactive.items.total'] += rng.int(1, 30);
    out['proactive.channel.website'] += rng.int(0, 5);
  }
  return out;
}
