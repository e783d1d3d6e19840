// The floor of the crawl benchmark: the least a polite crawler can do on this machine. Per host,
// one kept-alive connection and one request at a time: robots.txt, the list page, then every
// page it links to, each request d ms after the previous response ended; each body is written
// to a file. No parsing beyond a regular expression for the links, no database, no retries.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runContender } from './measure.mjs';

const sleep = async (until) => { while (Date.now() < until) await new Promise((r) => setTimeout(r, until - Date.now())); };

function get(agent, port, host, path) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, agent, headers: { Host: host, 'User-Agent': 'floor' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

await runContender(async ({ port, hosts, delayMs, hostName }) => {
  const dir = mkdtempSync(join(tmpdir(), 'ogi-bench-floor-'));
  return { crawl: () => crawl(port, hosts, delayMs, hostName, dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
});

async function crawl(port, hosts, delayMs, hostName, dir) {
  let n = 0;
  const writes = [];
  await Promise.all(Array.from({ length: hosts }, async (_, i) => {
    const host = hostName(i);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let lastEnd = 0;
    const fetchOne = async (path) => {
      await sleep(lastEnd + delayMs);
      const body = await get(agent, port, host, path);
      lastEnd = Date.now();
      writes.push(writeFile(join(dir, `${n++}`), body));
      return body;
    };
    await fetchOne('/robots.txt');
    const list = (await fetchOne('/list.html')).toString('utf8');
    for (const m of list.matchAll(/href="([^"]+)"/g)) await fetchOne(m[1]);
    agent.destroy();
  }));
  await Promise.all(writes);
  return { fetched: n };
}
