import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/config/load.js';
import { needTool } from '../helpers/tools.js';

const run = (env: NodeJS.ProcessEnv, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/main.ts'), ...args], { encoding: 'utf8', cwd: projectRoot, timeout: 300_000, env: { ...process.env, ...env } });
const ogi = (...args: string[]) => run({}, args);
/** A machine without Chromium, tesseract or a Word converter: no such program on PATH, no browser path. */
const bare = (...args: string[]) => run({ PATH: mkdtempSync(join(tmpdir(), 'ogi-bare-path-')), OGI_CHROMIUM: '/nonexistent/chromium' }, args);
const noBrowser = needTool('chromium', 'the demo\'s browser-rendered site (it is reported failed instead)').missing;

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
  }, 300_000);

  it('demo builds an archive from the replay, prints the summary and the extracted reports, and verify passes', () => {
    const storage = mkdtempSync(join(tmpdir(), 'ogi-demo-'));
    const r = ogi('demo', '--delay', '10', '--storage', storage);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sites \d+, pages fetched \d+, snapshots stored \d+ new/);
    expect(r.stdout).toContain(`archive: ${join(storage, 'archive.sqlite')}`);
    expect(r.stdout).toMatch(/磐安县人民政府\s+2020\s+2019/);
    // Every dialect is crawled, the ones no city uses through the replay-only samples.
    const dialects = /^Dialects crawled[^:]*: (.*)$/m.exec(r.stdout)![1];
    // (the linklist sample renders in a browser: without Chromium it is reported failed instead)
    for (const d of ['anhui', 'gkmlpt', 'gknr', 'hanweb', 'liaoning', 'trs', 'vsb', ...(noBrowser ? [] : ['linklist'])]) expect(dialects).toMatch(new RegExp(`(^|; )${d}: [^;]*\\b[1-9]\\d*(;|,|$)`));
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
    expect(v.stdout).toMatch(/snapshots \d+ \([1-9]\d* inside the archive, \d+ files\)/); // the replay's pages are small: kept inside
    const runs = ogi('runs', 'list', '--storage', storage);
    expect(runs.stdout).toMatch(/^\s+1 \S+ completed\s+10\s+\d+/m); // the seven sites the replay plays (six seeds and 岳阳 for the generic dialect) and three replay-only samples (issue 11)
    const show = ogi('runs', 'show', '1', '--storage', storage);
    expect(ogi('runs', 'show', 'last', '--storage', storage).stdout).toMatch(/^Crawl run 2/m);
    expect(show.stdout).toMatch(/^panan\s+completed\s+\d+\s+9\s/m);
    const health = ogi('sites', 'health', '--storage', storage);
    // The replay has reports 2015–2023; configs whose evidence shows other years are named with it
    // (the browser-rendered site is a replay-only sample with no evidence).
    expect(health.status, health.stdout).toBe(1);
    expect(health.stdout).toMatch(/^panan\s+ok/m);
    expect(health.stdout).toMatch(/^langfang\s+ok/m);
    expect(health.stdout).toMatch(/^anqing\s+NEEDS ATTENTION[^\n]*\n\s+evidence_years: no report archived for 2013, 2014 although the config's evidence shows 2013: http:\/\/aqxxgk\.anqing\.gov\.cn\/gknb_show\.php\?id=2802/m);
    expect(health.stdout).toMatch(/^jiangmen\s+NEEDS ATTENTION[^\n]*\n\s+evidence_years: no report archived for 2024 /m);
    const dry = ogi('crawl', '--dry-run', '--incremental', '--now', '2025-07-01T00:00:00Z', '--storage', storage, '--site', 'panan');
    expect(dry.stdout).toMatch(/panan \(磐安县人民政府\): not due/);
    const dryIn = ogi('crawl', '--dry-run', '--incremental', '--now', '2027-02-01T00:00:00Z', '--storage', storage, '--site', 'panan');
    expect(dryIn.stdout).toMatch(/panan \(磐安县人民政府\): due — publishing season/);
    expect(dryIn.stdout).toContain('GET  http://www.panan.gov.cn/robots.txt  (robots)');
  }, 600_000);

  it('on a machine without Chromium, tesseract or catdoc: demo names them once with their install commands, reports the browser site failed with the reason and exits 0; ocr exits 2', () => {
    const storage = mkdtempSync(join(tmpdir(), 'ogi-bare-'));
    const r = bare('demo', '--delay', '10', '--one-night', '--storage', storage);
    expect(r.status, r.stderr).toBe(0);
    for (const [tool, install] of [['Chromium', 'apt-get install chromium'], ['tesseract', 'apt-get install tesseract-ocr'], ['catdoc', 'apt-get install catdoc']]) {
      const lines = r.stdout.split('\n').filter((l) => l.startsWith('missing: ') && l.includes(tool));
      expect(lines, tool).toHaveLength(1);
      expect(lines[0]).toContain(install);
    }
    const browserSite = /^missing: Chromium, needed for `render: browser` sites \((\w+)\)/m.exec(r.stdout)![1];
    expect(r.stdout).toMatch(new RegExp(`^${browserSite}\\s+failed\\s`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^  ${browserSite}: render: browser needs a Chromium.*no Chromium found`, 'm'));
    expect(r.stdout).toMatch(/^panan\s+completed/m);
    const runLine = /^\s+1 \S+ completed\s+(\d+)\s+\d+\s+\d+\s+1$/m.exec(ogi('runs', 'list', '--storage', storage).stdout); // one failed site
    expect(Number(runLine?.[1])).toBeGreaterThanOrEqual(7); // the six portals, the generic example and the platform samples
    const show = ogi('runs', 'show', 'last', '--json', '--storage', storage);
    const site = (JSON.parse(show.stdout) as { sites: Array<{ site: string; status: string; note: string }> }).sites.find((x) => x.site === browserSite)!;
    expect(site).toMatchObject({ status: 'failed', note: expect.stringMatching(/Chromium/) });
    const health = ogi('sites', 'health', '--json', '--storage', storage);
    expect(health.status).toBe(1);
    const h = (JSON.parse(health.stdout) as Array<{ site: string; issues: Array<{ kind: string; evidence: string }> }>).find((x) => x.site === browserSite)!;
    expect(h.issues.map((i) => i.kind)).toEqual(['crawl_failed']);
    expect(h.issues[0].evidence).toMatch(/Chromium/);
    // the same crawl on its own: exit 1 (some sites failed); the browser site is a replay-only
    // sample (issue 11), so it is crawled from a configuration folder of its own
    const cfg = mkdtempSync(join(tmpdir(), 'ogi-bare-cfg-'));
    mkdirSync(join(cfg, 'sites'));
    copyFileSync(join(projectRoot, 'config', 'ogi.yaml'), join(cfg, 'ogi.yaml'));
    copyFileSync(join(projectRoot, 'src', 'replay', 'samples', `${browserSite}.yaml`), join(cfg, 'sites', `${browserSite}.yaml`));
    const c = bare('crawl', '--config', cfg, '--replay', '127.0.0.1:9', '--site', browserSite, '--storage', storage);
    expect(c.status, c.stderr).toBe(1);
    const ocr = bare('ocr', join(projectRoot, 'test/fixtures/attachments/scanned.pdf'));
    expect(ocr.status).toBe(2);
    expect(ocr.stderr).toMatch(/OCR cannot run here: tesseract is not installed \(apt-get install tesseract-ocr/);
  }, 600_000);

  it('usage errors exit 2, --version prints the version, help exits 0', () => {
    const v = ogi('--version');
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(v.status).toBe(0);
    for (const args of [['crawl', '--bogus'], ['runs', 'show']]) {
      const r = ogi(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: (unknown option|missing required argument)/);
    }
    expect(ogi('crawl', '--help').status).toBe(0);
    // a reader that stops early: a quiet exit, no EPIPE stack trace
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" --import tsx src/cli/main.ts schema | head -1; exit \${PIPESTATUS[0]}`], { encoding: 'utf8', cwd: projectRoot });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stderr).not.toMatch(/EPIPE|Error/);
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
  }, 300_000);

  it('crawl refuses an unknown site and a bad --replay address with a clear message', () => {
    const r = ogi('crawl', '--site', 'atlantis', '--storage', mkdtempSync(join(tmpdir(), 'ogi-x-')));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown site id\(s\): atlantis/);
    const r2 = ogi('crawl', '--replay', 'example.com:80', '--storage', mkdtempSync(join(tmpdir(), 'ogi-x-')));
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/--replay: expected HOST:PORT/);
  }, 300_000);
});
