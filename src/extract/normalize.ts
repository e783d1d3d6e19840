// Owns character- and number-level normalisation: traditional → simplified (opencc-js, only
// when the text is traditional), full-width → half-width, stray '?'/NBSP around digits,
// and parsing one cell or figure into a number (万, 增/减, 万元 → yuan, blanks, '/', '—', 无).
import * as OpenCC from 'opencc-js';
import { parseChineseNumber } from './cnnum.js';

let t2s: ((s: string) => string) | null = null;
function converter(): (s: string) => string {
  const c = t2s ?? OpenCC.Converter({ from: 'tw', to: 'cn' });
  t2s = c;
  return c;
}

/** Traditional → simplified (opencc-js, phrases in context: 答覆 → 答复). */
export function toSimplified(s: string): string {
  return converter()(s);
}

// Frequent characters that exist only in traditional script.
const TRAD_CHARS = new Set(Array.from('這個們來時會國說開關實發對經與為從東車長門問間題點業務總計區縣報處辦權條規則級資訊網頁應當請單據現給還進過動態媒視頻聞議創導圖學廣體產術齊'));

/** True when the text is (mostly) in traditional characters. */
const TRAD_RE = new RegExp(`[${[...TRAD_CHARS].join('')}]`, 'g');
export function isTraditional(s: string): boolean {
  const t = s.length > 20000 ? s.slice(0, 20000) : s;
  TRAD_RE.lastIndex = 0;
  let hits = 0;
  while (TRAD_RE.exec(t)) if (++hits >= 8) return true;
  return false;
}

const SPACE_RE = /[\u00a0\u2002-\u200a\u3000\u202f\u205f]/g;
const ZW_RE = /[\u200b-\u200d\ufeff]/g;
const FULLWIDTH_RE = /[\uff01-\uff5e]/g;
// A '?' that is a lost non-breaking space: next to a digit, whitespace, '|', line edge or CJK.
const STRAY_Q_RE = /(?<![A-Za-z0-9_.\/=&%])\?|\?(?![A-Za-z0-9_=&%])/g;

const half = (c: string): string => (c === '\uff1f' ? c : String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * Character-level normalisation of a whole text (keeps line structure). `trad` defaults to
 * detection. `keepWidth` (whitespace-aligned <pre> text) keeps every character's display
 * column: a word with full-width characters becomes half-width preceded by as many spaces
 * (its end, where aligned figures are placed, stays put), and
 * an ideographic space two spaces, so figures stay under their column headers.
 */
// any character normalizeText would change (checked once, so most cells and lines pass untouched)
const NEEDS_NORM = /[\r\u00a0\u2002-\u200d\u3000\u202f\u205f\ufeff\uff01-\uff5e?]/;

export function normalizeText(s: string, trad?: boolean, keepWidth = false): string {
  if (trad === false && !NEEDS_NORM.test(s)) return s;
  let t = s.replace(/\r\n?/g, '\n').replace(ZW_RE, '');
  t = keepWidth ? t.replace(/\u3000/g, '  ').replace(SPACE_RE, ' ') : t.replace(SPACE_RE, ' ');
  if (trad ?? isTraditional(t)) t = converter()(t);
  t = keepWidth
    ? t.replace(/[^\s]+/g, (w) => {
      const h = w.replace(FULLWIDTH_RE, half);
      return h === w ? w : ' '.repeat((w.match(FULLWIDTH_RE) ?? []).filter((c) => c !== '\uff1f').length) + h;
    })
    : t.replace(FULLWIDTH_RE, half);
  t = t.replace(STRAY_Q_RE, ' ');
  return t;
}

/** Whitespace-free form used for label matching. */
const COMPACT_TEST = /[\s“”']/;
export function compact(s: string): string {
  if (!COMPACT_TEST.test(s)) return s;
  return s.replace(/\s+/g, '').replace(/[“”"']/g, '"');
}

export type ParsedCell =
  | { kind: 'number'; value: number; unit: string | null; flags: string[] }
  | { kind: 'blank' }
  | { kind: 'na' }
  /** a number typed with look-alike letters (1O5, 2l): a figure that cannot be read */
  | { kind: 'garbled' }
  | { kind: 'text' };

// digits mixed with letters that look like digits (O/o for 0, l/I for 1, S for 5, B for 8, Z for 2)
const GARBLED_RE = /^(?=.*\d)(?=.*[OoIlSBZ])[\dOoIlSBZ.,]{2,}$/;
const NA_RE = /^(\/|—+|-+|–|－|一|无|\\|\*|×|_+|N\/A|n\/a)$/;
const NUM_CELL_RE = /^(增加|减少|增|减|\+|-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万)?(元|条|件|个|人|次|份|篇|人次|项|期|家|场|件次|宗|起|%)?$/;

/** Multiplies a decimal string by 10^shift exactly. */
export function shiftDecimal(intPart: string, frac: string, shift: number): number {
  const f = frac + '0'.repeat(Math.max(0, shift - frac.length));
  const whole = intPart + f.slice(0, shift);
  const rest = f.slice(shift);
  return Number(rest ? `${whole}.${rest}` : whole);
}

/** Parses one table cell (already character-normalised). */
export function parseCell(raw: string, opts: { wanColumn?: boolean } = {}): ParsedCell {
  const s = raw.replace(/[\s?？]+/g, '');
  if (s === '') return { kind: 'blank' };
  if (NA_RE.test(s)) return { kind: 'na' };
  const m = NUM_CELL_RE.exec(s);
  if (!m) return GARBLED_RE.test(s) ? { kind: 'garbled' } : { kind: 'text' };
  const [, sign, intRaw, frac = '', wan, unit] = m;
  const intPart = intRaw.replace(/,/g, '');
  const flags: string[] = [];
  let value: number;
  let outUnit: string | null = unit ?? null;
  if (wan || (opts.wanColumn && unit !== '元')) {
    value = shiftDecimal(intPart, frac, 4);
    flags.push('converted_wan');
    if (unit === '元' || opts.wanColumn) outUnit = 'yuan';
  } else {
    value = Number(frac ? `${intPart}.${frac}` : intPart);
    if (unit === '元') outUnit = 'yuan';
  }
  if (sign === '减' || sign === '减少' || sign === '-') value = -value;
  return { kind: 'number', value, unit: outUnit, flags };
}

/** Parses a figure from prose such as "18.77万" or "1,234". */
export function parseFigure(s: string): { value: number; wan: boolean; chinese?: boolean } | null {
  const m = /^(\d[\d,]*)(?:\.(\d+))?(万)?$/.exec(s);
  if (!m) {
    const v = parseChineseNumber(s);
    return v === null ? null : { value: v, wan: false, chinese: true };
  }
  const intPart = m[1].replace(/,/g, '');
  if (m[3]) return { value: shiftDecimal(intPart, m[2] ?? '', 4), wan: true };
  return { value: Number(m[2] ? `${intPart}.${m[2]}` : intPart), wan: false };
}
