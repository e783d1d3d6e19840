import { generateNonReport } from '../src/replay/generator/index.js';
import { extract } from '../src/extract/index.js';
const p = generateNonReport({ seed: 3, kind: 'notice' });
const r = extract({ bytes: p.bytes, contentType: p.contentType });
console.log(r.mainText.slice(0, 1500));
