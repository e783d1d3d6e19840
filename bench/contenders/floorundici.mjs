// The floor of the crawl benchmark: the least a polite crawler can do on this machine. Per host,
// one kept-alive connection and one request at a time: robots.txt, the list page, then every
// page it links to, each request d ms after the previous response ended; each body is written
// to a file. No parsing beyond a regular expression for the links, no database, no retries.
import http from 'node:http';
import { Client } from 'undici';
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
  let n = 0;
  const writes = [];
  await Promise.all(Array.from({ length: hosts }, async (_, i) => {
    const host = hostName(i);
    const client = new Client(`http://127.0.0.1:${port}`, { pipelining: 1 });
    const agent = null;
    let lastEnd = 0;
    const fetchOne = async (path) => {
      await sleep(lastEnd + delayMs);
      const r = await client.request({ path, method: 'GET', headers: { host, 'user-agent': 'floor' } });
      const body = Buffer.from(await r.body.arrayBuffer());
      lastEnd = Date.now();
      writes.push(writeFile(join(dir, `${n++}`), body));
      return body;
    };
    await fetchOne('/robots.txt');
    const list = (await fetchOne('/list.html')).toString('utf8');
    for (const m of list.matchAll(/href="([^"]+)"/g)) await fetchOne(m[1]);
    await client.close();
  }));
  await Promise.all(writes);
  rmSync(dir, { recursive: true, force: true });
  return { fetched: n };
});
