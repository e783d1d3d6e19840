// The simulated hosts of the crawl benchmark, in their own process (as real portals are): one
// HTTP server on 127.0.0.1 answering for h<N>.gov.cn by Host header (each host its own
// registrable domain, as real portals are), logging each request's arrival and finish. Started
// by bench/crawl.ts with fork(); it sends {port}, and on 'dump' sends back its log and exits.
import http from 'node:http';

const pagesPerHost = Number(process.argv[2] ?? 20);
const log = [];
const server = http.createServer((req, res) => {
  const entry = { host: String(req.headers.host).replace(/:\d+$/, ''), t: performance.timeOrigin + performance.now(), tEnd: NaN };
  log.push(entry);
  res.on('finish', () => { entry.tEnd = performance.timeOrigin + performance.now(); });
  const n = Number(/^h(\d+)\./.exec(entry.host)?.[1] ?? 0);
  if (req.url === '/robots.txt') { res.writeHead(200, { 'Content-Type': 'text/plain' }); return res.end('User-agent: *\nDisallow: /private/\n'); }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  if (req.url === '/list.html') {
    const links = Array.from({ length: pagesPerHost - 1 }, (_, k) => `<li><a href="/p${k}.html">示例${n}县人民政府${2000 + k}年政府信息公开工作年度报告</a></li>`).join('');
    return res.end(`<html><body><ul>${links}</ul></body></html>`);
  }
  res.end(`<html><body><h1>示例${n}县人民政府${req.url}政府信息公开工作年度报告</h1><p>${'本年新收政府信息公开申请12件。'.repeat(40)}</p></body></html>`);
});
server.keepAliveTimeout = 30_000;
let connections = 0;
server.on('connection', () => { connections++; });
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (m) => {
  if (m === 'dump') process.send({ log, connections }, () => { server.close(); process.exit(0); });
});
