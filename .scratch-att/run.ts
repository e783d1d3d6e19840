import { readFileSync, writeFileSync } from 'node:fs';
import { readAttachment, extractAttachment } from '../src/extract/attachments/index.js';
const name = process.argv[2];
const dir = 'test/fixtures/attachments/';
const bytes = readFileSync(dir + name);
const t0 = Date.now();
const doc = await readAttachment(bytes, { filename: name });
writeFileSync('/tmp/att.html', doc.html);
console.log(doc.kind, doc.pages, doc.flags, doc.warnings, Date.now() - t0, 'ms');
const res = await extractAttachment({ bytes, url: 'http://x/' + name });
const truth = JSON.parse(readFileSync(dir + name.replace(/\.[a-z]+$/, '.truth.json'), 'utf8')).truth;
const got = Object.fromEntries((res.record?.metrics ?? []).map((m) => [m.key, m.value]));
let bad = 0;
for (const [k, v] of Object.entries(truth.metrics)) if (got[k] !== v) { bad++; if (bad < 25) console.log('BAD', k, v, got[k]); }
for (const f of ['title', 'issuer', 'region', 'year', 'format', 'published_date']) if ((res.record as any)?.[f] !== truth[f]) console.log('FIELD', f, truth[f], (res.record as any)?.[f]);
console.log(res.kind, res.reason, 'metrics', Object.keys(truth.metrics).length, 'bad', bad, res.record?.flags, res.record?.checks.filter(c => !c.held).map(c => c.name));
