// Owns how numbers are written on the page: 万元 amounts, 增/减 changes, 万条 counts,
// full-width digits, Chinese dates.
import type { Rng } from './prng.js';

/** Yuan → 万元 text with no trailing zeros (141855800 → "14185.58"). Exact for yuan integers. */
export function wan(yuan: number): string {
  const neg = yuan < 0;
  const a = Math.abs(yuan);
  const int = Math.floor(a / 10000);
  const frac = String(a % 10000).padStart(4, '0').replace(/0+$/, '');
  return (neg ? '-' : '') + String(int) + (frac ? '.' + frac : '');
}

/** Yuan → 万元 with exactly two decimals when it can be (0 → "0", 12000 → "1.20"). */
export function wanFixed(yuan: number): string {
  if (yuan === 0) return '0';
  const w = wan(yuan);
  const dot = w.indexOf('.');
  if (dot < 0) return w + '.00';
  const dec = w.length - dot - 1;
  return dec === 1 ? w + '0' : w;
}

export type ChangeStyle = 'zengjian' | 'signed' | 'plain';

/** A change of item count: 增12 / 减3 / +12 / -3 / 12. Zero is written 0. */
export function change(n: number, style: ChangeStyle): string {
  if (n === 0) return '0';
  if (style === 'zengjian') return n > 0 ? `增${n}` : `减${-n}`;
  if (style === 'signed') return n > 0 ? `+${n}` : String(n);
  return String(n);
}

const FW = '０１２３４５６７８９';
export function fullWidth(s: string): string {
  return s.replace(/[0-9]/g, (d) => FW[Number(d)]);
}

/** Groups thousands: 47660 → 47,660. */
export function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** ISO date → 2018年3月26日 (or 2018年03月26日). */
export function cnDate(iso: string, pad = false): string {
  const [y, m, d] = iso.split('-').map(Number);
  const p = (x: number) => (pad ? String(x).padStart(2, '0') : String(x));
  return `${y}年${p(m)}月${p(d)}日`;
}

/** A realistic publication date for a report on `year`: January to March of the next year, sometimes later. */
export function pubDate(rng: Rng, year: number): string {
  const late = rng.chance(0.08);
  const y = late ? year + rng.int(1, 3) : year + 1;
  const m = late ? rng.int(1, 12) : rng.weighted([[1, 35], [2, 30], [3, 30], [4, 3], [5, 2]] as const);
  const d = rng.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Chinese numeral for small section numbers (1 → 一). */
export function cnNum(n: number): string {
  const d = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  if (n <= 10) return d[n];
  if (n < 20) return '十' + d[n - 10];
  return d[Math.floor(n / 10)] + '十' + (n % 10 ? d[n % 10] : '');
}

/** ISO date in Chinese numerals: 2018-03-20 → 二〇一八年三月二十日 (as signed under many reports). */
export function hanDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  const digits = '〇一二三四五六七八九';
  return `${[...String(y)].map((c) => digits[Number(c)]).join('')}年${cnNum(m)}月${cnNum(d)}日`;
}

/** A small count in Chinese numerals, with 两 for 2 (行政复议两件). */
export function hanCount(n: number): string {
  return n === 2 ? '两' : cnNum(n);
}
