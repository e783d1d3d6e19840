// The simulated portals of the browser benchmark, in their own process: one HTTP server on
// 127.0.0.1 answering for b<N>.bench.gov.cn by Host header. Each host has list pages
// /list_<k>.html shaped like real ones: the list itself is drawn by the site's script from a
// data call (even hosts: a Hanweb-style jpage POST answering XML records; odd hosts: a TRS-style
// JSON GET; every third host draws it 600 ms after the load event), and the page also asks for a stylesheet, images, a web font, a large own library
// and analytics on another host, none of which the list needs. The server logs each request's
// host, path, arrival and finish. Started by bench/browser.ts with fork(); it sends {port}, and
// on 'dump' sends back its log. linksOf() is the list a page must show once rendered.
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export const LINKS_PER_PAGE = 10;

/** The report links list page k of host n shows once its script has run. */
export function linksOf(n, k) {
  return Array.from({ length: LINKS_PER_PAGE }, (_, j) => ({ href: `/art/${k}/${n}_${j}.html`, title: `示例${n}县人民政府办公室${2024 - ((k * LINKS_PER_PAGE + j) % 20)}年政府信息公开工作年度报告（${k}-${j}）` }));
}

const hostNumber = (host) => Number(/^b(\d+)\./.exec(host)?.[1] ?? 0);

/** How host n's list script gets its list: 'jpage' (XHR POST, XML records), 'trs' (fetch of JSON at DOMContentLoaded) or 'delayed' (fetch of JSON 600 ms after load). */
export function variantOf(n) {
  return n % 3 === 2 ? 'delayed' : n % 2 ? 'trs' : 'jpage';
}

function listPage(n, k) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例${n}县人民政府 政府信息公开年报 第${k + 1}页</title>
<link rel="stylesheet" href="/css/style.css">
<style>@font-face{font-family:SiteHei;src:url(/fonts/sitehei.woff2) format("woff2")} body{font-family:SiteHei,sans-serif}</style>
<script src="/js/lib.min.js"></script>
<script src="http://stats.bench-analytics.com/tj.js?sid=${n}"></script>
</head><body>
<div class="header"><img src="/img/logo.png" alt="示例${n}县人民政府"><img src="/img/banner_${k}.jpg" alt=""></div>
<div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<div class="main"><ul id="list" data-page="${k}" data-site="${n}"></ul><div id="pager"></div></div>
<div class="footer"><img src="/img/jiucuo.png" alt="政府网站找错"><img src="/img/dzjg.png" alt="党政机关"></div>
<script src="/js/list.js"></script>
<script>var _hmt = _hmt || []; (function () { var hm = document.createElement('script'); hm.src = 'https://hm.bench-stats.cn/hm.js?${n}'; document.head.appendChild(hm); })();</script>
</body></html>`;
}

// The list scripts (see variantOf): a jpage-like XHR POST whose XML answer carries each row as
// CDATA; a TRS-like fetch() of a JSON document after DOMContentLoaded; the same, 600 ms after load.
const LIST_JS = {
  jpage: `(function () {
  var ul = document.getElementById('list'), k = ul.getAttribute('data-page');
  var x = new XMLHttpRequest();
  x.open('POST', '/module/web/jpage/dataproxy.jsp?startrecord=' + (k * ${LINKS_PER_PAGE} + 1) + '&endrecord=' + ((+k + 1) * ${LINKS_PER_PAGE}) + '&perpage=${LINKS_PER_PAGE}');
  x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
  x.onload = function () {
    var rows = x.responseText.match(/<record><!\\[CDATA\\[([\\s\\S]*?)\\]\\]><\\/record>/g) || [];
    ul.innerHTML = rows.map(function (r) { return r.replace(/^<record><!\\[CDATA\\[/, '').replace(/\\]\\]><\\/record>$/, ''); }).join('');
    document.getElementById('pager').textContent = '共' + rows.length + '条';
  };
  x.send('col=1&appid=1&webid=' + ul.getAttribute('data-site') + '&path=%2F&columnid=' + k + '&sourceContentType=1&unitid=1&webname=&permissiontype=0');
})();`,
  // drawn a moment after the load event (a timer longer than the renderer's quiet period)
  delayed: `window.addEventListener('load', function () {
  setTimeout(function () {
    var ul = document.getElementById('list'), k = ul.getAttribute('data-page');
    fetch('/data/list_' + k + '.json').then(function (r) { return r.json(); }).then(function (d) {
      ul.innerHTML = d.docs.map(function (e) { return '<li><a href="' + e.url + '">' + e.title + '</a></li>'; }).join('');
    });
  }, 600);
});`,
  trs: `document.addEventListener('DOMContentLoaded', function () {
  var ul = document.getElementById('list'), k = ul.getAttribute('data-page');
  fetch('/data/list_' + k + '.json').then(function (r) { return r.json(); }).then(function (d) {
    ul.innerHTML = d.docs.map(function (e) { return '<li><a href="' + e.url + '" target="_blank">' + e.title + '</a><span>' + e.date + '</span></li>'; }).join('');
    document.getElementById('pager').textContent = '共' + d.docs.length + '条';
  });
});`,
};
// A library about the size of a minified jQuery, to parse and run on every page.
const LIB_JS = `(function (w) { var t = []; ${Array.from({ length: 1500 }, (_, i) => `t.push(function f${i}(a, b) { return (a || 0) * ${i} + (b || ${i % 7}); });`).join(' ')} w.$lib = { n: t.length }; })(window);`;

function main() {
  const log = [];
  const server = http.createServer((req, res) => {
    const entry = { host: String(req.headers.host), path: String(req.url), method: req.method, t: performance.timeOrigin + performance.now(), tEnd: NaN };
    log.push(entry);
    res.on('finish', () => { entry.tEnd = performance.timeOrigin + performance.now(); });
    req.resume();
    req.on('end', () => {
      const n = hostNumber(entry.host);
      const path = entry.path.split('?')[0];
      const send = (type, body) => { res.writeHead(200, { 'Content-Type': type }); res.end(body); };
      let m;
      if (path === '/robots.txt') return send('text/plain', 'User-agent: *\nDisallow: /private/\n');
      if ((m = /^\/list_(\d+)\.html$/.exec(path))) return send('text/html; charset=utf-8', listPage(n, Number(m[1])));
      if (path === '/js/list.js') return send('application/javascript', LIST_JS[variantOf(n)]);
      if (path === '/js/lib.min.js') return send('application/javascript', LIB_JS);
      if (path === '/module/web/jpage/dataproxy.jsp' && req.method === 'POST') {
        const k = Math.floor((Number(new URL(entry.path, 'http://x').searchParams.get('startrecord')) - 1) / LINKS_PER_PAGE);
        const rows = linksOf(n, k).map((l) => `<record><![CDATA[<li><a href="${l.href}" target="_blank" title="${l.title}">${l.title}</a><span>2024-01-15</span></li>]]></record>`).join('\n');
        return send('text/xml; charset=utf-8', `<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[]]></nextgroup><recordset>${rows}</recordset></datastore>`);
      }
      if ((m = /^\/data\/list_(\d+)\.json$/.exec(path))) return send('application/json; charset=utf-8', JSON.stringify({ total: LINKS_PER_PAGE, docs: linksOf(n, Number(m[1])).map((l) => ({ url: l.href, title: l.title, date: '2024-01-15' })) }));
      // the assets the list does not need (the renderer should never ask for them)
      if (path.startsWith('/css/')) return send('text/css', 'body{margin:0} .header img{width:100%} ul li{line-height:2}');
      if (path.startsWith('/img/')) return send('image/png', Buffer.alloc(2048));
      if (path.startsWith('/fonts/')) return send('font/woff2', Buffer.alloc(4096));
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body>404</body></html>');
    });
  });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (m) => {
    if (m === 'dump') process.send({ log }, () => { server.close(); process.exit(0); });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
