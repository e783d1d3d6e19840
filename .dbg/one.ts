import { generateCorpus } from '../src/replay/generator/index.js';
const [n, seed, i] = process.argv.slice(2).map(Number);
const g = generateCorpus(n, seed)[i];
console.log(g.contentType); console.log(g.html);
