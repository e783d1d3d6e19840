import { generateCorpus } from '../src/replay/generator/index.js';
import { extract } from '../src/extract/index.js';
const n = Number(process.argv[2] ?? 300), seed = Number(process.argv[3] ?? 1);
const only = process.argv[4];
const corpus = generateCorpus(n, seed);
let tot = 0, ok = 0, wrong = 0, missing = 0, wrongFlagged = 0;
const fieldBad: Record<string, number> = {};
const byCat: Record<string, number> = {};
const examples: string[] = [];
const t0 = Date.now();
corpus.forEach((g, i) => {
  const r = extract({ bytes: g.bytes, contentType: g.contentType });
  const rec = r.record;
  const o = g.options;
  const tag = `#${i} ${o.era}/${o.layout}/${o.encoding}/${o.script}/chrome=${o.chrome}/spam=${o.spam}/blanks=${o.blanks}/rev=${o.revision}`;
  if (!rec) { byCat['no-record ' + o.era] = (byCat['no-record ' + o.era] ?? 0) + 1; examples.push(`${tag} NO RECORD ${r.kind} ${r.reason}`); return; }
  for (const f of ['issuer', 'region', 'year', 'format', 'title', 'published_date'] as const) {
    if (String(rec[f]) !== String(g.truth[f])) { fieldBad[f] = (fieldBad[f] ?? 0) + 1; if (!only || only === f) examples.push(`${tag} ${f}: want ${g.truth[f]} got ${rec[f]}`); }
  }
  const got = new Map(rec.metrics.map((m) => [m.key, m]));
  for (const [k, v] of Object.entries(g.truth.metrics)) {
    tot++;
    const m = got.get(k);
    if (!m || m.value === null) { missing++; byCat[`missing ${o.era}/${o.layout}`] = (byCat[`missing ${o.era}/${o.layout}`] ?? 0) + 1; if (!only || only === 'm') examples.push(`${tag} ${k}: missing want ${v} ${m ? JSON.stringify(m.flags) + ' ' + m.raw : ''}`); }
    else if (m.value === v) ok++;
    else { wrong++; if (m.flags.length) wrongFlagged++; byCat[`wrong ${o.era}/${o.layout}`] = (byCat[`wrong ${o.era}/${o.layout}`] ?? 0) + 1; if (!only || only === 'm') examples.push(`${tag} ${k}: want ${v} got ${m.value} ${JSON.stringify(m.flags)} raw=${m.raw}`); }
  }
});
console.log(`reports ${n} in ${Date.now() - t0}ms; metrics ${ok}/${tot} wrong ${wrong} (flagged ${wrongFlagged}) missing ${missing}`);
console.log(fieldBad, byCat);
console.log(examples.slice(0, Number(process.env.EX ?? 40)).join('\n'));
