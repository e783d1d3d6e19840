// Owns the extractor's public API: bytes of one page → classification, normalised main text
// and (for annual reports) the structured record with every statistic, its provenance and
// the identity checks. Pure and deterministic: no I/O, no clock-dependent output except the
// plausibility bound on years.
import { decodeBody } from '../fetch/decode.js';
import { buildDoc } from './content.js';
import { detectFormat } from './format.js';
import { htmlToSegments, looksLikeHtml } from './html.js';
import { extractMeta, titleScore } from './meta.js';
import { isTraditional, normalizeText, compact } from './normalize.js';
import { readProactive, readRequests, readReview } from './official.js';
import { readProse } from './prose.js';
import { readStatTables } from './stattable.js';
import { groupLines, textToSegments, type Segment } from './segments.js';
import { tokenize } from './tokens.js';
import { runChecks } from './checks.js';
import type { ExtractInput, ExtractResult, Metric, ReportRecord } from './types.js';
import { htmlNesting } from '../fetch/htmlguard.js';

export type { ExtractInput, ExtractResult, Metric, Check, Locator, ReportRecord, Format } from './types.js';

/** Bump on any rule change. */
export const EXTRACTOR_VERSION = '1.1.0';

const REPORT_SECTIONS = /主动公开政府信息情况|依申请公开|收到和处理政府信息公开申请|行政复议|政府信息公开工作(的)?(基本|总体)情况|概述|总体情况/;
const NOTICE_TITLE = /^关于.*(通知|函|公告|说明|批复|通报)$|(通知|公告|函)$/;
const ERROR_PAGE = /404|页面不存在|页面未找到|找不到(该|此)?页面|Not Found|访问出错|错误页面|服务器错误|Forbidden/i;

/** The page as normalised segments (`ogi serve` also uses it to find a table value in the page). */
export function toSegments(text: string, html: boolean): { segs: Segment[]; htmlTitle: string | null; siteName: string | null } {
  if (!html) return { segs: textToSegments(normalizeText(text)), htmlTitle: null, siteName: null };
  const { segments, title, siteName } = htmlToSegments(text);
  let sample = '';
  for (const s of segments) {
    sample += s.t === 'line' ? s.text : s.rows.map((r) => r.map((c) => c.text).join('')).join('');
    if (sample.length > 20000) break;
  }
  const trad = isTraditional(sample);
  const norm = (s: string): string => normalizeText(s, trad);
  const normCell = (s: string): string => { const n = norm(s); return n === s ? s : n.replace(/\s+/g, ' ').trim(); };
  const segs: Segment[] = groupLines(segments.map((s) => (s.t === 'line'
    ? { t: 'line', text: s.pre ? normalizeText(s.text, trad, true) : norm(s.text), link: s.link, pre: s.pre }
    : { t: 'table', source: s.source, rows: s.rows.map((r) => r.map((c) => { const text = normCell(c.text); return text === c.text ? c : { ...c, text }; })) })));
  return { segs, htmlTitle: title ? norm(title) : null, siteName: siteName ? norm(siteName) : null };
}

const MAX_EXTRACT_NESTING = 1000;
/** Statistics only the pre-2019 reports print (a single litigation count, answers by the old outcomes). */
const PRE2019_ONLY_KEY = /^requests\.(answered|already_public|denied|not_this_agency|not_exist|correction_notice|other_channel|closed)\.total$|^review\.(litigation|complaint)\.total$/;

export function extract(input: ExtractInput): ExtractResult {
  const dec = decodeBody(input.bytes, input.contentType, input.charsetOverride ?? undefined);
  const html = looksLikeHtml(dec.text, input.contentType);
  // Hostile markup: parse5 is quadratic in nesting and the tree walkers recurse; real reports
  // nest a few dozen levels, so a page nested deeper than this is not read (and says so).
  if (html && htmlNesting(dec.text, MAX_EXTRACT_NESTING) > MAX_EXTRACT_NESTING) {
    return { charset: dec.charset, mainText: '', kind: 'other', reason: `not read: HTML nested more than ${MAX_EXTRACT_NESTING} elements deep`, record: null };
  }
  const { segs, htmlTitle, siteName } = toSegments(dec.text, html);
  const doc = buildDoc(segs);
  const mainLines = doc.items.map((i) => (i.t === 'line' ? i.line.text : i.table.rows.map((r) => r.map((c) => c.text).join(' | ')).join('\n')));
  const meta = extractMeta({ titleLine: doc.titleLine, allLines: doc.allLines, mainLines, htmlTitle, siteName });
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
  if (format === 'pre2019' || format === null) {
    const have = new Set(tableMetrics.map((m) => m.key));
    for (const m of readStatTables(tokens)) if (!have.has(m.key)) tableMetrics.push(m);
  }
  const prose = readProse(doc);
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
  const reportish = Boolean(meta.title) && (hasStats || REPORT_SECTIONS.test(ctext));
  if (!reportish) {
    const reason = meta.title ? 'titled like a report but no report content' : 'no report title';
    return { ...base, kind: titleLike >= 3 ? 'list' : 'other', reason, record: null };
  }

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
