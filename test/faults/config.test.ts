// Bad configuration and arguments (issue 7, §4): malformed YAML, unknown fields, a start URL
// off the allowed hosts, negative delays (config and --delay -5), a read-only storage folder.
// Each must give a clear message naming the file/field/folder, and do no partial damage: no
// storage created for a command that cannot run, an existing archive left byte for byte.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ogi, folderDigest, openUp, isRoot, NOBODY } from './cli.js';
import { startSimulator, type Simulator } from './simulator.js';
import { faultSite, simHostMap, crawlSim, archiveHealth } from './helpers.js';
import { report, listPage } from './pages.js';
import { openArchive } from '../../src/archive/db.js';
import { defaultConfigDir } from '../../src/config/load.js';
import { startReplay, type Replay } from '../../src/replay/server.js';

const goodSite = (id: string, extra = '') => `id: ${id}
name: 测试市人民政府
region: 测试市
level: prefecture
homepage: http://www.test.gov.cn/
dialect: linklist
start_urls:
  - http://www.test.gov.cn/list/index.html
allowed_hosts: ['*.gov.cn']
${extra}`;

function configDir(sites: Record<string, string>, global?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ogi-cfg-'));
  mkdirSync(join(dir, 'sites'));
  if (global === undefined) copyFileSync(join(defaultConfigDir, 'ogi.yaml'), join(dir, 'ogi.yaml'));
  else writeFileSync(join(dir, 'ogi.yaml'), global);
  for (const [name, text] of Object.entries(sites)) writeFileSync(join(dir, 'sites', name), text);
  return dir;
}

describe('bad configuration and arguments', () => {
  let sim: Simulator;
  let archive: string; // an existing archive that bad invocations must leave untouched
  let digest: string;

  beforeAll(async () => {
    sim = await startSimulator();
    sim.set('/list/index.html', { kind: 'page', body: listPage([['/r/1.html', '配置市2022年政府信息公开工作年度报告']]) });
    sim.set('/r/1.html', { kind: 'page', body: report(61).bytes });
    archive = mkdtempSync(join(tmpdir(), 'ogi-cfg-arch-'));
    const { db } = await crawlSim(archive, [faultSite('cfg', 'www.cfg.fault.gov.cn')], simHostMap(sim));
    db.close();
    digest = folderDigest(archive);
  });
  afterAll(async () => { await sim?.close(); });

  it('sites validate names the file and the field: malformed YAML, unknown fields, start URL off the allowed hosts, negative delay', async () => {
    const dir = configDir({
      'broken.yaml': 'id: broken\nname: [unclosed\n  start_urls: {\n',
      'unknown.yaml': goodSite('unknown', 'delay_ms: 5\npolitness:\n  delay_ms: 10\n'),
      'nested.yaml': goodSite('nested', 'politeness:\n  delay_sec: 3\n'),
      'offhost.yaml': goodSite('offhost').replace('  - http://www.test.gov.cn/list/index.html', '  - http://www.copy-site.com/list/index.html'),
      'negative.yaml': goodSite('negative', 'politeness:\n  delay_ms: -5\n'),
      'good.yaml': goodSite('good'),
    });
    const r = await ogi(['sites', 'validate', '--config', dir]);
    expect(r.code).toBe(1);
    const f = (n: string) => join(dir, 'sites', n);
    expect(r.err).toContain(`${f('broken.yaml')}: YAML`);
    expect(r.err).toMatch(new RegExp(`${f('unknown.yaml')}: .*(delay_ms|politness)`));
    expect(r.err).toMatch(new RegExp(`${f('nested.yaml')}: politeness.*delay_sec`));
    expect(r.err).toMatch(new RegExp(`${f('offhost.yaml')}: start_urls\\.0: host www\\.copy-site\\.com is not in allowed_hosts`));
    expect(r.err).toMatch(new RegExp(`${f('negative.yaml')}: politeness\\.delay_ms: .*(>=0|0)`));
    expect(r.out).toContain('1 valid, 5 invalid');
  });

  it('a broken global config (negative delay, unknown field) stops `ogi crawl` before it touches storage', async () => {
    const dir = configDir({ 'good.yaml': goodSite('good') }, 'user_agent: "ogi-test (+https://example.org)"\ncontact_url: https://example.org\npoliteness:\n  delay_ms: -5\n  delay_secs: 1\n');
    const fresh = join(mkdtempSync(join(tmpdir(), 'ogi-st-')), 'storage');
    for (const storage of [fresh, archive]) {
      const r = await ogi(['crawl', '--config', dir, '--storage', storage, '--replay', `127.0.0.1:${sim.port}`]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain(join(dir, 'ogi.yaml'));
      expect(r.err).toMatch(/politeness\.delay_ms/);
      expect(r.err).toMatch(/delay_secs/);
    }
    expect(existsSync(fresh)).toBe(false);
    expect(folderDigest(archive)).toBe(digest);
  });

  it('`--delay -5`, an unknown site and an invalid site named on the command line: exit 2, named, nothing written', async () => {
    const dir = configDir({ 'good.yaml': goodSite('good'), 'broken.yaml': 'id: broken\nname: [unclosed\n' });
    const fresh = join(mkdtempSync(join(tmpdir(), 'ogi-st-')), 'storage');
    for (const storage of [fresh, archive]) {
      const delay = await ogi(['crawl', '--config', dir, '--storage', storage, '--delay', '-5', '--replay', `127.0.0.1:${sim.port}`]);
      expect(delay.code).toBe(2);
      expect(delay.err).toMatch(/--delay.*-5/);
      const nan = await ogi(['crawl', '--config', dir, '--storage', storage, '--delay', 'soon', '--replay', `127.0.0.1:${sim.port}`]);
      expect(nan.code).toBe(2);
      expect(nan.err).toMatch(/--delay.*soon/);
      const broken = await ogi(['crawl', '--config', dir, '--storage', storage, '--site', 'broken', '--replay', `127.0.0.1:${sim.port}`]);
      expect(broken.code).toBe(2);
      expect(broken.err).toContain(join(dir, 'sites', 'broken.yaml'));
      expect(broken.err).toMatch(/broken/);
    }
    expect(existsSync(fresh)).toBe(false);
    expect(folderDigest(archive)).toBe(digest);
    expect(sim.log.filter((r) => r.host === 'www.test.gov.cn')).toEqual([]);
    const db = openArchive(join(archive, 'archive.sqlite'));
    const h = await archiveHealth(db, archive);
    db.close();
    expect(h.passed).toBe(true);
  }, 60_000);
});

describe('a read-only storage folder', () => {
  let replay: Replay;
  beforeAll(async () => { replay = await startReplay({ sites: ['panan'] }); });
  afterAll(async () => { await replay?.close(); });

  it('a storage folder that cannot be created: exit 2, the folder named, nothing written', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ogi-ro-'));
    openUp(parent);
    const ro = join(parent, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = await ogi(['crawl', '--storage', join(ro, 'storage'), '--site', 'panan', '--replay', `127.0.0.1:${replay.port}`, '--delay', '5'], { unprivileged: true });
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(join(ro, 'storage'));
    expect(r.err).toMatch(/permission denied|read-only|EACCES|EROFS/i);
    expect(readdirSync(ro)).toEqual([]);
  }, 60_000);

  it('a snapshot folder that became read-only: the crawl stops with the folder named, the archive still verifies', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ogi-ro-'));
    openUp(parent);
    const dir = join(parent, 'storage');
    // an existing archive, then its snapshot folder made read-only for the crawling user
    openArchive(join(dir, 'archive.sqlite')).close();
    mkdirSync(join(dir, 'snapshots'));
    if (isRoot) for (const f of readdirSync(dir)) if (f !== 'snapshots') chownSync(join(dir, f), NOBODY, NOBODY);
    if (isRoot) chownSync(dir, NOBODY, NOBODY);
    chmodSync(join(dir, 'snapshots'), 0o555);
    const r = await ogi(['crawl', '--storage', dir, '--site', 'panan', '--replay', `127.0.0.1:${replay.port}`, '--delay', '5', '--log-json'], { unprivileged: true });
    expect([1, 2], r.err).toContain(r.code); // the run finished, its one site failed
    expect(r.out).toMatch(new RegExp(`panan\\s+failed[\\s\\S]*panan: cannot write snapshots under ${join(dir, 'snapshots')}.*(EACCES|permission denied)`)); // the failed site's reason is on a line of its own
    expect(readdirSync(join(dir, 'snapshots'))).toEqual([]);
    chmodSync(join(dir, 'snapshots'), 0o755);
    const db = openArchive(join(dir, 'archive.sqlite'));
    const h = await archiveHealth(db, dir);
    // small bodies are kept in the archive and need no folder; no row points at a file that was not written
    const rows = db.prepare(`SELECT COUNT(*) AS n FROM fetches f JOIN snapshots s ON s.sha256 = f.snapshot_sha256 WHERE s.path <> 'snapshot_bodies'`).get() as { n: number };
    const inline = db.prepare(`SELECT COUNT(*) AS n FROM snapshot_bodies`).get() as { n: number };
    db.close();
    expect(h.passed, JSON.stringify(h.verify)).toBe(true);
    expect(rows.n).toBe(0);
    expect(inline.n).toBeGreaterThan(0);
    expect(statSync(join(dir, 'archive.sqlite')).size).toBeGreaterThan(0);
  }, 60_000);
});
