// Hostile and broken page bodies for the fault suite: wrong charset declarations both ways,
// mixed encodings, invalid bytes, deep and malformed nesting, absurd rowspans, empty and
// error pages, pages that only mention 年度报告, and a report whose numbers contain letters.
import iconv from 'iconv-lite';
import { generateReport, type GeneratedReport } from '../../src/replay/generator/index.js';

export const gbk = (s: string): Buffer => iconv.encode(s, 'gbk');

export function report(seed: number, year = 2022, encoding: 'utf-8' | 'gbk' = 'utf-8'): GeneratedReport {
  return generateReport({ seed, era: year >= 2021 ? '2021' : year >= 2019 ? '2019' : 'pre2019', year, layout: 'table', encoding, declareCharset: 'correct', chrome: true, spam: false, blanks: false });
}

export const listPage = (links: Array<[string, string]>, head = '<meta charset="utf-8">'): string =>
  `<html><head>${head}<title>政府信息公开年报</title></head><body><div class="list"><ul>
${links.map(([href, text]) => `<li><a href="${href}">${text}</a><span>2024-01-20</span></li>`).join('\n')}
</ul></div></body></html>`;

/** `depth` nested <div>s around a report title and a link (the link sits at the bottom). */
export const deepHtml = (depth: number, inner = '<h1>深度市2021年政府信息公开工作年度报告</h1><a href="/att/deep.pdf">附件.pdf</a>'): string =>
  `<html><head><meta charset="utf-8"><title>深度市2021年政府信息公开工作年度报告</title></head><body>${'<div>'.repeat(depth)}${inner}${'</div>'.repeat(depth)}</body></html>`;

/** Unclosed formatting and block elements, stray end tags, broken attributes. */
export const malformedHtml = (n: number): string =>
  `<html><head><meta charset="utf-8"><title>畸形市2020年政府信息公开工作年度报告</title><body><h1>畸形市2020年政府信息公开工作年度报告</h1>${'<div><span><p><b class="x>'.repeat(n)}</td></tr></table></div><p>一、总体情况<p>2020年共收到政府信息公开申请12件。<a href="/x" <b>`;

/** Tables nested inside table cells, `depth` deep. */
export const deepTables = (depth: number): string =>
  `<html><head><meta charset="utf-8"><title>表格市2020年政府信息公开工作年度报告</title></head><body>${'<table><tr><td>'.repeat(depth)}12${'</td></tr></table>'.repeat(depth)}</body></html>`;

/** A report page whose table carries rows of cells with rowspan=100000 colspan=100000. */
export function rowspanBomb(rows = 2000): string {
  const bomb = `<table border="1">${'<tr><td rowspan="100000" colspan="100000">收到申请</td><td rowspan="100000">12</td></tr>'.repeat(rows)}</table>`;
  return report(21).html.replace('</body>', `${bomb}</body>`);
}

export const EMPTY = Buffer.alloc(0);

export const errorPages: Array<[string, string]> = [
  ['404', '<html><head><title>404 页面不存在</title></head><body><div class="err"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除！</p><a href="/">返回首页</a></div></body></html>'],
  ['500', '<html><head><title>系统错误</title></head><body><h1>服务器错误</h1><p>Error 500: Internal Server Error</p><p>请稍后再试。</p></body></html>'],
  ['403', '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>'],
];

/** Pages that mention 年度报告 but are not reports: a notice, an interpretation, a news item, a list. */
export const mentionPages: Array<[string, string]> = [
  ['notice', '<html><head><meta charset="utf-8"><title>关于做好2023年政府信息公开工作年度报告编制和发布工作的通知</title></head><body><h1>关于做好2023年政府信息公开工作年度报告编制和发布工作的通知</h1><p>各县（市、区）人民政府，市政府各部门：</p><p>根据《中华人民共和国政府信息公开条例》规定，请各单位于2024年1月31日前向社会公布本机关2023年政府信息公开工作年度报告。</p><p>特此通知。</p><p>市政府办公室</p><p>2024年1月5日</p></body></html>'],
  ['interpretation', '<html><head><meta charset="utf-8"><title>图解：2022年政府信息公开工作年度报告</title></head><body><h1>图解：2022年政府信息公开工作年度报告</h1><img src="/a.png"><p>一图读懂我市2022年度报告。</p></body></html>'],
  ['news', '<html><head><meta charset="utf-8"><title>市政府召开常务会议</title></head><body><h1>市政府召开常务会议</h1><p>会议听取了关于政府信息公开工作年度报告起草情况的汇报，研究部署了下一阶段重点工作。会议强调，要进一步提高政务公开质量。</p></body></html>'],
  ['list', listPage([2023, 2022, 2021, 2020, 2019, 2018].map((y) => [`/r/${y}.html`, `某市人民政府${y}年政府信息公开工作年度报告`]))],
];

/** Invalid bytes for any encoding (NULs, lone continuation bytes, 0xFF) around some markup. */
export function invalidBytes(): Buffer {
  const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => [0x00, 0xff, 0xfe, 0x80, 0xc0, 0x81, 0x1b, 0xe4, 0xbd][i % 9]));
  return Buffer.concat([Buffer.from('<html><head><title>'), junk, Buffer.from('</title></head><body><p>'), junk, Buffer.from('</p><a href="/r/x.html">'), junk, Buffer.from('</a></body></html>')]);
}

/** A UTF-8 list page (navigation, 20 entries) with one paragraph of GBK bytes pasted in from an old page. */
export function mixedEncodings(links: Array<[string, string]>): Buffer {
  const filler: Array<[string, string]> = Array.from({ length: 20 }, (_, i) => [`/n/${i}.html`, `关于印发第${i + 1}批政务服务事项清单的通知`]);
  const html = listPage([...links, ...filler]).replace('<body>', '<body><div class="nav">首页 | 政务公开 | 政务服务 | 互动交流 | 走进本市 | 政府信息公开指南 | 政府信息公开制度 | 法定主动公开内容 | 政府信息公开年报</div>');
  const at = html.indexOf('<div class="list">');
  return Buffer.concat([Buffer.from(html.slice(0, at)), gbk('<p>本栏目发布本机关政府信息公开工作年度报告，旧版页面为GBK编码。</p>'), Buffer.from(html.slice(at))]);
}

/**
 * A 2019/2021-format report with letters typed into one of its numbers (1O5 for 105, or 2l for
 * 21): the `which`-th table value that occurs once on the page is damaged.
 */
export function lettersInNumbers(seed: number, which = 0): { html: string; damaged: { key: string; was: number; now: string } | null } {
  const g = report(seed, 2022);
  const once = (s: string) => (g.html.match(new RegExp(`>\\s*${s}\\s*<`, 'g')) ?? []).length === 1;
  const keys = Object.entries(g.truth.metrics).filter(([k, v]) => v >= 10 && !k.startsWith('prose') && once(String(v)));
  if (!keys[which]) return { html: g.html, damaged: null };
  const [key, v] = keys[which];
  const s = String(v);
  const now = which % 2 === 0 ? `${s[0]}O${s.slice(2)}` : `${s.slice(0, -1)}l`;
  return { html: g.html.replace(new RegExp(`>(\\s*)${s}(\\s*)<`), `>$1${now}$2<`), damaged: { key, was: v, now } };
}
