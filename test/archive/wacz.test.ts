// `ogi export-warc --wacz`: a WACZ 1.1.1 package (ZIP, entries stored) with the WARC, a sorted
// CDXJ index whose offsets and lengths each land on the record they name, the report pages, and
// a datapackage.json whose hashes and sizes match its files (read with Python's zipfile).
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixture, type Fixture } from './fixture.js';
import { runCli } from './cli.js';
import { surt, ts14 } from '../../src/archive/wacz.js';

const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0);
if (!python) console.log('test/archive/wacz.test.ts: package test skipped: no python3 (its zipfile module reads the package)');

let fx: Fixture;
beforeAll(() => { fx = buildFixture(); });

describe('WACZ', () => {
  it('gives SURT keys and 14-digit timestamps', () => {
    expect(surt('https://www.Anqing.gov.cn/xxgk/2022nb.html?b=2&a=1')).toBe('cn,gov,anqing)/xxgk/2022nb.html?a=1&b=2');
    expect(surt('http://tjj.panan.gov.cn:8080/x')).toBe('cn,gov,panan,tjj:8080)/x');
    expect(ts14('2024-03-01T01:00:01.000Z')).toBe('20240301010001');
  });

  it.skipIf(!python)('writes the WARC, a CDXJ index that lands on its records, pages and a datapackage whose hashes hold', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ogi-wacz-')), 'a.wacz');
    const r = await runCli(['export-warc', '--wacz', '--out', out, '--storage', fx.dir]);
    expect(r.error).toBeUndefined();
    expect(r.out).toMatch(/index lines, \d+ pages/);
    const dir = mkdtempSync(join(tmpdir(), 'ogi-wacz-x-'));
    const info = JSON.parse(execFileSync(python!, ['-c', `
import zipfile, sys, json
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
z.extractall(sys.argv[2])
print(json.dumps([[i.filename, i.compress_type] for i in z.infolist()]))`, out, dir], { encoding: 'utf8' })) as Array<[string, number]>;
    expect(info.map((i) => i[0]).sort()).toEqual(['archive/data.warc.gz', 'datapackage-digest.json', 'datapackage.json', 'indexes/index.cdxj', 'pages/pages.jsonl']);
    expect(info.every((i) => i[1] === 0)).toBe(true); // stored
    const dp = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
    expect(dp.wacz_version).toBe('1.1.1');
    expect(dp.profile).toBe('data-package');
    for (const res of dp.resources) {
      const bytes = readFileSync(join(dir, res.path));
      expect(res.bytes, res.path).toBe(bytes.length);
      expect(res.hash, res.path).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    }
    const digest = JSON.parse(readFileSync(join(dir, 'datapackage-digest.json'), 'utf8'));
    expect(digest).toEqual({ path: 'datapackage.json', hash: `sha256:${createHash('sha256').update(readFileSync(join(dir, 'datapackage.json'))).digest('hex')}` });
    const warc = readFileSync(join(dir, 'archive', 'data.warc.gz'));
    const lines = readFileSync(join(dir, 'indexes', 'index.cdxj'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(lines).toEqual([...lines].sort());
    const responses = new Set<string>();
    for (const line of lines) {
      const m = /^(\S+) (\d{14}) (\{.*\})$/.exec(line);
      expect(m, line).not.toBeNull();
      const j = JSON.parse(m![3]) as Record<string, string>;
      expect(m![1]).toBe(surt(j.url));
      const rec = gunzipSync(warc.subarray(Number(j.offset), Number(j.offset) + Number(j.length))).toString('latin1');
      expect(rec.startsWith('WARC/1.1\r\n'), line).toBe(true);
      const type = /\r\nWARC-Type: (\S+)\r\n/.exec(rec)?.[1];
      expect(['response', 'revisit']).toContain(type);
      expect(Buffer.from(/\r\nWARC-Target-URI: (\S+)\r\n/.exec(rec)![1], 'latin1').toString('utf8')).toBe(j.url);
      expect(/\r\nWARC-Payload-Digest: (\S+)\r\n/.exec(rec)![1]).toBe(j.digest);
      expect(ts14(/\r\nWARC-Date: (\S+)\r\n/.exec(rec)![1])).toBe(m![2]);
      if (type === 'response') responses.add(j.url);
    }
    const pages = readFileSync(join(dir, 'pages', 'pages.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(pages[0]).toMatchObject({ format: 'json-pages-1.0', id: 'pages' });
    expect(pages.length - 1).toBe(4); // the fixture's four current reports
    for (const p of pages.slice(1)) {
      expect(responses.has(p.url), p.url).toBe(true);
      expect(p.ts).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    expect(readdirSync(dir).sort()).toEqual(['archive', 'datapackage-digest.json', 'datapackage.json', 'indexes', 'pages']);
  });
});
