// Owns reading statistics stated in sentences (受理…申请994件，其中当面…件), zeros stated in
// words (未收取费用, 没有…行政复议…发生) and approximate figures (2万多条 → no exact value).
// Each candidate keeps its character span and sentence; one candidate per key is chosen,
// preferring exact figures in the section the statistic belongs to and whole-body totals.
import { PRE2019_PROSE_PATTERNS, PRE2019_PROSE_ZEROS, PROSE_PATTERNS, PROSE_PROACTIVE_DISTRACTOR, PROSE_REQUEST_DISTRACTOR, PROSE_REVIEW_PARTS, PROSE_ZEROS } from './labels.js';
import { compact, parseFigure } from './normalize.js';
import { proseMetric } from './metric.js';
import type { Doc } from './content.js';
import type { Metric } from './types.js';

interface Cand { metric: Metric; section: string; zero: boolean; approx: boolean; whole: boolean; order: number }

const SECTION_RE = /^([一二三四五六七八九十]+)[、.]/;
const PATTERNS = [...PROSE_PATTERNS, ...PRE2019_PROSE_PATTERNS];
const ZEROS = [...PROSE_ZEROS, ...PRE2019_PROSE_ZEROS];
const INLINE_SECTION = /^[一二三四五六七八九十]+、[^,。;\s]{2,30}/;
const SENT_RE = /[^。!？]+[。!？]?/g;
// clauses end at , ; : — but not at a thousands separator (12,345)
const CLAUSE_RE = /(?:[^,;:]|(?<=\d),(?=\d{3}(?!\d)))+/g;
const WHOLE_RE = /全(市|县|区|省|州|旗|盟|镇|乡)|共|总计|合计|全年|全部|新增|本年/;
const ZERO_HINT = /没有|无|未|不|零|免费/;
// years and dates in a clause (not figures)
const DATE_WORDS = /(?:19|20)\d{2}\s*年度?(?:\d{1,2}\s*月(?:\d{1,2}\s*日)?)?|\d{1,2}\s*月\d{1,2}\s*日|\d{1,2}\s*月份?/g;
const CUMULATIVE_RE = /累计|截至|截止|历年|以来/;
// a count in Chinese numerals (两件, 一起, 十二件)
const CN_COUNT_RE = /[〇零一二两三四五六七八九十百千万](?:件|起|宗|个|份|条|人|名|次|元)/;
const CN_COUNT_G = /[〇零一二两三四五六七八九十百千万]+(?=件|起|宗|个|份|条|人|名|次|元)/g;
// after the unit: a duration or another measure, not a count (15个工作日, 一个月, 两次会议 is fine)
const NOT_COUNT_AFTER = /^(?:月|工作日|小时|日|年|方面|批次?|环节|阶段|渠道)/;

/** A count in Chinese numerals, other than "未发生一起…" (a zero in words). */
function hasCnCount(clause: string): boolean {
  for (const m of clause.matchAll(CN_COUNT_G)) {
    if (/^一$/.test(m[0]) && /(没有|未|无|不存在)(发生|出现|收到|接到|产生|有)?$/.test(clause.slice(0, m.index))) continue;
    if (NOT_COUNT_AFTER.test(clause.slice((m.index ?? 0) + m[0].length + 1))) continue;
    return true;
  }
  return false;
}
const RELEVANT: Array<[RegExp, RegExp]> = [
  [/^proactive\./, /主动公开/],
  [/^requests\./, /申请/],
  [/^review\./, /复议|诉讼|申诉/],
  [/^fees\./, /收费|费用|减免/],
  [/^staff\./, /机构|人员/],
];

function unitOf(key: string): string {
  if (key.endsWith('amount_yuan')) return 'yuan';
  if (key.startsWith('staff.')) return 'person';
  if (key.startsWith('proactive.')) return 'item';
  return 'count';
}

export function readProse(doc: Doc): Map<string, Metric> {
  const cands: Cand[] = [];
  let section = '';
  let order = 0;
  for (const item of doc.items) {
    if (item.t !== 'line') continue;
    const { text, start, src } = item.line;
    const c = compact(text);
    if (SECTION_RE.test(c) && c.length <= 40) section = c;
    for (const sm of text.matchAll(SENT_RE)) {
      const sentence = sm[0];
      const sOff = start + (sm.index ?? 0);
      // the trimmed sentence's span in the line and the main text
      const sA = (sm.index ?? 0) + (sentence.length - sentence.trimStart().length);
      const sB = sA + sentence.trim().length;
      const sentenceAt = { ref: src ? { src, text, a: sA, b: sB } : undefined, mt: [start + sA, start + sB] as [number, number] };
      // a section heading run into the text (a crawler's one-line page): "六、…人员情况 全市共有…"
      if (c.length > 200) {
        const hm = INLINE_SECTION.exec(sentence.trim());
        if (hm) section = compact(hm[0]);
      }
      const reviewSubject = /复议/.test(sentence) !== /诉讼/.test(sentence) ? (/复议/.test(sentence) ? 'reconsideration' : 'litigation') : null;
      for (const cm of sentence.matchAll(CLAUSE_RE)) {
        const clause = cm[0];
        const cOff = sOff + (cm.index ?? 0);
        const whole = WHOLE_RE.test(clause);
        if (CUMULATIVE_RE.test(clause)) continue;
        const add = (key: string, value: number | null, raw: string, idx: number, flags: string[], zero: boolean, approx: boolean): void => {
          const st = cOff + idx;
          const origin = { ref: src ? { src, text, a: st - start, b: st - start + raw.length } : undefined, mt: [st, st + raw.length] as [number, number], raw, sentence: sentenceAt };
          cands.push({ metric: proseMetric(key, value, value === null ? null : unitOf(key), raw, flags, st, st + raw.length, sentence.trim(), origin), section, zero, approx, whole, order: order++ });
        };
        const hasDigit = /\d/.test(clause);
        const hasFigure = hasDigit || CN_COUNT_RE.test(clause);
        if (hasFigure) for (const p of PATTERNS) {
          if (p.need && !p.need.test(clause)) continue;
          if (p.not && p.not.test(clause)) continue;
          if (p.section && !p.section.test(section)) continue;
          const m = p.re.exec(clause);
          if (!m || !m.groups?.n) continue;
          if (distracted(p.key, m[0])) continue;
          readFigure(p.key, m, clause, add);
        }
        if (reviewSubject && hasFigure) {
          for (const part of PROSE_REVIEW_PARTS) {
            const m = part.re.exec(clause);
            if (m?.groups?.n) readFigure(`review.${reviewSubject}.${part.col}`, m, clause, add);
          }
        }
        // a zero in words may sit in a clause dated by its year (2011年全县未收到…申请)
        const undated = hasDigit ? clause.replace(DATE_WORDS, '') : clause;
        if (!/\d/.test(undated) && !hasCnCount(clause) && ZERO_HINT.test(clause)) for (const z of ZEROS) {
          if (z.not && z.not.test(undated)) continue;
          if (z.need && !z.need.test(clause)) continue;
          const m = z.re.exec(clause);
          if (!m) continue;
          if (z.keys.some((k) => distracted(k.key, m[0]))) continue;
          for (const k of z.keys) if (k.when.test(clause)) add(k.key, 0, m[0], m.index, [], true, false);
        }
      }
    }
  }
  // choose one candidate per key
  const byKey = new Map<string, Cand[]>();
  for (const c of cands) {
    const l = byKey.get(c.metric.key) ?? [];
    l.push(c);
    byKey.set(c.metric.key, l);
  }
  const out = new Map<string, Metric>();
  for (const [key, list] of byKey) {
    const rel = RELEVANT.find(([k]) => k.test(key))?.[1];
    const score = (c: Cand): number => (c.approx ? 0 : 8) + (!c.zero ? 4 : 0) + (rel && rel.test(c.section) ? 2 : 0) + (c.whole ? 1 : 0);
    list.sort((a, b) => score(b) - score(a) || a.order - b.order);
    out.set(key, list[0].metric);
  }
  return out;
}

/** A figure whose own words name something else (行政审批, 咨询 …, 访问量, 历年累计): not this statistic. */
function distracted(key: string, words: string): boolean {
  if (key.startsWith('requests.')) return PROSE_REQUEST_DISTRACTOR.test(words);
  if (key.startsWith('proactive.')) return PROSE_PROACTIVE_DISTRACTOR.test(words);
  return false;
}

function readFigure(key: string, m: RegExpExecArray, clause: string, add: (key: string, value: number | null, raw: string, idx: number, flags: string[], zero: boolean, approx: boolean) => void): void {
  const n = m.groups!.n;
  const fig = parseFigure(n);
  if (!fig) return;
  const tail = m[0].slice(m[0].indexOf(n) + n.length);
  if (NOT_COUNT_AFTER.test(clause.slice(m.index + m[0].length))) return;
  if (fig.chinese && /^一$/.test(n) && /(没有|未|无)(发生|出现|收到|接到|产生|有)?$/.test(clause.slice(0, m.index + m[0].indexOf(n)))) return;
  const approx = Boolean(m.groups?.pre) || /^(多|余)/.test(tail) || /(约|近|大约|逾|超过)$/.test(clause.slice(0, m.index + m[0].indexOf(n)));
  const flags: string[] = [];
  if (fig.wan) flags.push('converted_wan');
  if (approx) flags.push('approximate');
  add(key, approx ? null : fig.value, m[0], m.index, flags, false, approx);
}
