import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/load.js';

const ogi = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/main.ts'), ...args], { encoding: 'utf8', cwd: projectRoot, timeout: 170_000 });

describe('the ogi command', () => {
  it('sites validate names the file and the field of a broken config, and exits non-zero', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-cli-'));
    const f = join(dir, 'broken.yaml');
    writeFileSync(f, 'id: broken\nname: 坏\nregion: 坏市\nlevel: prefecture\nhomepage: https://www.x.gov.cn/\ndialect: trs\nstart_urls: [42]\n');
    const r = ogi('sites', 'validate', f);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${f}: start_urls.0:`);
    const ok = ogi('sites', 'validate');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^\d+ valid, 0 invalid/m);
  });

  it('demo builds an archive from the replay, prints the summary and the extracted reports, and verify passes', () => {
    const storage = mkdtempSync(join(tmpdir(), 'ogi-demo-'));
    const r = ogi('demo', '--delay', '10', '--storage', storage);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sites \d+, pages fetched \d+, snapshots stored \d+ new/);
    expect(r.stdout).toContain(`archive: ${join(storage, 'archive.sqlite')}`);
    expect(r.stdout).toMatch(/磐安县人民政府\s+2020\s+2019/);
    // Every dialect is crawled, the ones no city uses through the replay-only samples.
    const dialects = /^Dialects crawled[^:]*: (.*)$/m.exec(r.stdout)![1];
    for (const d of ['anhui', 'gkmlpt', 'gknr', 'hanweb', 'liaoning', 'linklist', 'trs', 'vsb']) expect(dialects).toMatch(new RegExp(`(^|; )${d}: [^;]*\\b[1-9]\\d*(;|,|$)`));
    // the second night: one report revised, the page layout changed
    expect(r.stdout).toMatch(/Second night: (\w+) revised its (\d{4}) report/);
    const [, site, year] = /Second night: (\w+) revised its (\d{4}) report/.exec(r.stdout)!;
    const q = ogi('query', `SELECT report_id, versions FROM report_records WHERE versions > 1`, '--json', '--storage', storage);
    const multi = JSON.parse(q.stdout) as Array<{ report_id: string; versions: number }>;
    expect(multi).toHaveLength(1);
    expect(multi[0].report_id).toContain(year);
    expect(site).toBeTruthy();
    const v = ogi('verify', '--storage', storage);
    expect(v.status, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/0 missing, 0 hash mismatch/);
    const runs = ogi('runs', 'list', '--storage', storage);
    expect(runs.stdout).toMatch(/^\s+1 \S+ completed\s+10\s+\d+/m); // the seven sites the replay plays (six seeds and 岳阳 for the generic dialect) and three replay-only samples (issue 11)
    const show = ogi('runs', 'show', '1', '--storage', storage);
    expect(ogi('runs', 'show', 'last', '--storage', storage).stdout).toMatch(/^Crawl run 2/m);
    expect(show.stdout).toMatch(/^panan\s+completed\s+\d+\s+9\s/m);
    const health = ogi('sites', 'health', '--storage', storage);
    // The replay has reports 2015–2023; configs whose evidence shows other years are named with it.
    expect(health.status, health.stdout).toBe(1);
    expect(health.stdout).toMatch(/^xianning\s+ok/m);
    expect(health.stdout).toMatch(/^panan\s+ok/m);
    expect(health.stdout).toMatch(/^anqing\s+NEEDS ATTENTION[^\n]*\n\s+evidence_years: no report archived for 2013, 2014 although the config's evidence shows 2013: http:\/\/aqxxgk\.anqing\.gov\.cn\/gknb_show\.php\?id=2802/m);
    expect(health.stdout).toMatch(/^jiangmen\s+NEEDS ATTENTION[^\n]*\n\s+evidence_years: no report archived for 2024 /m);
    const dry = ogi('crawl', '--dry-run', '--incremental', '--now', '2025-07-01T00:00:00Z', '--storage', storage, '--site', 'panan');
    expect(dry.stdout).toMatch(/panan \(磐安县人民政府\): not due/);
    const dryIn = ogi('crawl', '--dry-run', '--incremental', '--now', '2027-02-01T00:00:00Z', '--storage', storage, '--site', 'panan');
    expect(dryIn.stdout).toMatch(/panan \(磐安县人民政府\): due — publishing season/);
    expect(dryIn.stdout).toContain('GET  http://www.panan.gov.cn/robots.txt  (robots)');
  }, 180_000);

  it('crawl refuses an unknown site and a bad --replay address with a clear message', () => {
    const r = ogi('crawl', '--site', 'atlantis', '--storage', mkdtempSync(join(tmpdir(), 'ogi-x-')));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown site id\(s\): atlantis/);
    const r2 = ogi('crawl', '--replay', 'example.com:80', '--storage', mkdtempSync(join(tmpdir(), 'ogi-x-')));
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/--replay: expected HOST:PORT/);
  });
});
