import * as cheerio from 'cheerio';
for (const n of [2000, 5000, 10000, 20000]) {
  let t0 = Date.now();
  cheerio.load('<html><body>' + '<div>'.repeat(n) + 'x' + '</div>'.repeat(n) + '</body></html>');
  const a = Date.now() - t0; t0 = Date.now();
  cheerio.load('<html><body>' + '<div>'.repeat(n) + 'x</body></html>');
  const b = Date.now() - t0; t0 = Date.now();
  cheerio.load('<html><body>' + '<p>x'.repeat(n) + 'x</body></html>');
  const c = Date.now() - t0; t0 = Date.now();
  cheerio.load('<html><body>' + '<font color=red>x'.repeat(n) + 'x</body></html>');
  const d = Date.now() - t0; t0 = Date.now();
  cheerio.load('<html><body>' + '<span>x'.repeat(n) + 'x</body></html>');
  const e = Date.now() - t0; t0 = Date.now();
  cheerio.load('<html><body><table>' + '<tr><td>x'.repeat(n) + 'x</table></body></html>');
  const f = Date.now() - t0;
  console.log(n, { closedDiv: a, unclosedDiv: b, p: c, font: d, span: e, td: f });
}
