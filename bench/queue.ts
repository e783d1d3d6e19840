// Issue 13's benchmark: a batch of scanned PDFs read by OCR through the Redis queue, by one
// `ogi worker` and then by three on this machine. Needs redis-server, tesseract (chi_sim) and
// pdftoppm; says which is missing otherwise.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../src/config/load.js';
import { queuedExtract } from '../src/queue/coordinator.js';

const cli = join(projectRoot, 'src', 'cli', 'main.ts');

async function freePort(): Promise<number> {
  return new Promise((resolve) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
}

function startWorker(url: string, dir: string, name: string): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['--import', 'tsx', cli, 'worker', '--queue', url, '--storage', join(dir, name), '--name', name], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    p.stderr!.on('data', (d) => { err += d; if (err.includes('worker.ready')) resolve(p); });
    p.on('exit', (c) => reject(new Error(`worker exited ${c}: ${err.slice(-500)}`)));
  });
}

export async function benchQueueOcr(files = 6): Promise<Record<string, unknown>> {
  const missing = ['redis-server', 'tesseract', 'pdftoppm'].filter((t) => spawnSync(t, ['--version']).error);
  if (missing.length) return { skipped: `needs ${missing.join(', ')} (apt-get install redis-server tesseract-ocr tesseract-ocr-chi-sim poppler-utils)` };
  const dir = mkdtempSync(join(tmpdir(), 'ogi-bench-queue-'));
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const url = `redis://127.0.0.1:${port}/0`;
  const batch = Array.from({ length: files }, (_, i) => {
    const f = join(dir, `scan-${i}.pdf`);
    copyFileSync(join(projectRoot, 'test', 'fixtures', 'attachments', 'scanned.pdf'), f);
    return f;
  });
  const workers: ChildProcess[] = [];
  try {
    const time = async (n: number) => {
      while (workers.length < n) workers.push(await startWorker(url, dir, `w${workers.length}`));
      const t0 = performance.now();
      const out = await queuedExtract({ queue: url, files: batch, ocr: true });
      const failed = out.filter((x) => x.state === 'failed');
      if (failed.length) throw new Error(`OCR job failed: ${failed[0].error}`);
      return (performance.now() - t0) / 1000;
    };
    const one = await time(1);
    const three = await time(3);
    const speedup = one / three;
    return { files, one_worker_s: one.toFixed(1), three_workers_s: three.toFixed(1), speedup: speedup.toFixed(2), target: '3 workers OCR a batch faster than 1 (speed-up > 1.0)', met: speedup > 1 ? 'met' : 'missed' };
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    redis.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
