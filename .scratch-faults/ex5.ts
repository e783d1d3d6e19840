import { generateReport } from '../src/replay/generator/index.ts';
import { extract } from '../src/extract/index.ts';
for (const seed of [7, 8, 9, 10, 11]) {
const g = generateReport({ seed, era: '2021', year: 2022, layout: 'table', encoding: 'utf-8', chrome: false, spam: false, blanks: false });
const r0 = extract({ bytes: g.bytes, contentType: g.contentType });
const count = (s: string) => (g.html.match(new RegExp(`>\\s*${s}\\s*<`, 'g')) ?? []).length;
const cands = r0.record!.metrics.filter((m) => m.source.type === 'table' && m.value !== null && m.value >= 10 && count(String(m.value)) === 1);
console.log(seed, cands.length, r0.record!.metrics.length);
for (const m of cands.slice(0, 2)) {
  const s = String(m.value);
  for (const bad of [s[0] + 'O' + s.slice(2), s + 'l', 'l' + s.slice(1), s.slice(0, -1) + 'S', '1e3', '0x1F']) {
    const html = g.html.replace(new RegExp(`>(\\s*)${s}(\\s*)<`), `>$1${bad}$2<`);
    const r1 = extract({ bytes: Buffer.from(html), contentType: 'text/html; charset=utf-8' });
    const m1 = r1.record!.metrics.find((x) => x.key === m.key);
    console.log(m.key, s, '->', bad, ':', m1 ? JSON.stringify([m1.value, m1.raw, m1.flags]) : 'MISSING', r1.record!.flags, r1.record!.checks.filter(c=>!c.held).length);
  }
}
}
