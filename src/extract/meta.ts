// Owns the report-level facts: title (line, 《quoted》 title or <title>), issuer (from the
// title, abbreviated or named only in the body), region, the year reported on (title year
// first or last, statistics period, even garbled) and the publication date the page gives.
// Also the metadata header a crawler writes above a saved text (标题: / 发布时间: / 发布机构: /
// 原文链接: lines, a ==== 正文 ==== rule): read as metadata, never as report text.
import { TITLE_TAIL, TITLE_WORDS } from './labels.js';
import { compact } from './normalize.js';
import type { Segment } from './segments.js';

const YEAR_RE = /((?:19|20)\d{2})\s*年/;

export function titleScore(line: string): number {
  const c = compact(line);
  if (c.length > 70 || c.length < 8) return 0;
  if (!TITLE_WORDS.test(c)) return 0;
  let s = 1;
  if (YEAR_RE.test(c)) s += 2;
  if (/(年度报告|年报|工作报告|报告)(\((19|20)\d{2}年度?\))?$/.test(c)) s += 2;
  if (/[,。;]/.test(c)) s -= 2;
  if (/^关于|通知$|的函$|公告$|>|»/.test(c)) s -= 3;
  if (/《/.test(c)) s -= 2;
  if (/[::]/.test(c)) s -= 1;
  return s;
}

/** A title run into the text that follows it (a crawler joined the page into one line): the opening words up to 年度报告/工作报告. */
function runInTitle(lines: string[]): string | null {
  const first = lines[0];
  if (!first || first.length <= 70) return null;
  const m = /^(\S{6,60}?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度报告|年报|工作报告|报告)(?:\((?:19|20)\d{2}年度?\))?)\s/.exec(first);
  return m && titleScore(m[1]) >= 3 ? compact(m[1]) : null;
}

/** Title from a quoted 《…报告》 in the first lines, or from the HTML <title>. */
export function fallbackTitle(lines: string[], htmlTitle: string | null): string | null {
  for (const l of lines.slice(0, 40)) {
    for (const m of l.matchAll(/《([^《》]{6,60})》/g)) {
      const c = compact(m[1]);
      if (TITLE_WORDS.test(c) && YEAR_RE.test(c) && !/条例|通知|办法|意见|要点/.test(c)) return c;
    }
  }
  if (htmlTitle) {
    const parts = htmlTitle.split(/[_|\-—–]+/).map((p) => compact(p)).filter((p) => TITLE_WORDS.test(p));
    if (parts.length) return parts[0];
  }
  return null;
}

const PLACE_SEG = /^(.{2,}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|地区|县|区|旗|镇|乡|街道))/;

/** Place segments at the start of a name: 浙江省杭州市西湖区财政局 → [浙江省, 杭州市, 西湖区]. */
function placeSegments(name: string): string[] {
  const segs: string[] = [];
  let rest = name;
  for (let k = 0; k < 4; k++) {
    const m = PLACE_SEG.exec(rest);
    if (!m || m[1].length > 12) break;
    // stop at words that are agencies, not places (市场…, 区域…)
    if (/^(人民|政府|办公|委员|管理)/.test(m[1])) break;
    segs.push(m[1]);
    rest = rest.slice(m[1].length);
    if (/^(人民政府|政府|办事处)/.test(rest) || !rest) break;
  }
  return segs;
}

export interface Meta { title: string | null; issuer: string | null; region: string | null; year: number | null; published_date: string | null }

function issuerFromName(name: string): { issuer: string | null; region: string | null } {
  let n = name.replace(/^关于|的$/g, '').replace(/^[((【\[]|[))】\]]$/g, '');
  if (!n) return { issuer: null, region: null };
  const segs = placeSegments(n);
  const region = segs.length ? segs.join('') : null;
  const placeStr = segs.join('');
  const rest = n.slice(placeStr.length);
  if (!rest) {
    if (!region) return { issuer: null, region: null };
    return { issuer: /街道$/.test(region) ? `${n}办事处` : `${n}人民政府`, region };
  }
  if (/^政府$/.test(rest)) n = `${placeStr}人民政府`;
  return { issuer: n, region };
}

/** An office that compiles the report → the body it reports for (XX县人民政府办公室 → XX县人民政府). */
function officeToIssuer(name: string): string {
  return name
    .replace(/^(.+?)(人民政府|政府)(信息公开|政务公开)?(工作)?(领导小组)?(办公室|办公厅|办)$/, '$1人民政府')
    .replace(/^(.+?[市县区旗州盟])(政府信息公开|政务公开)(工作)?(领导小组)?办公室$/, '$1人民政府')
    .replace(/^(.+?(?:局|委员会|厅|署))(办公室|综合科|办)$/, '$1');
}

const AGENCY_END = /(政府|局|委员会|委|办公室|办公厅|厅|中心|办|院|署|会|所|处|站|队|馆)$/;

/** Issuer named in the body: "本报告由XX编制", "…要求,由XX办公室编制", signature line before the closing date. */
function issuerFromBody(lines: string[]): string | null {
  for (const l of lines.slice(0, 30)) {
    const c = compact(l);
    if (!/报告/.test(c)) continue;
    const m = /报告(?:是)?由([^,。;、《》()]{3,30}?)(?:根据|依据|按照|编制|编写|制作|负责|汇总|起草)/.exec(c)
      ?? /(?:^|[,;])由([^,。;、《》()]{3,30}?)(?:负责)?(?:编制|编写|制作|汇总编制|汇总|起草|编撰)/.exec(c);
    if (m && !/^(本|我|各)/.test(m[1])) return officeToIssuer(m[1]);
  }
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 8); i--) {
    const c = compact(lines[i]);
    if (/^(19|20)\d{2}年\d{1,2}月\d{1,2}日$/.test(c) && i > 0) {
      const prev = compact(lines[i - 1]);
      if (prev.length <= 30 && AGENCY_END.test(prev)) return officeToIssuer(prev);
    }
  }
  return null;
}

// a report named in its own text: 公布2013年度平潭县地税局信息公开年度报告, XX县人民政府2012年政府信息公开工作年度报告
const MENTION_RE = /([\u4e00-\u9fa5]{3,30}?)(?:((?:19|20)\d{2})年度?)?(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告/g;
// a signature: the body's name right before the closing date (flattened texts keep both on one line)
const SIGNATURE_RE = /([\u4e00-\u9fa5]{3,30}(?:人民政府|政府|局|委员会|办公室|管委会|办事处))\s*((?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[二〇○零一三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日)/g;

/** Issuer of a page without a title: the report as its text names it, else the signature before the closing date. */
function issuerFromMention(lines: string[]): string | null {
  let budget = 6000;
  for (const l of lines) {
    const c = compact(l).slice(0, budget);
    budget -= c.length;
    for (const m of c.matchAll(MENTION_RE)) {
      // the name starts after the last verb or particle before it (公布…, 现将…, 的…)
      const name = m[1].replace(/^.*(?:公布|发布|编制|印发|现将|特将|形成|本|的|是|为|了|将|向社会)/, '').replace(/^(19|20)\d{2}年度?|^年度?/, '');
      if (name.length < 3) continue;
      const { issuer, region } = issuerFromName(name);
      if (issuer && region && AGENCY_END.test(issuer)) return officeToIssuer(issuer);
    }
    if (budget <= 0) break;
  }
  for (const l of lines.slice(-40).reverse()) {
    const all = [...compact(l).matchAll(SIGNATURE_RE)];
    const m = all[all.length - 1];
    if (m) {
      const name = m[1].replace(/^.*[。,;:!?)》”]/, '');
      if (issuerFromName(name).region) return officeToIssuer(name);
    }
  }
  return null;
}

/** Issuer from the page: 发布机构/来源 metadata, then the site name (<meta name="SiteName">, <title> suffix). */
/** A publishing body or site name as the page gives it → an issuer (null when it names no place and body). */
function pageIssuer(s: string): string | null {
  const c = compact(s).replace(/^中国/, '').replace(/(门户网站|政府网站|官方网站|官网|网站|门户|政府网)$/, '');
  if (c.length < 3 || c.length > 30 || /[·.,:|]/.test(c) || TITLE_WORDS.test(c)) return null;
  if (!issuerFromName(c).region) return null;
  return AGENCY_END.test(c) ? officeToIssuer(c) : /[市县区旗州盟]$/.test(c) ? `${c}人民政府` : null;
}

function issuerFromPage(allLines: string[], siteName: string | null, htmlTitle: string | null): string | null {
  const clean = pageIssuer;
  for (const l of allLines.slice(0, 80)) {
    const m = /(?:发布机构|发文机关|信息来源|来源)[::]\s*(?:\|\s*)?([^\s|]{3,30})/.exec(l);
    if (m) { const v = clean(m[1]); if (v) return v; }
  }
  if (siteName) { const v = clean(siteName); if (v) return v; }
  if (htmlTitle) {
    const parts = htmlTitle.split(/[_|\-—–]+/).slice(1).reverse();
    for (const p of parts) { const v = clean(p); if (v) return v; }
  }
  return null;
}

export function extractMeta(opts: { titleLine: string | null; allLines: string[]; mainLines: string[]; htmlTitle: string | null; siteName?: string | null; header?: PageHeader | null }): Meta {
  const header = opts.header ?? null;
  const title = header?.title ?? (opts.titleLine ? compact(opts.titleLine) : runInTitle(opts.mainLines) ?? fallbackTitle(opts.allLines, opts.htmlTitle));
  let issuer: string | null = null, region: string | null = null, year: number | null = null;
  if (title) {
    // the year reported on: the one next to 年度/工作/政府信息公开 (title year first or last)
    const ym = /((?:19|20)\d{2})\s*年度?(?=[^\d]*(政府信息公开|政务公开|信息公开))/.exec(title) ?? /\(((?:19|20)\d{2})年度?\)/.exec(title) ?? YEAR_RE.exec(title);
    if (ym) year = Number(ym[1]);
    const name = title.replace(TITLE_TAIL, '').replace(/[((]?(19|20)\d{2}年度?[))]?/g, '').replace(/^关于/, '').replace(/的$/, '').replace(/(本级|机关)$/, '');
    ({ issuer, region } = issuerFromName(name));
  }
  if (!issuer) {
    // the body names the compiler; a name without a place (市教育局) takes the page's place
    let body = issuerFromBody(opts.mainLines) ?? issuerFromMention(opts.mainLines);
    const page = (header?.issuer ? pageIssuer(header.issuer) : null) ?? issuerFromPage(opts.allLines, opts.siteName ?? null, opts.htmlTitle);
    if (body && !issuerFromName(body).region) {
      const pageRegion = page ? issuerFromName(page).region : null;
      body = pageRegion && /^[市县区]/.test(body) && pageRegion.endsWith(body[0]) ? pageRegion + body.slice(1) : null;
    }
    const pick = body ?? page;
    if (pick) {
      issuer = pick;
      region = region ?? issuerFromName(pick).region;
    }
  }
  if (!region && issuer) region = issuerFromName(issuer).region;
  if (year === null) year = yearFromBody(opts.mainLines);
  const published_date = header?.published ?? publishedDate(opts.allLines, opts.titleLine);
  return { title, issuer, region, year, published_date };
}

function yearFromBody(lines: string[]): number | null {
  for (const l of lines) {
    const c = compact(l);
    const m = /统计(期限|时限|期间|时间)[^。]{0,8}?((?:19|20)\d{2})/.exec(c);
    if (m) return Number(m[2]);
  }
  const counts = new Map<number, number>();
  for (const l of lines.slice(0, 60)) {
    for (const m of compact(l).matchAll(/((?:19|20)\d{2})年(度)?[,,]/g)) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  }
  let best: number | null = null, bc = 0;
  for (const [y, c] of counts) if (c > bc) { best = y; bc = c; }
  return best;
}

const DATE_RE = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;

function iso(m: RegExpExecArray): string | null {
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function publishedDate(all: string[], title: string | null): string | null {
  for (const l of all) {
    const c = l.replace(/\s+/g, ' ');
    const k = /(发布时间|发布日期|发稿时间|发表时间|公开日期|成文日期|发文日期|日期|时间)\s*[::]\s*/.exec(c);
    if (k) {
      const m = DATE_RE.exec(c.slice(k.index));
      if (m) { const d = iso(m); if (d) return d; }
    }
    const m2 = /^\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(来源|来\s*源|作者|浏览|点击|\d{1,2}:\d{2})/.exec(c);
    if (m2) { const d = iso(m2 as RegExpExecArray); if (d) return d; }
  }
  // a date standing alone just under the title
  const ti = title ? all.indexOf(title) : -1;
  if (ti >= 0) {
    for (const l of all.slice(ti + 1, ti + 4)) {
      const m = /^((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(compact(l));
      if (m) { const d = iso(m); if (d) return d; }
    }
  }
  return null;
}

/** Metadata a crawler wrote above a saved page (key: value lines). */
export interface PageHeader { title: string | null; published: string | null; issuer: string | null; url: string | null }

// key: value lines of crawler and CMS export headers (the colon is already half-width)
const HEADER_KEY = /^(标题|题目|文章标题|发布时间|发布日期|成文日期|日期|时间|文号|发文字号|索引号|发布机构|发文机关|发布单位|来源|信息来源|栏目|所属栏目|原文链接|原文地址|原始链接|网址|链接|URL|url|本地目录|本地路径|保存时间|抓取时间|分类|主题分类)\s*:\s*(.*)$/;
// a rule that ends the header (==== 正文 ====, ----, ****)
const HEADER_RULE = /^[=\-─—*#~_]{3,}\s*(正文|内容|全文)?\s*[=\-─—*#~_]*$/;

/**
 * Splits a crawler's metadata header off the first lines: the text opens with a `key: value`
 * line, at least two of them among the first fourteen lines, one a title, date or link; the
 * header runs to a rule line or the last such line. Short notes between them ("页面链接与图片
 * 详见 links.tsv") belong to the header. (A page's own info list under its title is not one.)
 */
export function splitCrawlerHeader(segs: Segment[]): { header: PageHeader | null; segs: Segment[] } {
  const fields = new Map<string, string>();
  let end = -1, keys = 0, seen = 0;
  for (let i = 0; i < segs.length && seen < 14; i++) {
    const s = segs[i];
    if (s.t !== 'line') break;
    seen++;
    const text = s.text.trim();
    if (HEADER_RULE.test(text)) { if (keys >= 2) end = i; break; }
    const m = HEADER_KEY.exec(text);
    if (m && m[2].length <= 300) {
      keys++;
      end = i;
      if (!fields.has(m[1]) && m[2].trim()) fields.set(m[1], m[2].trim());
      continue;
    }
    // the header opens the text; after it, anything but a short note ends it
    if (!keys || compact(text).length > 60 || /[。;]/.test(text)) break;
  }
  const anchor = ['标题', '题目', '文章标题', '原文链接', '原文地址', '原始链接', '发布时间', '发布日期'].some((k) => fields.has(k));
  if (keys < 2 || !anchor || end < 0) return { header: null, segs };
  const get = (...ks: string[]): string | null => { for (const k of ks) { const v = fields.get(k); if (v) return v; } return null; };
  const dateText = get('发布时间', '发布日期', '成文日期', '日期', '时间');
  const dm = dateText ? DATE_RE.exec(dateText) : null;
  const title = get('标题', '题目', '文章标题');
  return {
    header: {
      title: title ? compact(title) : null,
      published: dm ? iso(dm) : null,
      issuer: get('发布机构', '发文机关', '发布单位', '来源', '信息来源'),
      url: get('原文链接', '原文地址', '原始链接', '网址', '链接', 'URL', 'url'),
    },
    segs: segs.slice(end + 1),
  };
}
