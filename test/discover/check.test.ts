import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGlobalConfig, loadSiteFile, projectRoot } from '../../src/config/load.js';
import { checkSite } from '../../src/discover/check.js';
import { replayHostMap } from '../../src/cli/hostmap.js';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { ogi } from '../helpers/ogi.js';

const global = loadGlobalConfig();

describe('sites check against the offline replay', () => {
  let replay: Replay;
  let dir: string;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['yueyang', 'xianning'] });
    dir = mkdtempSync(join(tmpdir(), 'ogi-check-'));
    cpSync(join(projectRoot, 'config'), dir, { recursive: true });
  });
  afterAll(() => replay.close());

  it('counts report links and years, and names evidence the pass did not find', async () => {
    const file = join(dir, 'sites', 'yueyang.yaml');
    const site = loadSiteFile(file);
    const c = await checkSite(site, { global, hostMap: replayHostMap(`127.0.0.1:${replay.port}`), delayMs: 0, maxPages: 30 });
    const expected = replay.reports('yueyang');
    expect(c.start.map((s) => s.outcome)).toEqual(['ok']);
    expect(c.reports.length).toBe(expected.length);
    expect(c.years).toEqual(expected.map((r) => r.year).filter((y) => c.years.includes(y)));
    expect(c.years.length).toBeGreaterThanOrEqual(expected.length - 1);
    // the real evidence URL (on the real host, not in the replay) is named as not seen
    expect(c.missingEvidence.map((m) => m.url)).toEqual(site.evidence.filter((e) => e.kind === 'report').map((e) => e.url));
    expect(c.missingYears).toEqual([]);
    expect(c.ok).toBe(true);
  });

  it('fails a site whose start URL does not answer, and a budget too small is said', async () => {
    const site = { ...loadSiteFile(join(dir, 'sites', 'yueyang.yaml')), start_urls: ['http://www.yueyang.gov.cn/nothing/index.html'] };
    const c = await checkSite(site, { global, hostMap: replayHostMap(`127.0.0.1:${replay.port}`), delayMs: 0, maxPages: 30 });
    expect(c.ok).toBe(false);
    expect(c.problems.join('\n')).toMatch(/did not answer: http_error \(HTTP 404\)/);
    expect(c.problems.join('\n')).toMatch(/no report link found/);
    const small = await checkSite(loadSiteFile(join(dir, 'sites', 'yueyang.yaml')), { global, hostMap: replayHostMap(`127.0.0.1:${replay.port}`), delayMs: 0, maxPages: 1 });
    expect(small.truncated).toBe(true);
  });

  it('ogi sites check stamps verified: DATE only on a passing site, keeping the file\'s comments', async () => {
    const file = join(dir, 'sites', 'xianning.yaml');
    // evidence of a year the replay does not have makes the xianning check fail
    writeFileSync(file, `${readFileSync(file, 'utf8').replace(/\nevidence:[\s\S]*$/, '\n')}evidence:\n  - url: http://www.xianning.gov.cn/xxgk/xxgknb/201703/t20170310_1.shtml\n    kind: report\n    year: 2005\n    what: a report of a year the replay lacks\n    source: test\n`);
    const r = await ogi(['sites', 'check', '--site', 'yueyang', 'xianning', '--replay', `127.0.0.1:${replay.port}`, '--delay', '0', '--now', '2026-12-06T10:00:00Z', '--config', dir]);
    expect(r.out).toMatch(/yueyang\s+ok/);
    expect(r.out).toMatch(/xianning\s+FAILED/);
    expect(r.out).toMatch(/no report link for year\(s\) the evidence shows: 2005/);
    expect(r.code).toBe(1);
    const text = readFileSync(join(dir, 'sites', 'yueyang.yaml'), 'utf8');
    expect(text).toMatch(/^verified: 2026-12-06$/m);
    expect(text).toMatch(/^# 岳阳市人民政府/);
    expect(loadSiteFile(join(dir, 'sites', 'yueyang.yaml')).verified).toBe('2026-12-06');
    expect(loadSiteFile(file).verified).toBe(false);
  }, 60_000);
});
