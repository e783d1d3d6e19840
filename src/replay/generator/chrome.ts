// Owns portal chrome around a report: header and nav bars, breadcrumb (当前位置), the
// metadata block (索引号/发布机构/发布日期/浏览次数), side menus, related links and footer
// (网站标识码, ICP备案). chromeVariant picks the template and the view counter.
import { Rng, mixSeed } from './prng.js';
import { cnDate } from './format.js';
import { esc } from './layouts.js';
import { shortIssuer, type Place } from './places.js';

export interface ChromeInput {
  title: string;
  place: Place;
  year: number;
  publishedDate: string;
  siteIdCode: string;
  indexNo: string;
  variant: number;
  seed: number;
  spam: boolean;
}

export const CHARSET_SLOT = '<!--CHARSET-->';

function siteName(p: Place): string {
  return p.kind === 'dept' || p.kind === 'province-dept' ? p.issuer : `${p.region}人民政府`;
}

function footer(rng: Rng, p: Place, siteId: string): string {
  const icp = `${p.abbr}ICP备${rng.int(10, 99)}${String(rng.int(0, 999999)).padStart(6, '0')}号${rng.chance(0.5) ? `-${rng.int(1, 3)}` : ''}`;
  const gongan = `${p.abbr}公网安备 ${p.code}02${String(rng.int(0, 9999999)).padStart(7, '0')}号`;
  return `<div class="footer">
<div class="footer-links"><a href="/">设为首页</a> | <a href="#">加入收藏</a> | <a href="/sitemap.html">网站地图</a> | <a href="/about.html">关于我们</a> | <a href="/help.html">使用帮助</a></div>
<p>主办单位：${esc(p.office.endsWith('办公室') ? p.office : p.issuer)}　承办：${esc(p.region)}大数据中心</p>
<p>地址：${esc(p.region)}${rng.pick(['人民路', '政务大道', '行政中心', '中山路'])}${rng.int(1, 300)}号　联系电话：0${rng.int(310, 939)}-${rng.int(2000000, 8999999)}　邮编：${p.code.slice(0, 4)}00</p>
<p>网站标识码：${siteId}　${icp}　${gongan}</p>
<p><a href="http://bszs.conac.cn/"><img src="/images/dzjg.png" alt="党政机关"/></a> <a href="https://zfwzgl.www.gov.cn/"><img src="/images/jiucuo.png" alt="政府网站找错"/></a></p>
</div>`;
}

function nav(p: Place, rng: Rng): string {
  const items = rng.pick([
    ['首页', '政务公开', '政务服务', '互动交流', `走进${p.region}`],
    ['首页', '要闻动态', '信息公开', '网上办事', '政民互动', '专题专栏'],
    ['首页', `今日${p.region.replace(/市|县|区$/, '')}`, '政务公开', '在线服务', '互动交流', '数据开放'],
  ]);
  return `<div class="nav"><ul>${items.map((x) => `<li><a href="/${encodeURIComponent(x)}/">${esc(x)}</a></li>`).join('')}</ul></div>`;
}

const crumb = (rng: Rng) => {
  const sep = rng.pick([' > ', ' &gt; ', ' » ', ' / ']);
  const path = rng.pick([
    ['首页', '政务公开', '政府信息公开', '政府信息公开年报'],
    ['首页', '政府信息公开', '年度报告'],
    ['首页', '信息公开', '法定主动公开内容', '政府信息公开工作年度报告'],
  ]);
  return `<div class="crumb">${rng.pick(['当前位置：', '您当前的位置：', '当前位置:'])}${path.map((x, i) => (i < path.length - 1 ? `<a href="#">${x}</a>` : `<span>${x}</span>`)).join(sep)}</div>`;
};

function sideMenu(): string {
  const items = ['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报', '政府信息公开目录', '依申请公开'];
  return `<div class="side"><ul>${items.map((x) => `<li><a href="#">${x}</a></li>`).join('')}</ul><h4>组配分类</h4><ul><li>全部</li><li>决策</li><li>执行</li><li>管理</li><li>服务</li><li>结果</li><li>重点领域</li><li>政策解读</li></ul></div>`;
}

function related(rng: Rng, p: Place, year: number): string {
  const ys = [year - 1, year - 2, year + 1].filter((y) => y >= 2008 && y <= 2024);
  return `<div class="related"><h4>相关链接</h4><ul>${ys.map((y) => `<li><a href="/xxgk/nb/${y}.html">${esc(p.issuer)}${y}年政府信息公开工作年度报告</a></li>`).join('')}</ul></div>`;
}

function head(title: string, site: string): string {
  return `<!DOCTYPE html>
<html>
<head>
${CHARSET_SLOT}
<meta name="viewport" content="width=device-width, initial-scale=1.0"/>
<meta name="SiteName" content="${esc(site)}"/>
<meta name="ArticleTitle" content="${esc(title)}"/>
<title>${esc(title)}_${esc(site)}</title>
<link rel="stylesheet" href="/css/style.css"/>
<script type="text/javascript" src="/js/jquery.min.js"></script>
</head>`;
}

/** Wraps the report HTML in a portal page (chrome) or a bare article page. */
export function wrapPage(body: string, inp: ChromeInput, chrome: boolean): string {
  const rng = new Rng(mixSeed(inp.seed, 7001, inp.variant));
  const p = inp.place;
  const site = siteName(p);
  const d = inp.publishedDate;
  if (!chrome) {
    const dateLine = rng.pick([`发布日期：${d}`, `发布时间：${d}`, `${cnDate(d)}`]);
    return `${head(inp.title, site)}
<body>
<div class="article">
<h1>${esc(inp.title)}</h1>
<div class="info">${dateLine}</div>
<div class="content">
${body}
</div>
</div>
</body>
</html>`;
  }
  const views = rng.int(30, 25000);
  const v = ((inp.variant % 4) + 4) % 4;
  const spamTop = inp.spam && rng.chance(0.5) ? '@@SPAMTOP@@\n' : '';
  const spamBottom = inp.spam ? '\n@@SPAMBOTTOM@@' : '';
  const header = `<div class="top">${rng.chance(0.5) ? '<span>正在加载中... Loading</span>' : ''}<a href="#">无障碍浏览</a> <a href="#">繁體</a> <a href="#">长者模式</a></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="${esc(site)}"/><span>${esc(site)}</span></div><form class="search" action="/search"><input type="text" name="q" placeholder="请输入关键字"/><button>搜索</button></form></div>`;
  let meta: string;
  let titleBlock: string;
  if (v === 0) {
    meta = `<div class="info">发布单位：${esc(p.office.endsWith('办公室') ? shortIssuer(p) + '办公室' : p.issuer)} 发布时间：${d}</div>`;
    titleBlock = `<h1 class="title">${esc(inp.title)}</h1>`;
  } else if (v === 1) {
    meta = `<table class="xxgk-meta" width="100%">
<tr><td>索引号：</td><td>${esc(inp.indexNo)}</td><td>主题分类：</td><td>综合政务\\政务公开</td></tr>
<tr><td>发布机构：</td><td>${esc(p.office)}</td><td>成文日期：</td><td>${d}</td></tr>
<tr><td>名　　称：</td><td colspan="3">${esc(inp.title)}</td></tr>
<tr><td>文　　号：</td><td></td><td>发布日期：</td><td>${d}</td></tr>
<tr><td>有 效 性：</td><td>有效</td><td>浏览次数：</td><td><span id="hits">${views}</span></td></tr>
</table>`;
    titleBlock = `<h2 class="title">${esc(inp.title)}</h2>`;
  } else if (v === 2) {
    meta = `<div class="info">${cnDate(d, true)} 来源：${esc(p.office.endsWith('办公室') ? shortIssuer(p) + '办' : p.issuer)} 作者： 字体：<a>大</a> <a>中</a> <a>小</a></div>`;
    titleBlock = `<h2>${esc(inp.title)}</h2>`;
  } else {
    meta = `<ul class="meta"><li>索引号：${esc(inp.indexNo)}</li><li>发布机构：${esc(p.office)}</li><li>发布日期：${rng.chance(0.3) ? d.replace(/-/g, '/') : d} ${String(rng.int(8, 18)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}</li><li>浏览次数：${views}</li></ul>`;
    titleBlock = `<div class="title"><h1>${esc(inp.title)}</h1></div>`;
  }
  const tail = v === 2 ? `<div class="page-tools"><a href="#">更多</a> 浏览量：${views}</div><div class="prevnext"><p>上一篇：<a href="#">${esc(site)}关于印发${inp.year + 1}年政务公开工作要点的通知</a></p></div>` : `<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>`;
  return `${head(inp.title, site)}
<body>
${spamTop}${header}
${nav(p, rng)}
<div class="main">
${crumb(rng)}
${v === 0 ? sideMenu() : ''}
<div class="article">
${titleBlock}
${meta}
<div class="content" id="zoom">
${body}
</div>
${tail}
</div>
${v >= 2 ? related(rng, p, inp.year) : ''}
</div>
${footer(rng, p, inp.siteIdCode)}${spamBottom}
<script type="text/javascript">var _hmt = _hmt || [];(function(){var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?${rng.int(1e8, 9e8).toString(16)}";})();</script>
</body>
</html>`;
}
