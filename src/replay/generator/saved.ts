// Owns pre-2019 reports as crawlers save them: the page's text run together into one line (a
// crawler drops the paragraph breaks), under a metadata header (标题: / 发布时间: / 发布机构: /
// 原文链接: … ==== 正文 ====), sometimes after a breadcrumb run into the same line, sometimes
// without its title, with the local appendix 统计表 (指标名称 计量单位 YYYY年度 历年累计) flattened
// with no separator between cells or with spaces, and distractor sentences (行政审批 applications,
// enquiries, visits). The truth is exactly what the text states.
import { Rng, mixSeed } from './prng.js';
import { generateReport, type GeneratedReport, type Truth } from './index.js';
import { PLACES } from './places.js';

export interface SavedOptions {
  seed: number;
  /** crawler metadata header above the text */
  header: boolean;
  /** the portal's breadcrumb and byline run into the same line before the title */
  chromePrefix: boolean;
  /** saved without its title (no header either) */
  titleless: boolean;
  /** the appendix 统计表: cells run together, spaced, or no table */
  table: 'glued' | 'spaced' | 'none';
  /** sentences with figures that are not the statistics (行政审批, 咨询, 访问量) */
  distractors: boolean;
}

export interface SavedReport { bytes: Buffer; contentType: string; text: string; truth: Omit<Truth, 'title' | 'published_date'> & { title: string | null; published_date: string | null }; options: SavedOptions }

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/** The paragraphs of a chrome-less generated page's content, as text. */
function paragraphs(html: string): string[] {
  const start = html.indexOf('<div class="content">');
  const body = html.slice(start < 0 ? 0 : start);
  return body.split(/<\/p>|<br\s*\/?>|<\/div>/).map((p) => p.replace(/<[^>]+>/g, '').replace(/&[a-z#0-9]+;/g, (e) => ENTITIES[e] ?? ' ').trim()).filter(Boolean);
}

interface Row { label: string; unit: string; key: string | null; y: number; c: number; num?: number; lead?: string }

/** Splits `total` into `n` non-negative parts. */
function parts(rng: Rng, total: number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < total; i++) out[rng.int(0, n - 1)]++;
  return out;
}

/** Rows of the local appendix table, consistent with what the text states; null when they cannot be. */
function tableRows(rng: Rng, m: Record<string, number>): Row[] | null {
  const cum = (y: number) => y + rng.int(0, y * 4 + 6);
  const items = m['proactive.items.total'] ?? rng.int(50, 3000);
  const gaz = rng.int(0, Math.min(items, 40));
  const webC = cum(items - gaz), gazC = gaz + rng.int(0, 20);
  const R = m['requests.new_received.total'] ?? rng.int(0, 40);
  const chanKeys = ['in_person', 'fax', 'email', 'online', 'letter', 'other'];
  const stated = chanKeys.map((k) => m[`requests.channel.${k}`]);
  let chans: number[];
  if (stated.some((x) => x !== undefined)) {
    chans = stated.map((x) => x ?? 0);
    const diff = R - chans.reduce((a, b) => a + b, 0);
    if (diff < 0 || (diff > 0 && stated[5] !== undefined)) return null;
    chans[5] += diff;
  } else chans = parts(rng, R, 6);
  const chanC = chans.map((x) => cum(x));
  const A = m['requests.answered.total'] ?? R;
  const outs = ['granted', 'partial', 'denied'].map((k) => m[`requests.${k}.total`]);
  let o: number[];
  if (outs.every((x) => x !== undefined)) o = outs as number[];
  else if (outs.some((x) => x !== undefined)) return null;
  else o = parts(rng, A, 3);
  const oC = o.map((x) => cum(x));
  const extraA = A - o.reduce((a, b) => a + b, 0);
  const rec = m['review.reconsideration.total'] ?? 0, lit = m['review.litigation.total'] ?? 0, comp = m['review.complaint.total'] ?? 0;
  const chanLabels = ['当面申请数', '传真申请数', '电子邮件申请数', '网上申请数', '信函申请数', '其它形式申请数'];
  return [
    { label: '主动公开信息数', unit: '条', key: 'proactive.items.total', y: items, c: webC + gazC },
    { label: '网站公开', unit: '条', key: 'proactive.channel.website', y: items - gaz, c: webC, num: 1, lead: '其中：' },
    { label: '政府公报公开', unit: '条', key: 'proactive.channel.gazette', y: gaz, c: gazC, num: 2 },
    { label: '受理依申请公开信息总数', unit: '条', key: 'requests.new_received.total', y: R, c: chanC.reduce((a, b) => a + b, 0) },
    ...chanLabels.map((label, i) => ({ label, unit: '条', key: `requests.channel.${chanKeys[i]}`, y: chans[i], c: chanC[i], num: i + 1, lead: i === 0 ? '其中：' : undefined })),
    // the reply rows add up unless the text gives other outcomes too (属已主动公开范围 …)
    { label: '对申请的答复数', unit: '条', key: 'requests.answered.total', y: A, c: oC.reduce((a, b) => a + b, 0) + extraA },
    { label: '同意公开答复数', unit: '条', key: 'requests.granted.total', y: o[0], c: oC[0], num: 1, lead: '其中：' },
    { label: '同意部分公开答复数', unit: '条', key: 'requests.partial.total', y: o[1], c: oC[1], num: 2 },
    { label: '否决公开答复数', unit: '条', key: 'requests.denied.total', y: o[2], c: oC[2], num: 3 },
    { label: '行政复议数', unit: '件', key: 'review.reconsideration.total', y: rec, c: cum(rec) },
    { label: '行政诉讼数', unit: '件', key: 'review.litigation.total', y: lit, c: cum(lit) },
    { label: '行政申诉数', unit: '件', key: 'review.complaint.total', y: comp, c: cum(comp) },
  ];
}

function renderTable(rows: Row[], year: number, glued: boolean): string {
  const sep = glued ? '' : ' ';
  const head = ['指标名称', '计量单位', `${year}年度`, '历年累计'].join(sep);
  return head + sep + rows.map((r) => `${r.lead ?? ''}${r.num ? `${r.num}${glued ? '.' : '、'}` : ''}${r.label}${sep}${r.unit}${sep}${r.y}${sep}${r.c}`).join(sep);
}

/** One pre-2019 report saved as a crawler's text. */
export function generateSaved(o: SavedOptions): SavedReport | null {
  const rng = new Rng(mixSeed(o.seed, 4242));
  const issuer = PLACES[rng.int(0, PLACES.length - 1)].issuer;
  const g: GeneratedReport = generateReport({ seed: o.seed, era: 'pre2019', layout: 'prose', chrome: false, spam: false, script: 'simplified', encoding: 'utf-8', declareCharset: 'correct', issuer });
  const t = g.truth;
  const metrics: Record<string, number> = { ...t.metrics };
  const paras = paragraphs(g.html);
  // the title heads the content; the date line under it is page chrome
  const body = paras.filter((p) => p !== t.title && !/^(发布日期|发布时间)[::]/.test(p) && !/^\d{4}年\d{1,2}月\d{1,2}日$/.test(p));
  if (o.distractors) {
    const at = body.findIndex((p) => /依申请公开/.test(p) && p.length < 40);
    const n = rng.int(1000, 200000), q = rng.int(100, 9000), v = rng.int(1000, 90000);
    const s = rng.pick([`全年${t.region}行政服务中心受理行政审批申请${n}件，按时办结率100%。`, `各窗口共受理各类审批服务事项申请${n}件。`]) + `解答群众咨询${q}人次。政府信息公开专栏访问量达${v}人次。`;
    body.splice(at >= 0 ? at + 1 : body.length, 0, s);
  }
  let table = '';
  if (o.table !== 'none') {
    const rows = tableRows(rng, metrics);
    if (!rows) return null;
    for (const r of rows) if (r.key) metrics[r.key] = r.y;
    table = `附件1：${t.issuer}${t.year}年政府信息公开情况统计表 ${renderTable(rows, t.year, o.table === 'glued')}`;
  }
  const lines: string[] = [];
  const title = o.titleless ? null : t.title;
  if (o.header && title) {
    lines.push(`标题: ${title}`, `发布时间: ${t.published_date} 00:00`, '文号: ', `发布机构: ${rng.chance(0.5) ? t.issuer : ''}`, '栏目: 政府信息公开年报',
      `原文链接: http://www.example.gov.cn/zwgk/nb/${t.published_date.slice(0, 7).replace('-', '')}/t${t.published_date.replace(/-/g, '')}_${rng.int(10000, 99999)}.htm`,
      '页面链接与图片详见 links.tsv(同目录)', '==================== 正文 ====================');
  }
  const prefix = o.chromePrefix && title ? `当前位置： 首页政务公开政府信息公开政府信息公开年报 ${title} 来源：${t.issuer} 时间：${t.published_date} 00:00 微信 微博 QQ空间 文字版 文件下载 ` : '';
  lines.push(`${prefix}${title ? `${title} ` : ''}${body.join(' ')}${table ? ` ${table}` : ''}`);
  const text = lines.join('\n') + '\n';
  return {
    bytes: Buffer.from(text, 'utf8'),
    contentType: 'text/plain; charset=utf-8',
    text,
    // the date: the header's, or the byline's in the breadcrumb run into the text
    truth: { ...t, title, published_date: (o.header || o.chromePrefix) && title ? t.published_date : null, metrics },
    options: o,
  };
}

/** A set of saved texts spanning every option; deterministic in (n, seed). */
export function generateSavedCorpus(n: number, seed: number): SavedReport[] {
  const out: SavedReport[] = [];
  for (let i = 0; out.length < n && i < n * 3; i++) {
    const titleless = i % 5 === 4;
    const s = generateSaved({
      seed: mixSeed(seed, 7000 + i),
      header: !titleless && i % 3 !== 2,
      chromePrefix: !titleless && i % 4 === 1,
      titleless,
      table: (['glued', 'spaced', 'glued', 'none'] as const)[i % 4],
      distractors: i % 2 === 0,
    });
    if (s) out.push(s);
  }
  return out;
}
