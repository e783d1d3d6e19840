// Owns pages that are not annual reports but look related: a list page of report links,
// a notice that mentions 年度报告 without being one, and an error page served with 200.
import { Rng } from './prng.js';
import { PLACES } from './places.js';
import { wrapPage } from './chrome.js';
import { encodePage } from './encode.js';
import { esc } from './layouts.js';
import { makeTitle } from './titles.js';

export interface NonReportOptions {
  seed: number;
  kind: 'list' | 'notice' | 'error';
  issuer?: string;
  encoding?: 'utf-8' | 'gbk';
  /** link target for generated list entries: (year, index) → href */
  href?: (year: number, i: number) => string;
  /** explicit list entries (the replay server links its own reports); overrides generated ones */
  links?: Array<{ title: string; href: string; date?: string }>;
}
export interface NonReport {
  bytes: Buffer;
  contentType: string;
  html: string;
}

export function generateNonReport(opts: NonReportOptions): NonReport {
  const rng = new Rng(opts.seed);
  const place = PLACES.find((p) => p.issuer === opts.issuer) ?? rng.pick(PLACES);
  const year = rng.int(2012, 2024);
  let title: string;
  let body: string;
  if (opts.kind === 'list') {
    title = '政府信息公开年报';
    const years = Array.from({ length: rng.int(5, 12) }, (_, i) => 2024 - i);
    const explicit = opts.links?.map((l) => `<li><a href="${esc(l.href)}" title="${esc(l.title)}">${esc(l.title)}</a><span class="date">${esc(l.date ?? '')}</span></li>`);
    body = explicit ? `<ul class="list">\n${explicit.join('\n')}\n</ul>` : `<ul class="list">\n${years.map((y, i) => {
      const t = makeTitle(rng, place, y, y < 2019 ? 'pre2019' : y < 2021 ? '2019' : '2021');
      const href = opts.href ? opts.href(y, i) : `/xxgk/ndbg/${y}/t${y + 1}0${rng.int(1, 3)}${String(rng.int(10, 28))}_${rng.int(100000, 999999)}.html`;
      return `<li><a href="${esc(href)}" title="${esc(t)}">${esc(t)}</a><span class="date">${y + 1}-0${rng.int(1, 3)}-${String(rng.int(10, 28))}</span></li>`;
    }).join('\n')}\n</ul>\n<div class="page">共${years.length}条 首页 上一页 <b>1</b> 下一页 尾页</div>`;
  } else if (opts.kind === 'notice') {
    const variant = rng.int(0, 2);
    if (variant === 0) {
      title = `关于做好${year}年度政府信息公开工作年度报告编制和发布工作的通知`;
      body = [`各县（市、区）人民政府，${place.region}政府各部门、各直属机构：`,
        `根据《中华人民共和国政府信息公开条例》规定，为做好${year}年度政府信息公开工作年度报告编制和发布工作，现将有关事项通知如下：`,
        `一、各单位要按照《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，认真编制本单位${year}年度政府信息公开工作年度报告。`,
        `二、年度报告应于${year + 1}年1月31日前在本单位政府网站“政府信息公开年报”栏目公开发布，并报送${place.office}。`,
        `三、年度报告中“收到和处理政府信息公开申请情况”等表格数据须与统计报表一致，各单位对数据的真实性负责。`,
        `联系人：张${rng.pick(['伟', '敏', '静', '磊'])}，联系电话：0${rng.int(310, 939)}-${rng.int(2000000, 8999999)}。`,
        place.office, `${year}年12月${rng.int(10, 28)}日`].map((p) => `<p>${esc(p)}</p>`).join('\n');
    } else if (variant === 1) {
      title = `图解：${place.issuer}${year}年政府信息公开工作年度报告`;
      body = [`一图读懂${place.region}${year}年政府信息公开工作年度报告。`, `<img src="/images/tujie_${year}.jpg" alt="图解"/>`, `相关链接：<a href="#">${esc(place.issuer)}${year}年政府信息公开工作年度报告</a>`].map((p) => (p.startsWith('<') ? p : `<p>${esc(p)}</p>`)).join('\n');
    } else {
      title = `关于${year}年度政府信息公开工作年度报告发布情况的通报`;
      body = [`截至${year + 1}年1月31日，${place.region}${rng.int(30, 60)}家单位已按时在政府网站发布${year}年度政府信息公开工作年度报告，${rng.int(1, 5)}家单位未按时发布。`,
        `经检查，部分单位年度报告存在表格数据勾稽关系不符、未按新格式编制等问题，请相关单位于2月15日前完成整改。`, place.office].map((p) => `<p>${esc(p)}</p>`).join('\n');
    }
  } else {
    title = rng.pick(['页面不存在', '404 Not Found', '系统提示', '您访问的页面已失效']);
    body = `<div class="error"><p>${esc(rng.pick(['抱歉，您访问的页面不存在或已被删除！', '对不起，您所访问的页面不存在或已过期。', '该信息已撤销或已过期，请返回首页查看其他信息。']))}</p><p><a href="/">返回首页</a> <span id="sec">5</span>秒后自动跳转</p></div>`;
  }
  const html = wrapPage(body, { title, place, year, publishedDate: `${year + 1}-0${rng.int(1, 3)}-1${rng.int(0, 9)}`, siteIdCode: place.code + '0001', indexNo: `${place.code}/${year}-00001`, variant: rng.int(0, 3), seed: opts.seed, spam: false }, opts.kind !== 'error' || rng.chance(0.5));
  return encodePage(rng, html, opts.encoding ?? 'utf-8', 'correct');
}
