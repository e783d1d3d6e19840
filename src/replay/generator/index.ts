// Public API of the report generator: generateReport (one page with its truth),
// generateCorpus (a covering set), generateNonReport. Assembles values → body → chrome →
// script → spam → encoding; every step is seeded so the same options give the same bytes.
import { Rng, mixSeed } from './prng.js';
import { PLACES } from './places.js';
import { genModern, genPre2019, reviseModern, revisePre2019 } from './values.js';
import { modernBody, type BodyParts } from './era-modern.js';
import { pre2019Body } from './era-pre2019.js';
import { makeCtx } from './phrases.js';
import { makeTitle } from './titles.js';
import { wrapPage } from './chrome.js';
import { injectSpam } from './spam.js';
import { encodePage, toTraditional, type TradVariant } from './encode.js';
import { ERAS, LAYOUTS, resolveOptions, yearRange, type Era, type GenOptions } from './options.js';
import type { Layout, RenderOpts } from './layouts.js';
import { fullWidth } from './format.js';

export type { Era, GenOptions, Layout };
export { ERAS, LAYOUTS };
export { generateNonReport, type NonReport, type NonReportOptions } from './nonreport.js';
export { vocabulary } from './labels.js';
export { PLACES } from './places.js';

export interface Truth {
  title: string;
  issuer: string;
  region: string;
  year: number;
  format: Era;
  published_date: string;
  metrics: Record<string, number>;
  /** keys whose values a correct extractor must flag (only for deliberately corrupted pages) */
  expect_flags?: string[];
}

export interface GeneratedReport {
  bytes: Buffer;
  /** e.g. 'text/html; charset=utf-8', or 'text/html' when no charset is declared in the header */
  contentType: string;
  /** the page as text, before encoding */
  html: string;
  truth: Truth;
  options: GenOptions;
}

function minusDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

const placeSalt = (issuer: string) => [...issuer].reduce((h, ch) => mixSeed(h, ch.codePointAt(0)!), 17);

export function generateReport(input: Partial<GenOptions> & { seed: number }): GeneratedReport {
  const { opts, place } = resolveOptions(input);
  const { seed, era, year, layout } = opts;
  // numbers depend on seed, era, year and issuer only: the same report in another layout or chrome has the same values
  const vRng = new Rng(mixSeed(seed, ERAS.indexOf(era), year, placeSalt(place.issuer)));
  const tRng = new Rng(mixSeed(seed, 3, LAYOUTS.indexOf(layout)));
  const title = makeTitle(new Rng(mixSeed(seed, 5, year, placeSalt(place.issuer))), place, year, era);
  const signDate = minusDays(opts.publishedDate, tRng.int(0, 20));
  const render: RenderOpts = {
    qmarks: layout === 'merged' && tRng.chance(0.5),
    trailingPipes: tRng.weighted([[0, 2], [1, 2], [2, 1]] as const),
    leadingPipe: tRng.chance(0.3),
    lineStyle: tRng.pick(['p', 'br', 'div'] as const),
  };
  // (blank cells in this form are ambiguous: a reader cannot tell them from a row's opening pipe)
  if (layout === 'flattened-pipe' && era !== 'pre2019' && !opts.blanks) render.pipeCells = tRng.chance(0.3);
  const ctx = makeCtx(tRng, place, year);
  let parts: BodyParts;
  if (era === 'pre2019') {
    const tables = year >= 2014 && vRng.chance(0.7) ? 'stat' : 'appendix';
    let v = genPre2019(vRng.fork(1), place, tables === 'stat');
    if (opts.revision) v = revisePre2019(new Rng(mixSeed(seed, 99, opts.revision)), v, opts.revision);
    parts = pre2019Body(ctx, v, { layout, revision: opts.revision ?? 0, signDate, render, tables: layout === 'prose' ? 'none' : tables });
  } else {
    let v = genModern(vRng.fork(1), era, place);
    if (opts.revision) v = reviseModern(new Rng(mixSeed(seed, 99, opts.revision)), v, era, opts.revision);
    parts = modernBody(ctx, v, { era, layout, blanks: opts.blanks, spam: opts.spam, revision: opts.revision ?? 0, corrupt: opts.corrupt ?? 'none', signDate, render });
  }
  let blocks = parts.blocks;
  // some pre-2019 pages were typed with full-width digits
  if (era === 'pre2019' && tRng.chance(0.1)) blocks = blocks.map((b) => (b.startsWith('<p') ? b.replace(/>([^<]*)</g, (_, t: string) => `>${fullWidth(t)}<`) : b));
  if (render.qmarks) blocks = blocks.map((b) => (/^<p[ >]/.test(b) && !b.includes('|') ? b.replace(/<\/p>$/, '?</p>') : b));
  // Word exports wrap digit runs in <span lang="EN-US">; some CMSs write lines with <br/> instead of paragraphs
  if (layout === 'merged') blocks = blocks.map((b) => (b.startsWith('<p') ? b.replace(/>([^<]*)</g, (_, t: string) => `>${t.replace(/\d+/g, '<span lang="EN-US">$&</span>')}<`) : b));
  else if (tRng.chance(0.12)) blocks = blocks.map((b) => (/^<p[ >]/.test(b) && b.endsWith('</p>') ? b.replace(/^<p[^>]*>/, '').replace(/<\/p>$/, '<br/>') : b));
  let spam: string[] = [];
  if (opts.spam) ({ blocks, spam } = injectSpam(new Rng(mixSeed(seed, 11)), blocks));
  let page = wrapPage(blocks.join('\n'), {
    title, place, year, publishedDate: opts.publishedDate, siteIdCode: opts.siteIdCode!, indexNo: opts.indexNo!, variant: opts.chromeVariant ?? 0, seed, spam: opts.spam,
  }, opts.chrome);
  const sRng = new Rng(mixSeed(seed, 13));
  if (opts.script === 'traditional') page = toTraditional(page, sRng.pick(['hk', 'tw', 'naive'] as const satisfies readonly TradVariant[]));
  if (opts.spam) {
    page = page.replace(/@@SPAM(\d+)@@/g, (_, i: string) => spam[Number(i)] ?? '');
    page = page.replace('@@SPAMTOP@@', `<p>${sRng.pick(['乐趣江苏麻将最新版本', '澳门威尼斯人官网', '北京赛车pk10'])}</p>`);
    page = page.replace('@@SPAMBOTTOM@@', `<div class="links">${sRng.sample(['乐趣江苏麻将最新版本', '请问昨晚开什么特马', '乒乓球世界冠军', '香港开马开奖琭场直播', '重庆时时彩玩法', '重庆时时彩八方集团开奖结果', '吉林时时公告', '云南快乐十中奖技巧', '时时彩内部管理计划群', '福彩3D开奖近5000期走势图', '老时时号码历史'], 6).join(' ')}</div>`);
  }
  const enc = encodePage(new Rng(mixSeed(seed, 17)), page, opts.encoding, opts.declareCharset);
  const truth: Truth = { title, issuer: place.issuer, region: place.region, year, format: era, published_date: opts.publishedDate, metrics: parts.metrics };
  if (parts.expectFlags) truth.expect_flags = parts.expectFlags;
  return { bytes: enc.bytes, contentType: enc.contentType, html: enc.html, truth, options: opts };
}

/**
 * A corpus that spans every era × layout, both encodings and declarations, both scripts,
 * chrome on/off, spam, blanks and revisions; deterministic in (n, seed).
 */
export function generateCorpus(n: number, seed: number): GeneratedReport[] {
  const out: GeneratedReport[] = [];
  const modernLayouts: Layout[] = ['table', 'merged', 'flattened-pipe', 'flattened-lines', 'whitespace', 'flattened-run'];
  for (let i = 0; i < n; i++) {
    const rng = new Rng(mixSeed(seed, 1000 + i));
    const era = ERAS[i % 3];
    const k = Math.floor(i / 3);
    const layout = era === 'pre2019' ? LAYOUTS[k % 6] : modernLayouts[k % modernLayouts.length];
    const [y0, y1] = yearRange(era);
    out.push(generateReport({
      seed: mixSeed(seed, i),
      era,
      year: rng.int(y0, y1),
      issuer: PLACES[(i * 7 + Math.floor(i / PLACES.length)) % PLACES.length].issuer,
      layout,
      encoding: i % 2 === 0 ? 'utf-8' : 'gbk',
      declareCharset: (['correct', 'correct', 'none', 'wrong', 'correct'] as const)[Math.floor(i / 2) % 5],
      script: i % 7 === 3 ? 'traditional' : 'simplified',
      chrome: i % 4 !== 2,
      spam: i % 5 === 1,
      blanks: i % 3 !== 0 ? k % 2 === 0 : false,
      revision: i % 11 === 5 ? 1 + (i % 2) : 0,
      chromeVariant: rng.int(0, 3),
    }));
  }
  return out;
}

/** Deliberately corrupted 2019/2021 reports (a 总计 that does not add up, a row shifted by one column), with `truth.expect_flags`. */
export function generateCorruptedCorpus(n: number, seed: number): GeneratedReport[] {
  const layouts: Layout[] = ['table', 'merged', 'flattened-pipe', 'whitespace'];
  return Array.from({ length: n }, (_, i) => generateReport({
    seed: mixSeed(seed, 5000 + i),
    era: i % 2 === 0 ? '2019' : '2021',
    layout: layouts[Math.floor(i / 2) % layouts.length],
    blanks: false,
    corrupt: i % 4 < 2 ? 'bad-total' : 'shifted-column',
  }));
}
