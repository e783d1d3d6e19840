// The re-extraction benchmark's floor: a worker thread that only reads stored pages and parses
// each into a DOM (cheerio.load, the first step of every extraction) — the same kind of work
// (allocation-heavy parsing) with nothing of ours. Run with 1 worker on one CPU and 2 on two,
// it shows how far this machine itself lets such work scale. workerData = { files }.
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';

let cells = 0;
for (const f of workerData.files) {
  const $ = cheerio.load(readFileSync(f, 'latin1'));
  cells += $('td').length;
}
parentPort.postMessage(cells);
