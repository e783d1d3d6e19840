import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, utimesSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundleOf, workerStart } from '../../src/util/workerBundle.js';

const past = (f: string) => utimesSync(f, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

describe('worker threads start from a bundle', () => {
  it('bundles a TypeScript worker, keeps each module its own import.meta.url, and rebuilds when a source changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-bundle-'));
    try {
      const a = join(dir, 'a.ts'), b = join(dir, 'b.ts'), cache = join(dir, 'cache');
      writeFileSync(a, "import { word } from './b.ts';\nexport const here: string = import.meta.url;\nexport const said: string = word;\n");
      writeFileSync(b, "export const word: string = 'first';\n");
      past(a); past(b);
      const first = bundleOf(a, cache);
      expect(first).not.toBeNull();
      const code = readFileSync(first!, 'utf8');
      expect(code).toContain("'first'".replace(/'/g, '"'));
      expect(code).toContain(JSON.stringify(`file://${a}`)); // a's own URL, not the bundle's
      expect(code).not.toContain('import.meta.url');
      // unchanged sources: the same bundle, not rebuilt
      const before = readFileSync(first!, 'utf8');
      expect(bundleOf(a, cache)!.href).toBe(first!.href);
      expect(readFileSync(first!, 'utf8')).toBe(before);
      // an edited import: rebuilt
      writeFileSync(b, "export const word: string = 'second';\n");
      past(b);
      const again = bundleOf(a, cache);
      expect(readFileSync(again!, 'utf8')).toContain('"second"');
      // a source that cannot be bundled: no bundle (the caller falls back to the tsx boot file)
      writeFileSync(b, 'export const = ;\n');
      past(b);
      expect(bundleOf(a, cache)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts the archive-writing thread from its bundle, without the parent\'s tsx loader', async () => {
    const entry = new URL('../../src/store/sinkWorker.ts', import.meta.url);
    const boot = new URL('../../src/store/sinkWorkerBoot.mjs', import.meta.url);
    const start = workerStart(entry, boot);
    expect(start.url.href).toMatch(/node_modules\/\.cache\/ogi-workers\/src__store__sinkWorker\.mjs$/);
    expect(start.execArgv?.join(' ') ?? '').not.toMatch(/tsx/);
    const dir = mkdtempSync(join(tmpdir(), 'ogi-bundle-'));
    try {
      const w = new Worker(start.url, { execArgv: start.execArgv, workerData: { dbPath: join(dir, 'archive.sqlite'), storageDir: dir, runId: 1, commitMs: 25 } });
      const m = await new Promise<unknown>((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
      expect(m).toEqual({ ready: true }); // it opened (and migrated) the archive: the migrations were found beside db.ts
      await w.terminate();
      expect(fileURLToPath(start.url)).toContain(join('node_modules', '.cache'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
