// Owns isolating the report from portal chrome: drops spam lines, navigation before the
// title, footer after the report, view counters and metadata lines; renders the kept
// segments as `mainText` (stable under chrome/counter changes) with character offsets.
import { CHROME_LINE, FOOTER_LINE, SPAM_LINE } from './labels.js';
import { compact } from './normalize.js';
import { tableUnit, type MoneyUnit } from './money.js';
import { titleScore } from './meta.js';
import type { Segment, SegCell } from './segments.js';
import type { Src } from './sourcemap.js';

export interface DocLine { text: string; start: number; end: number; /** where the line is in the page */ src?: Src }
export interface DocTable {
  index: number; caption: string; rows: SegCell[][]; source: 'html' | 'pipe' | 'aligned'; start: number; end: number;
  /** the money unit stated by a caption line before it or a title row (money.ts) */
  unit: MoneyUnit | null;
}
export type DocItem = { t: 'line'; line: DocLine } | { t: 'table'; table: DocTable };

export interface Doc {
  mainText: string;
  items: DocItem[];
  /** All normalised lines of the page, chrome included (for report-level facts). */
  allLines: string[];
  titleLine: string | null;
  linkLines: number;
  textLines: number;
}

const SPAM_G = new RegExp(SPAM_LINE.source, 'g');

function isSpam(line: string): boolean {
  if (!SPAM_LINE.test(line)) return false;
  const hits = line.match(SPAM_G)?.length ?? 0;
  const c = compact(line);
  return c.length < 40 || hits >= 2 || !/[,。;]/.test(c);
}

function isBodyLike(text: string): boolean {
  const c = compact(text);
  return (c.length >= 25 && /[,。;]/.test(c)) || /^[一二三四五六七八九十]+、/.test(c);
}

function rowText(row: SegCell[]): string {
  return row.filter((c) => c.dup === 'none').map((c) => c.text).join(' | ');
}

// a line this long that starts like chrome is a whole page run together (a crawler's flattened
// text): its chrome prefix is cut at the title when the title is known, the rest is report text
const RUN_TOGETHER = 200;

/** Cuts the chrome before the report in a page run together into one line (at the title, else nowhere). */
function cutChromePrefix(text: string, title: string | null): string {
  if (title) {
    const at = text.indexOf(title.slice(0, 12), 0);
    return at > 0 && at < 400 ? text.slice(at) : text;
  }
  // no title known: the first word in the chrome that opens a report title with its year
  const head = text.slice(0, 400);
  for (const m of head.matchAll(/(?:^|\s)(?=(\S{0,40}?(?:19|20)\d{2}\S{0,40}?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度报告|年报|工作报告|报告))(?:\s|$))/g)) {
    const at = (m.index ?? 0) + (m[0].length);
    if (at > 0) return text.slice(at);
  }
  return text;
}

export function buildDoc(segs: Segment[], titleHint: string | null = null): Doc {
  const allLines: string[] = [];
  for (const s of segs) {
    if (s.t === 'line') allLines.push(s.text);
    else for (const r of s.rows) allLines.push(rowText(r));
  }
  // drop spam lines everywhere
  const kept = segs.filter((s) => !(s.t === 'line' && isSpam(s.text)));
  // title: best-scoring line
  let titleIdx = -1, best = 2;
  for (let i = 0; i < kept.length; i++) {
    const s = kept[i];
    if (s.t !== 'line') continue;
    const sc = titleScore(s.text);
    if (sc > best) { best = sc; titleIdx = i; }
  }
  let start = titleIdx;
  if (start < 0) {
    start = kept.findIndex((s) => s.t === 'table' || (s.t === 'line' && !s.link && isBodyLike(s.text)));
    if (start < 0) start = 0;
  }
  let end = kept.length;
  let body = 0;
  for (let i = start + 1; i < kept.length; i++) {
    const s = kept[i];
    const text = s.t === 'line' ? s.text : rowText(s.rows[0] ?? []);
    if (body >= 3 && FOOTER_LINE.test(compact(text))) { end = i; break; }
    if (s.t === 'table' || isBodyLike(text)) body++;
  }
  const items: DocItem[] = [];
  const parts: string[] = [];
  let pos = 0, tableNo = 0, linkLines = 0, textLines = 0;
  const push = (text: string): { start: number; end: number } => {
    if (parts.length) pos += 1; // '\n'
    const st = pos;
    parts.push(text);
    pos += text.length;
    return { start: st, end: pos };
  };
  for (let i = 0; i < kept.length; i++) {
    const s = kept[i];
    if (s.t === 'line') {
      if (s.link) linkLines++; else textLines++;
    }
    if (i < start || i >= end) continue;
    if (s.t === 'line') {
      if (s.link && i !== titleIdx) continue;
      let text = s.text.replace(/\s+/g, ' ').trim();
      let c = compact(text);
      if (!c) continue;
      if (i !== titleIdx && CHROME_LINE.test(c)) {
        if (c.length < RUN_TOGETHER) continue;
        text = cutChromePrefix(text, titleHint);
        c = compact(text);
      }
      const span = push(text);
      items.push({ t: 'line', line: s.src ? { text, ...span, src: s.src } : { text, ...span } });
    } else {
      const rows = s.rows.filter((r) => r.some((c) => c.text !== ''));
      if (!rows.length) continue;
      const st = pos + (parts.length ? 1 : 0);
      let caption = '';
      const before: string[] = [];
      for (let k = items.length - 1; k >= 0 && k >= items.length - 3; k--) {
        const it = items[k];
        if (it.t === 'table') break;
        if (compact(it.line.text).length > 40) continue;
        if (!caption) caption = it.line.text;
        before.push(it.line.text);
      }
      for (const r of rows) push(rowText(r));
      items.push({ t: 'table', table: { index: ++tableNo, caption, rows, source: s.source, start: st, end: pos, unit: tableUnit(before, rows) } });
    }
  }
  const titleSeg = titleIdx >= 0 ? kept[titleIdx] : null;
  return {
    mainText: parts.join('\n'),
    items,
    allLines,
    titleLine: titleSeg && titleSeg.t === 'line' ? titleSeg.text : null,
    linkLines,
    textLines,
  };
}
