import * as cheerio from 'cheerio';
import { extractLinks } from '/work/main/crawlers/links.ts';
import { decodeBody } from '/work/main/src/fetch/decode.ts';
import { looksLikeChallenge } from '/work/main/src/fetch/challenge.ts';
const deep = '<html><body>' + '<div>'.repeat(100000) + '<a href="/x.html">2020年政府信息公开工作年度报告</a>' + '</div>'.repeat(100000) + '</body></html>';
let t0 = Date.now();
try { const $ = cheerio.load(deep); console.log('load ok', Date.now() - t0); console.log($('a').length); } catch (e) { console.log('load throws', (e as Error).stack!.split('\n').slice(0,6).join('\n')); }
t0 = Date.now();
try { console.log(extractLinks(deep, 'http://a.gov.cn/'), Date.now() - t0); } catch (e) { console.log('links throws', (e as Error).stack!.split('\n').slice(0,6).join('\n')); }
try { const $ = cheerio.load(deep); console.log($('body').text().length); } catch (e) { console.log('text throws', (e as Error).stack!.split('\n').slice(0,8).join('\n')); }
const unclosed = '<html><body>' + '<div><span><p><b>'.repeat(30000) + '<a href="/y.html">2020年政府信息公开工作年度报告</a></body></html>';
t0 = Date.now();
try { console.log(extractLinks(unclosed, 'http://a.gov.cn/').length, Date.now() - t0); } catch (e) { console.log('links throws', (e as Error).message); }
t0 = Date.now();
console.log(looksLikeChallenge(200, 'text/html', '<script>'.repeat(3000)), Date.now()-t0);
