// Owns platform fingerprints: which publishing platform a portal runs, told from what its pages
// show (generator meta tags, script and asset names, URL shapes of its links, API calls written
// in its scripts), each signal with a weight and where it was seen, and the dialect that crawls
// the platform (the platform's own when registered, else the one that reaches it today). Pure.
import { getDialect } from '../../crawlers/index.js';

export interface PlatformRule {
  /** Short key: hanweb, trs, gkmlpt, anhui, vsb, liaoning, aspnet, … */
  platform: string;
  /** What people call it. */
  name: string;
  /** The dialect made for it, and the registered one to use while that does not exist. */
  dialect: string;
  fallback: string;
  /** Lists drawn by script: a plain fetch sees no rows (render: browser without a data dialect). */
  scriptLists?: boolean;
  signals: Array<{ re: RegExp; what: string; weight: number }>;
}

export const PLATFORMS: PlatformRule[] = [
  {
    platform: 'hanweb', name: 'Hanweb JCMS', dialect: 'hanweb', fallback: 'hanweb',
    signals: [
      { re: /\/module\/web\/jpage\/dataproxy\.jsp/, what: 'jpage data call /module/web/jpage/dataproxy.jsp', weight: 4 },
      { re: /\/module\/jpage\/dataproxy\.jsp/, what: 'jpage data call /module/jpage/dataproxy.jsp (Zhejiang variant)', weight: 4 },
      { re: /jquery\.jpage\.js|\.jpage\s*\(\s*\{/, what: 'the jpage list script', weight: 2 },
      { re: /<datastore>|<recordset>/, what: 'an inline <datastore> of list records', weight: 2 },
      { re: /\/col\/col\d+\/index\.html/, what: 'column URLs /col/colN/index.html', weight: 2 },
      { re: /\/art\/\d{4}\/\d{1,2}\/\d{1,2}\/art_\d+_\d+\.html/, what: 'article URLs /art/Y/M/D/art_C_ID.html', weight: 3 },
      { re: /\/module\/xxgk\/xxgkAnnualReport\.jsp/, what: 'the annual-report module /module/xxgk/xxgkAnnualReport.jsp', weight: 3 },
      { re: /hanweb/i, what: 'the name Hanweb in the page', weight: 1 },
    ],
  },
  {
    platform: 'gkmlpt', name: 'Guangdong gkmlpt 政府信息公开目录', dialect: 'gkmlpt', fallback: 'gkmlpt',
    signals: [
      { re: /\/gkmlpt\/(index|annualreport|content|api)/, what: 'gkmlpt paths /gkmlpt/…', weight: 4 },
      { re: /\/gkmlpt\/content\/\d+\/\d+\/post_\d+\.html/, what: 'gkmlpt document URLs /gkmlpt/content/X/Y/post_ID.html', weight: 3 },
      { re: /window\._CONFIG|GKMLPT\s*=/, what: 'the gkmlpt page configuration object', weight: 2 },
    ],
  },
  {
    platform: 'anhui', name: 'Anhui 政务公开 platform (/public/)', dialect: 'anhui', fallback: 'linklist', scriptLists: true,
    signals: [
      { re: /\/site\/label\/8888/, what: 'the label call /site/label/8888 (lists as HTML fragments)', weight: 4 },
      { re: /\/public\/column\/\d+/, what: 'column URLs /public/column/{organId}', weight: 3 },
      { re: /\/public\/\d+\/\d+\.html/, what: 'document URLs /public/{organId}/{id}.html', weight: 3 },
      { re: /\/openness\/\w+/, what: 'disclosure URLs /openness/…', weight: 1 },
      { re: /\b(all_)?list\.php\?(unit|xxflid)=/, what: 'the older PHP lists list.php?unit= / all_list.php?xxflid=', weight: 3 },
      { re: /\b(gknb_)?show\.php\?id=\d+/, what: 'PHP documents show.php?id= / gknb_show.php?id=', weight: 2 },
    ],
  },
  {
    platform: 'vsb', name: 'VSB (博达) site builder', dialect: 'vsb', fallback: 'generic',
    signals: [
      { re: /\/system\/_content\//, what: 'VSB content paths /system/_content/', weight: 4 },
      { re: /name=["']?generator["']?[^>]*(Visual\s*SiteBuilder|VSB)/i, what: 'a generator meta tag naming VSB', weight: 4 },
      { re: /_sitegray|\/_vsl\/|vsbscreen|\bvsb_/i, what: 'VSB asset names', weight: 2 },
      { re: /\/info\/\d+\/\d+\.htm/, what: 'VSB document URLs /info/{col}/{id}.htm', weight: 2 },
    ],
  },
  {
    platform: 'liaoning', name: 'Liaoning portal platform (/html/{SITECODE}/)', dialect: 'liaoning', fallback: 'linklist',
    signals: [
      { re: /\/html\/[A-Z]{3,}\/\d{6}\/\d{10,}\.html/, what: 'document URLs /html/{SITECODE}/YYYYMM/{id}.html', weight: 4 },
      { re: /\/html\/[A-Z]{3,}\/\w+\/index\.html/, what: 'column URLs /html/{SITECODE}/…/index.html', weight: 2 },
      { re: /search\.ct\?siteCode=|\/search\/search\.ct\b/, what: 'site search /search/search.ct', weight: 2 },
      { re: /\/html\/[A-Z]{3,}\/\w+\.html/, what: 'pages /html/{SITECODE}/….html', weight: 2 },
    ],
  },
  {
    platform: 'aspnet', name: 'ASP.NET CMS (/Item/N.aspx, /Category_N/)', dialect: 'gknr', fallback: 'linklist',
    signals: [
      { re: /\/Item\/\d+\.aspx/, what: 'document URLs /Item/N.aspx', weight: 3 },
      { re: /\/Category_\d+\/Index(_\d+)?\.aspx/, what: 'column URLs /Category_N/Index.aspx', weight: 3 },
      { re: /\/GKNR\/PageData/, what: 'the POST list call /GKNR/PageData', weight: 3 },
      { re: /__VIEWSTATE|\.aspx\b/, what: 'ASP.NET pages', weight: 1 },
    ],
  },
  {
    platform: 'trs', name: 'TRS WCM (static pages)', dialect: 'trs', fallback: 'trs',
    signals: [
      { re: /name=["']?generator["']?[^>]*TRS/i, what: 'a generator meta tag naming TRS', weight: 4 },
      { re: /\/\d{6}\/t\d{8}_\d+(_app)?\.s?html?/, what: 'TRS document URLs ./YYYYMM/tYYYYMMDD_ID.html', weight: 3 },
      { re: /createPageHTML\s*\(/, what: 'the createPageHTML(…) pager', weight: 3 },
      { re: /\bcountPage\s*=\s*\d+/, what: 'a countPage pager script', weight: 2 },
      { re: /TRS_Editor|TRS_AUTOADD/, what: 'TRS editor markup', weight: 2 },
      { re: /CurrChnlCls/, what: 'TRS breadcrumb links (CurrChnlCls)', weight: 2 },
      { re: /\/was5?\d*\/(search|web)/, what: 'TRS WAS site search', weight: 1 },
      { re: /\/fjdzapp\/search/, what: 'the Fujian TRS JSON list call /fjdzapp/search', weight: 3 },
    ],
  },
  {
    platform: 'gdportal', name: 'Guangdong city portal CMS (content/post_N.html)', dialect: 'generic', fallback: 'generic',
    signals: [{ re: /\/content\/post_\d+\.html/, what: 'document URLs …/content/post_N.html outside gkmlpt', weight: 3 }],
  },
  {
    platform: 'hunan', name: 'Hunan portal platform (content_N.html)', dialect: 'generic', fallback: 'generic',
    signals: [{ re: /\/\d{3,6}\/(\d+\/)*content_\d+\.html/, what: 'document URLs /{column}/…/content_N.html', weight: 3 }],
  },
  {
    platform: 'docpath', name: 'dated-path CMS (/doc/Y/M/D/N.shtml)', dialect: 'generic', fallback: 'generic',
    signals: [{ re: /\/doc\/\d{4}\/\d{2}\/\d{2}\/\d+\.shtml/, what: 'document URLs /doc/Y/M/D/N.shtml', weight: 3 }],
  },
  {
    platform: 'uuid', name: 'uuid-named .shtml CMS', dialect: 'generic', fallback: 'generic',
    signals: [{ re: /\/\d{6}\/[0-9a-f]{32}\.shtml/, what: 'document URLs /YYYYMM/{32 hex}.shtml', weight: 3 }],
  },
];

export interface Signal { platform: string; what: string; weight: number; where: string }

export interface Fingerprint {
  platform: string;
  name: string;
  /** The dialect to use now (the platform's own when registered, else its fallback). */
  dialect: string;
  /** The dialect made for the platform, when it differs and is not registered yet. */
  wanted?: string;
  scriptLists: boolean;
  score: number;
  signals: Signal[];
}

/** One page's signals (its HTML and its own URL), named by where they were seen. */
export function signalsOf(url: string, html: string): Signal[] {
  const out: Signal[] = [];
  const gen = /<meta[^>]+name=["']?generator["']?[^>]*>/i.exec(html)?.[0] ?? '';
  for (const p of PLATFORMS) {
    for (const s of p.signals) {
      if (s.re.test(url) || s.re.test(html) || (gen && s.re.test(gen))) out.push({ platform: p.platform, what: s.what, weight: s.weight, where: url });
    }
  }
  return out;
}

/** Platforms ranked by the signals of every page seen (a signal counts once per platform). */
export function rankPlatforms(signals: readonly Signal[]): Fingerprint[] {
  const by = new Map<string, Map<string, Signal>>();
  for (const s of signals) {
    const m = by.get(s.platform) ?? new Map<string, Signal>();
    if (!m.has(s.what)) m.set(s.what, s);
    by.set(s.platform, m);
  }
  const out: Fingerprint[] = [];
  for (const [platform, m] of by) {
    const rule = PLATFORMS.find((p) => p.platform === platform)!;
    const own = getDialect(rule.dialect) ? rule.dialect : undefined;
    const list = [...m.values()];
    out.push({
      platform, name: rule.name, dialect: own ?? rule.fallback, wanted: own ? undefined : rule.dialect,
      scriptLists: !!rule.scriptLists && !own, score: list.reduce((a, s) => a + s.weight, 0), signals: list,
    });
  }
  // ties go to the platform listed first (more specific rules come first)
  return out.sort((a, b) => b.score - a.score || PLATFORMS.findIndex((p) => p.platform === a.platform) - PLATFORMS.findIndex((p) => p.platform === b.platform));
}

/** The unknown platform: crawled by the generic dialect. */
export const UNKNOWN: Fingerprint = { platform: 'unknown', name: 'no known platform', dialect: 'generic', scriptLists: false, score: 0, signals: [] };
