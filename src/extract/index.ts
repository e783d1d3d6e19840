// Owns the extractor's public API: bytes of one page → classification, normalised main text
// and (for annual reports) the structured record with every statistic, its provenance and
// the identity checks. Pure and deterministic: no I/O, no clock-dependent output except the
// plausibility bound on years.
import { decodeBody } from '../fetch/decode.js';
import { buildDoc } from './content.js';
import { detectFormat } from './format.js';
import { htmlToSegments, looksLikeHtml } from './html.js';
import { extractMeta, splitCrawlerHeader, titleScore } from './meta.js';
import { isTraditional, normalizeText, compact } from './normalize.js';
import { readProactive, readRequests, readReview } from './official.js';
import { readProse } from './prose.js';
import { readStatTables } from './stattable.js';
import { readFlatStatTables } from './flatstat.js';
import { groupLines, textToSegments, type Segment } from './segments.js';
import { tokenize } from './tokens.js';
import { runChecks } from './checks.js';
import type { ExtractInput, ExtractResult, Metric, ReportRecord } from './types.js';
import { htmlNesting } from '../fetch/htmlguard.js';
import type { PageSource, Src } from './sourcemap.js';
import { placeMetrics } from './positions.js';

export type { ExtractInput, ExtractResult, Metric, Check, Locator, ReportRecord, Format } from './types.js';

/** Bump on any rule change. */
export const EXTRACTOR_VERSION = '1.3.1';

const REPORT_SECTIONS = /主动公开政府信息情况|依申请公开|收到和处理政府信息公开申请|行政复议|政府信息公开工作(的)?(基本|总体)情况|概述|总体情况/;
// the sections a report is made of, each counted once (a page without a title needs several)
const SECTION_NAMES = [/主动公开(政府)?信息(的)?(情况|数量|工作)/, /依申请公开|收到和处理政府信息公开申请/, /行政复议|行政诉讼/, /(收费|收取费用)(及|和)?(减免)?/, /存在(的)?(主要)?问题|改进(措施|情况)/, /政府信息公开工作(的)?(基本|总体)情况|概述|总体情况/, /统计表|统计数据/];
const ABOUT_OGI = /政府信息公开|信息公开条例|政务公开/;

function reportSections(ctext: string): number {
  if (!REPORT_SECTIONS.test(ctext)) return 0;
  let n = 0;
  for (const re of SECTION_NAMES) if (re.test(ctext)) n++;
  return n;
}
const NOTICE_TITLE = /^关于.*(通知|函|公告|说明|批复|通报)$|(通知|公告|函)$/;
const ERROR_PAGE = /404|页面不存在|页面未找到|找不到(该|此)?页面|Not Found|访问出错|错误页面|服务器错误|Forbidden/i;

/** The page as normalised segments (`ogi serve` also uses it to find a table value in the page). */
export function toSegments(text: string, html: boolean): { segs: Segment[]; htmlTitle: string | null; siteName: string | null } {
  if (!html) {
    // each line of the text file is a piece of the page (normalising keeps the lines)
    const page: PageSource = { text, trad: isTraditional(text) };
    const srcs: Src[] = [];
    const re = /\r\n?|\n/g;
    let at = 0;
    for (let m = re.exec(text); ; m = re.exec(text)) {
      const end = m ? m.index : text.length;
      srcs.push({ page, pieces: [{ start: at, end, data: text.slice(at, end) }] });
      if (!m) break;
      at = m.index + m[0].length;
    }
    return { segs: textToSegments(normalizeText(text, page.trad), srcs), htmlTitle: null, siteName: null };
  }
  const { segments, title, siteName, page } = htmlToSegments(text);
  let sample = '';
  for (const s of segments) {
    sample += s.t === 'line' ? s.text : s.rows.map((r) => r.map((c) => c.text).join('')).join('');
    if (sample.length > 20000) break;
  }
  const trad = isTraditional(sample);
  page.trad = trad;
  const norm = (s: string): string => normalizeText(s, trad);
  const normCell = (s: string): string => { const n = norm(s); return n === s ? s : n.replace(/\s+/g, ' ').trim(); };
  const segs: Segment[] = groupLines(segments.map((s) => (s.t === 'line'
    ? { t: 'line', text: s.pre ? normalizeText(s.text, trad, true) : norm(s.text), link: s.link, pre: s.pre, src: s.src }
    : { t: 'table', source: s.source, rows: s.rows.map((r) => r.map((c) => { const text = normCell(c.text); return text === c.text ? c : { ...c, text }; })) })));
  return { segs, htmlTitle: title ? norm(title) : null, siteName: siteName ? norm(siteName) : null };
}

const MAX_EXTRACT_NESTING = 1000;
/** Statistics only the pre-2019 reports print (a single litigation count, answers by the old outcomes). */
const PRE2019_ONLY_KEY = /^requests\.(answered|already_public|denied|not_this_agency|not_exist|correction_notice|other_channel|closed)\.total$|^review\.(litigation|complaint)\.total$/;
// NUL or several other C0 control characters in the first bytes: a binary file
const BINARY = /\u0000|(?:[\u0001-\u0008\u000e-\u001a][^]{0,200}){4}/;

export function extract(input: ExtractInput): ExtractResult {
  const dec = decodeBody(input.bytes, input.contentType, input.charsetOverride ?? undefined);
  // a binary file (an attachment's bytes, a zip, a PDF) read as a page is not a page
  if (BINARY.test(dec.text.slice(0, 4096))) {
    return { charset: dec.charset, mainText: '', kind: 'other', reason: 'not read: binary content (a file, not a page)', record: null };
  }
  const html = looksLikeHtml(dec.text, input.contentType);
  // Hostile markup: parse5 is quadratic in nesting and the tree walkers recurse; real reports
  // nest a few dozen levels, so a page nested deeper than this is not read (and says so).
  if (html && htmlNesting(dec.text, MAX_EXTRACT_NESTING) > MAX_EXTRACT_NESTING) {
    return { charset: dec.charset, mainText: '', kind: 'other', reason: `not read: HTML nested more than ${MAX_EXTRACT_NESTING} elements deep`, record: null };
  }
  const parsed = toSegments(dec.text, html);
  const { htmlTitle, siteName } = parsed;
  // a crawler's metadata header (标题: / 发布时间: / 原文链接: …) is metadata, not report text
  const { header, segs } = splitCrawlerHeader(parsed.segs);
  const doc = buildDoc(segs, header?.title ?? null);
  const mainLines = doc.items.map((i) => (i.t === 'line' ? i.line.text : i.table.rows.map((r) => r.map((c) => c.text).join(' | ')).join('\n')));
  const meta = extractMeta({ titleLine: doc.titleLine, allLines: doc.allLines, mainLines, htmlTitle, siteName, header });
  const ctext = compact(doc.mainText);
  const base = { charset: dec.charset, mainText: doc.mainText };

  // pages that are not reports
  if (ERROR_PAGE.test(ctext.slice(0, 400)) && ctext.length < 800) return { ...base, kind: 'other', reason: 'error page', record: null };
  const titleLike = doc.allLines.filter((l) => titleScore(l) >= 3).length;
  if (meta.title && NOTICE_TITLE.test(meta.title)) return { ...base, kind: 'other', reason: `not a report: ${meta.title}`, record: null };

  // a notice or letter about the reports (关于做好…年度报告…的通知) under a generic column heading
  const notice = doc.allLines.slice(0, 60).find((l) => /^关于.{4,80}(通知|函|公告|通报|批复)$/.test(compact(l)) && /报告|年报/.test(l));
  if (notice && (!meta.title || !/(19|20)\d{2}/.test(meta.title))) return { ...base, kind: 'other', reason: `not a report: ${compact(notice)}`, record: null };
  const tokens = tokenize(doc);
  const format = detectFormat(ctext, meta.year);
  const tableMetrics: Metric[] = [];
  const requests = readRequests(tokens);
  const review = readReview(tokens);
  const officialFound = requests.found || review.found;
  tableMetrics.push(...requests.metrics, ...review.metrics);
  if (format === '2019' || format === '2021' || officialFound) {
    tableMetrics.push(...readProactive(tokens, format === '2021' ? '2021' : '2019').metrics);
  }
  const prose = readProse(doc);
  if (format === 'pre2019' || format === null) {
    const have = new Set(tableMetrics.map((m) => m.key));
    for (const m of readStatTables(tokens)) if (!have.has(m.key)) { have.add(m.key); tableMetrics.push(m); }
    // a 统计表 a crawler flattened into the running text
    const stated = new Map<string, number>();
    for (const [k, m] of prose) if (m.value !== null && !m.flags.includes('approximate')) stated.set(k, m.value);
    for (const m of readFlatStatTables(doc, stated)) if (!have.has(m.key)) { have.add(m.key); tableMetrics.push(m); }
  }
  const modern = format === '2019' || format === '2021';
  const metrics: Metric[] = [];
  const seen = new Set<string>();
  for (const m of tableMetrics) if (!seen.has(m.key)) { seen.add(m.key); metrics.push(m); }
  for (const [key, m] of prose) {
    // a 2019/2021 report counts these in its own tables' terms: the text's figure stays a second opinion
    if (seen.has(key) || (modern && PRE2019_ONLY_KEY.test(key))) metrics.push({ ...m, key: `prose.${key}` });
    else if (modern && /^(requests|review)\./.test(key)) {
      // the text of a 2019/2021 report cut before its tables: its counts often fold in other rows
      // (收到申请75件 = new + carried over), so without the table they are read with doubt
      seen.add(key);
      metrics.push({ ...m, flags: [...m.flags, 'uncertain_prose_only'] });
    } else { seen.add(key); metrics.push(m); }
  }

  const hasStats = metrics.some((m) => m.value !== null);
  if (titleLike >= 4 && (!hasStats || doc.linkLines > doc.textLines)) return { ...base, kind: 'list', reason: `${titleLike} report titles listed`, record: null };
  // A page with a report title needs report sections or statistics; a page without one (cut,
  // saved without its heading) is a report when it is about 政府信息公开 and has a statistics
  // table, or two report sections, or one section and statistics.
  const sections = reportSections(ctext);
  const tableStats = tableMetrics.some((m) => m.value !== null);
  const reportish = meta.title
    ? hasStats || sections > 0
    : ABOUT_OGI.test(ctext) && (tableStats || sections >= 2 || (hasStats && sections >= 1));
  if (!reportish) {
    const reason = meta.title
      ? 'titled like a report but no report content (no report sections, no statistics)'
      : `no report title, and too little report content without one (${sections} report section${sections === 1 ? '' : 's'}, ${hasStats ? 'statistics only in prose' : 'no statistics'})`;
    return { ...base, kind: titleLike >= 3 ? 'list' : 'other', reason, title: meta.title, record: null };
  }

  placeMetrics(metrics, input.positionsIn ?? 'snapshot', doc.mainText);
  const snapshot = input.snapshotSha256 ?? null;
  if (snapshot) for (const m of metrics) m.source = { ...m.source, snapshot };
  const checks = runChecks(metrics, meta.year, meta.published_date);
  const flags: string[] = [];
  if (checks.some((c) => !c.held)) flags.push('check_failed');
  if (metrics.some((m) => m.flags.includes('uncertain_split'))) flags.push('uncertain_split');
  if (metrics.some((m) => m.flags.includes('unreadable'))) flags.push('unreadable');
  if (!hasStats) flags.push('no_statistics');
  const record: ReportRecord = {
    title: meta.title,
    issuer: meta.issuer,
    region: meta.region,
    year: meta.year,
    format,
    published_date: meta.published_date,
    metrics,
    checks,
    flags,
  };
  return { ...base, kind: 'report', reason: format ? `annual report (${format} format)` : 'annual report', record };
}
