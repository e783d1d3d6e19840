import { generateReport } from '../src/replay/generator/index.ts';
import { extract } from '../src/extract/index.ts';
const g = generateReport({ seed: 7, era: '2021', year: 2022, layout: 'table', encoding: 'utf-8', chrome: false, spam: false, blanks: false });
const key = 'requests.new_received.total';
const v = g.truth.metrics[key];
console.log(key, v, Object.keys(g.truth.metrics).length);
const r0 = extract({ bytes: g.bytes, contentType: g.contentType });
const m0 = r0.record!.metrics.find((m) => m.key === key)!;
console.log('clean', r0.kind, m0.value, m0.raw, m0.source);
// corrupt that cell
const s = String(v);
const bad = s.length > 1 ? s[0] + 'O' + s.slice(2) : s + 'l';
const loc = m0.source as any;
let html = g.html;
// replace the cell: find <td>v</td> occurrences
const re = new RegExp(`(<t[dh][^>]*>\\s*)${s}(\\s*</t[dh]>)`, 'g');
let n = 0;
html = html.replace(re, (all, a, b) => (++n === 1 ? `${a}${bad}${b}` : all));
console.log('replaced', n, bad);
const r1 = extract({ bytes: Buffer.from(html), contentType: 'text/html; charset=utf-8' });
console.log(r1.kind, r1.record?.flags);
for (const m of r1.record!.metrics) if (/[A-Za-z]/.test(m.raw) || m.key === key) console.log(m.key, m.value, JSON.stringify(m.raw), m.flags);
console.log(r1.record!.checks.filter(c=>!c.held).map(c=>c.name));
