// Writes a generated corpus as NAME.html + NAME.truth.json pairs (the layout of
// shared/corpus/seeds), for `node ../shared/eval/score.mjs DIR`.
// usage: npx tsx scripts/generate-fixtures.ts OUT_DIR [N=50] [SEED=1]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from '../src/replay/generator/index.js';

const [dir, nArg, seedArg] = process.argv.slice(2);
if (!dir) {
  console.error('usage: npx tsx scripts/generate-fixtures.ts OUT_DIR [N=50] [SEED=1]');
  process.exit(2);
}
const n = Number(nArg ?? 50);
const seed = Number(seedArg ?? 1);
mkdirSync(dir, { recursive: true });
const corpus = generateCorpus(n, seed);
corpus.forEach((r, i) => {
  const o = r.options;
  const stem = `${String(i).padStart(4, '0')}_${o.era}_${o.layout}_${o.encoding}${o.script === 'traditional' ? '_trad' : ''}`;
  writeFileSync(join(dir, `${stem}.html`), r.bytes);
  writeFileSync(join(dir, `${stem}.truth.json`), JSON.stringify({ ...r.truth, content_type: r.contentType, options: o }, null, 1) + '\n');
});
console.log(`wrote ${corpus.length} reports to ${dir}`);
