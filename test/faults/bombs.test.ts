// Zip bombs and absurd sheets (issue 15): the attachment readers refuse them from the zip's
// central directory before inflating anything, `ogi extract` exits 1 at once naming the cause,
// a crawl that meets one as a report's attachment completes and writes an error record naming
// it, `ogi reextract` does the same, and no process's peak memory reaches 1 GB. A file that
// passes the caps but still exhausts memory is stopped by the sandbox worker's heap limit.
// The bombs are built at run time (test/attachments/bombs.ts); nothing large is committed.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { absurdSheet, docxBomb, entry, repeatedDeflate, zip64Bomb, zipOf } from '../attachments/bombs.js';
import { readAttachment, AttachmentError } from '../../src/extract/attachments/index.js';
import { ExtractionSandbox, sandboxedExtractAny } from '../../src/extract/any.js';
import { defaultConfigDir, projectRoot } from '../../src/config/load.js';
import { cliPath } from './cli.js';
import { startSimulator, type Simulator } from './simulator.js';
import { report } from './pages.js';

const GB = 1024 * 1024 * 1024;

/** Runs `ogi …` in a child process and samples its peak resident memory (VmHWM) until it exits. */
function ogiPeak(args: string[]): Promise<{ code: number | null; out: string; err: string; peakBytes: number; ms: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '', err = '', peak = 0;
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const sample = (): void => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch { /* exited */ }
  };
  const timer = setInterval(sample, 50);
  return new Promise((resolve) => child.on('exit', (code) => { clearInterval(timer); resolve({ code, out, err, peakBytes: peak, ms: Date.now() - t0 }); }));
}

const canSample = existsSync('/proc/self/status');

describe('zip bombs and absurd sheets are refused before they are inflated', () => {
  it('a DOCX whose document.xml unpacks to 100 MiB (370 KB zipped): refused from the central directory, naming the entry and the cap', async () => {
    const bomb = docxBomb(100);
    expect(bomb.length).toBeLessThan(400_000);
    const t0 = performance.now();
    const err = await readAttachment(bomb, { filename: 'a.docx' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttachmentError);
    expect((err as Error).message).toBe('zip entry word/document.xml unpacks to 104857865 bytes, over the 32 MiB cap for an XML part');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a zip64 DOCX of 2 GiB: its zip64 sizes are read and refused', async () => {
    const err = await readAttachment(zip64Bomb(2), { filename: 'a.docx' }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('zip entry word/document.xml unpacks to 2147483913 bytes, over the 32 MiB cap for an XML part');
  }, 60_000);

  it('a zip whose directory lies about an entry\'s size is caught while inflating, with memory bounded by the declared size', async () => {
    const big = repeatedDeflate(Buffer.from('<w:document>'), Buffer.alloc(1024 * 1024, 0x20), 200, Buffer.from('</w:document>'));
    const liar = zipOf([entry('[Content_Types].xml', Buffer.from('<Types/>')), { name: 'word/document.xml', ...big, size: 4096 }]);
    await expect(readAttachment(liar, { filename: 'a.docx' })).rejects.toThrow('zip entry word/document.xml unpacks to more than the 4096 bytes its directory declares (a zip bomb?)');
  });

  it('an XLSX whose sheet spans 1 048 576 rows × 16 384 columns (1.7 KB file): refused by its cell count, not allocated', async () => {
    await expect(readAttachment(absurdSheet(), { filename: 'a.xlsx' })).rejects.toThrow('sheet 表1 spans 1048576 rows × 16384 columns (17179869184 cells), over the cap of 1000000 cells');
  });

  it('a file under the caps that still exhausts memory is stopped by the sandbox\'s heap limit and becomes an error; the sandbox serves the next file', async () => {
    const sandbox = new ExtractionSandbox({ memoryMb: 64 });
    try {
      const extract = sandboxedExtractAny(sandbox);
      const err = await extract({ bytes: docxBomb(30), url: 'http://x.gov.cn/big.docx' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AttachmentError);
      expect((err as Error).message).toMatch(/^extraction of http:\/\/x\.gov\.cn\/big\.docx ran out of memory \(over the 64 MB heap limit\) and was stopped$/);
      const ok = await extract({ bytes: readFileSync(join(projectRoot, 'test/fixtures/attachments/docx-2024.docx')), url: 'http://x.gov.cn/ok.docx' });
      expect(ok.kind).toBe('report');
      expect(ok.source).toBe('attachment:docx');
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('a file that takes too long is stopped by the sandbox\'s time limit', async () => {
    const sandbox = new ExtractionSandbox({ timeoutMs: 1 });
    try {
      const err = await sandboxedExtractAny(sandbox)({ bytes: readFileSync(join(projectRoot, 'test/fixtures/attachments/docx-2024.docx')), url: 'http://x.gov.cn/slow.docx' }).catch((e: unknown) => e);
      expect((err as Error).message).toBe('extraction of http://x.gov.cn/slow.docx took over 0.001 s and was stopped');
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe('the command line survives them', () => {
  const files = mkdtempSync(join(tmpdir(), 'ogi-bombs-'));
  const BOMBS: Array<[string, () => Buffer, RegExp]> = [
    ['bomb.docx', () => docxBomb(100), /zip entry word\/document\.xml unpacks to 104857865 bytes, over the 32 MiB cap/],
    ['bomb64.docx', () => zip64Bomb(2), /zip entry word\/document\.xml unpacks to 2147483913 bytes, over the 32 MiB cap/],
    ['absurd.xlsx', () => absurdSheet(), /sheet 表1 spans 1048576 rows × 16384 columns/],
  ];
  beforeAll(() => { for (const [name, make] of BOMBS) writeFileSync(join(files, name), make()); }, 60_000);
  afterAll(() => rmSync(files, { recursive: true, force: true }));

  for (const [name, , message] of BOMBS) {
    it(`\`ogi extract ${name}\` exits 1 with the cause, quickly, under 1 GB`, async () => {
      const r = await ogiPeak(['extract', join(files, name)]);
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(new RegExp(`^ogi extract: .*${name.replace('.', '\\.')}: `));
      if (canSample) expect(r.peakBytes).toBeLessThan(GB);
      console.log(`ogi extract ${name}: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s, peak RSS ${(r.peakBytes / 1024 / 1024).toFixed(0)} MB`);
    }, 120_000);
  }

  describe('served as a report\'s attachments in a crawl', () => {
    let sim: Simulator;
    const host = 'www.bomb.fault.gov.cn';
    const storage = mkdtempSync(join(tmpdir(), 'ogi-bombs-st-'));
    const cfg = mkdtempSync(join(tmpdir(), 'ogi-bombs-cfg-'));
    beforeAll(async () => {
      sim = await startSimulator();
      const g = report(91);
      const links = BOMBS.map(([name]) => `<p>附件：<a href="/r/files/${name}">${name}</a></p>`).join('');
      sim.set('/list/index.html', { kind: 'page', body: `<html><head><meta charset="utf-8"></head><body><a href="/r/1.html">${g.truth.title}</a></body></html>` });
      sim.set('/r/1.html', { kind: 'page', body: g.html.replace('</body>', `${links}</body>`) });
      for (const [name] of BOMBS) {
        const type = name.endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
        sim.set(`/r/files/${name}`, { kind: 'page', body: readFileSync(join(files, name)), headers: { 'Content-Type': type } });
      }
      mkdirSync(join(cfg, 'sites'));
      copyFileSync(join(defaultConfigDir, 'ogi.yaml'), join(cfg, 'ogi.yaml'));
      writeFileSync(join(cfg, 'sites', 'bomb.yaml'), `id: bomb\nname: 炸弹市人民政府\nregion: 炸弹市\nlevel: prefecture\nhomepage: http://${host}/\ndialect: linklist\nstart_urls: [http://${host}/list/index.html]\nreport_link_patterns: ['/r/\\d']\nallowed_hosts: ['*.fault.gov.cn']\n`);
    });
    afterAll(async () => {
      await sim?.close();
      rmSync(storage, { recursive: true, force: true });
      rmSync(cfg, { recursive: true, force: true });
    });

    const errorRecords = (): Array<{ url: string; reason: string; run: number }> => {
      const db = new Database(join(storage, 'archive.sqlite'), { readonly: true });
      try {
        return db.prepare(`SELECT url, reason, extraction_run_id AS run FROM records WHERE kind = 'error' ORDER BY extraction_run_id, url`).all() as Array<{ url: string; reason: string; run: number }>;
      } finally {
        db.close();
      }
    };

    it('`ogi crawl` completes (exit 0: the site was crawled), the report is archived, each bomb is an error record naming its cause, counted as a parse failure', async () => {
      const r = await ogiPeak(['crawl', '--config', cfg, '--storage', storage, '--replay', `127.0.0.1:${sim.port}`, '--delay', '5', '--log-json', '--no-progress']);
      expect(r.code, r.err.slice(-2000)).toBe(0);
      expect(r.out).toMatch(/1 reports, \d+ values, 0 not reports, 3 errors/);
      expect(r.out).toMatch(/bomb\s+completed\s.*parse 3/);
      const errors = errorRecords();
      expect(errors.map((e) => e.url.replace(/^.*\//, ''))).toEqual(['absurd.xlsx', 'bomb.docx', 'bomb64.docx']);
      for (const [name, , message] of BOMBS) expect(errors.find((e) => e.url.endsWith(name))!.reason).toMatch(message);
      if (canSample) expect(r.peakBytes).toBeLessThan(GB);
      console.log(`ogi crawl with 3 bombs: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s, peak RSS ${(r.peakBytes / 1024 / 1024).toFixed(0)} MB`);
    }, 240_000);

    it('`ogi reextract --force` completes and writes the same error records in its own run', async () => {
      const r = await ogiPeak(['reextract', '--force', '--storage', storage, '--config', cfg]);
      expect(r.code, r.err.slice(-2000)).toBe(0);
      expect(r.out).toMatch(/4 snapshots, 1 reports, \d+ values, \d+ failed checks, 3 errors/);
      const errors = errorRecords();
      const last = Math.max(...errors.map((e) => e.run));
      const mine = errors.filter((e) => e.run === last);
      expect(mine).toHaveLength(3);
      for (const [name, , message] of BOMBS) expect(mine.find((e) => e.url.endsWith(name))!.reason).toMatch(message);
      if (canSample) expect(r.peakBytes).toBeLessThan(GB);
      console.log(`ogi reextract with 3 bombs: exit ${r.code} in ${(r.ms / 1000).toFixed(1)} s, peak RSS ${(r.peakBytes / 1024 / 1024).toFixed(0)} MB`);
    }, 240_000);
  });
});
