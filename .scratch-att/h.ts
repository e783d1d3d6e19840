import { generateReport } from '../src/replay/generator/index.js';
const r = generateReport({ seed: 7, era: '2019', layout: 'table', chrome: false, spam: false, encoding: 'utf-8', script: 'simplified', blanks: false });
console.log(r.html.slice(0, 1500)); console.log('....'); console.log(r.html.slice(-1500));
