import { generateCorpus } from '../src/replay/generator/index.js';
import { extract } from '../src/extract/index.js';
const [n, seed, i] = process.argv.slice(2).map(Number);
const g = generateCorpus(n, seed)[i];
const r = extract({ bytes: g.bytes, contentType: g.contentType });
console.log(r.mainText);
