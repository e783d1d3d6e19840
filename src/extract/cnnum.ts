// Owns reading numbers written in Chinese numerals (两件, 十二件, 一百零五, 三千二百, 一万二千,
// 二〇一八 as a digit string): a small, general parser used by the prose reader. Returns null
// for anything that is not a well-formed numeral, so that a garbled run is never read as a number.

const DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Characters a Chinese numeral is made of (for regexes). */
export const CN_NUM_CHARS = '〇零一二两三四五六七八九十百千万';

/** Parses a Chinese numeral: 两 → 2, 十二 → 12, 二十 → 20, 一百零五 → 105, 一万二千 → 12000, 一〇五 → 105. */
export function parseChineseNumber(s: string): number | null {
  if (!s) return null;
  // digit-by-digit form (二〇一八, 一〇五): only digits, no units, with a 〇/零 or ≥3 digits
  // (two digits side by side, 三四件, is an approximation: 3 or 4)
  if (s.length > 1 && [...s].every((c) => c in DIGIT)) {
    if (s.includes('两') || (s.length < 3 && !/[〇零]/.test(s))) return null;
    return Number([...s].map((c) => DIGIT[c]).join(''));
  }
  let total = 0; // completed 万 groups
  let section = 0; // value below 万
  let digit: number | null = null;
  let lastUnit = 10000; // units must decrease inside a section
  let zeroSeen = false;
  for (const c of s) {
    if (c in DIGIT) {
      if (digit !== null && !zeroSeen) return null; // two digits in a row (三四)
      const d = DIGIT[c];
      if (d === 0) { zeroSeen = true; digit = null; continue; }
      digit = d;
      continue;
    }
    if (c in SMALL_UNIT) {
      const u = SMALL_UNIT[c];
      if (u >= lastUnit) return null;
      // 十 alone at the start of a section means 一十
      section += (digit ?? (u === 10 && section === 0 ? 1 : NaN)) * u;
      if (Number.isNaN(section)) return null;
      digit = null;
      zeroSeen = false;
      lastUnit = u;
      continue;
    }
    if (c === '万') {
      if (total) return null;
      section += digit ?? 0;
      if (section === 0) return null;
      total = section * 10000;
      section = 0;
      digit = null;
      zeroSeen = false;
      lastUnit = 10000;
      continue;
    }
    return null;
  }
  const value = total + section + (digit ?? 0);
  if (value === 0 && !/^[〇零]$/.test(s)) return null;
  return value;
}
