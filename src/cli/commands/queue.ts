// `ogi worker`, `ogi queue status|ocr` and `ogi merge`: the commands of a run spread over
// several processes or machines through Redis (BullMQ), and the merge of their shard archives.
// `ogi crawl --queue` (in crawl.ts) is the coordinator's side of a crawl.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { defaultConfigDir, loadGlobalConfig } from '../../config/load.js';
import { storageDir, openStorage } from '../storage.js';
import { acquireLock, LockHeldError } from '../../frontier/lock.js';
import { EXIT } from '../exit.js';
import { plain } from '../plain.js';
import type { CrawlSiteResult } from '../../queue/jobs.js';
import type { JobOutcome } from '../../queue/coordinator.js';
import type { SiteConfig } from '../../config/schema.js';

/** The coordinator's side of `ogi crawl --queue`: prints one line per site and returns the exit code. */
export async function runQueuedCrawlCommand(o: { queue: string; sites: SiteConfig[]; replay?: string; delayMs?: number; incremental?: boolean; now?: string }): Promise<number> {
  const { queuedCrawl } = await import('../../queue/coordinator.js');
  const tty = !!process.stderr.isTTY;
  const { batch, outcomes } = await queuedCrawl({ ...o, onProgress: (d, t) => { if (tty) process.stderr.write(`\r${d}/${t} sites done`); } });
  if (tty) process.stderr.write('\n');
  printCrawlOutcomes(batch, outcomes);
  return outcomes.some((x) => x.state === 'failed' || x.result?.status === 'failed') ? EXIT.SOME_SITES_FAILED : EXIT.OK;
}

export function printCrawlOutcomes(batch: string, outcomes: Array<JobOutcome<CrawlSiteResult>>): void {
  console.log(`queued crawl ${batch}: ${outcomes.length} sites`);
  console.log(`${'site'.padEnd(16)} ${'status'.padEnd(10)} ${'worker'.padEnd(24)} ${'requests'.padStart(8)} ${'new'.padStart(5)} ${'reports'.padStart(7)}  note`);
  for (const x of outcomes) {
    const r = x.result;
    const status = x.state === 'failed' ? 'failed' : r?.status ?? '?';
    const note = x.state === 'failed' ? `job failed after ${x.attempts} attempt(s): ${x.error}` : r?.error ?? '';
    console.log(`${x.item.padEnd(16)} ${status.padEnd(10)} ${(r?.worker ?? x.worker ?? '-').padEnd(24)} ${String(r?.requests ?? '-').padStart(8)} ${String(r?.newSnapshots ?? '-').padStart(5)} ${String(r?.reports ?? '-').padStart(7)}  ${plain(note)}`);
  }
  const shards = [...new Set(outcomes.map((x) => x.result?.shard).filter(Boolean))];
  if (shards.length) console.log(`shards written: ${shards.join(' ')}\nmerge them with: ogi merge --storage TARGET ${shards.join(' ')}`);
}

export function registerQueue(program: Command): void {
  program.command('worker')
    .description('take jobs from a Redis queue (crawl one site into this worker\'s shard archive, extract or OCR one file) until stopped')
    .requiredOption('--queue <redis-url>', 'the Redis server, e.g. redis://127.0.0.1:6379/0')
    .option('--storage <dir>', 'this worker\'s shard archive folder (default: storage/shard-HOST-PID)')
    .option('--config <dir>', 'configuration folder (the same site configs as the coordinator)', defaultConfigDir)
    .option('--name <name>', 'worker name shown by `ogi queue status` (default HOST-PID)')
    .option('--lock-ms <ms>', 'a killed worker\'s job and hosts are taken over after this long', '30000')
    .action(async (o: { queue: string; storage?: string; config: string; name?: string; lockMs: string }) => {
      const { startWorker } = await import('../../queue/worker.js');
      const global = loadGlobalConfig(o.config);
      const lockMs = Number(o.lockMs);
      if (!Number.isInteger(lockMs) || lockMs < 1000) throw new Error(`--lock-ms: expected whole milliseconds ≥ 1000, got "${o.lockMs}"`);
      const dir = o.storage ? resolve(o.storage) : storageDir(global, `storage/shard-${process.pid}`);
      const w = await startWorker({ queue: o.queue, storage: dir, config: o.config, name: o.name, lockMs });
      const stop = () => { void w.close(); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await w.closed;
    });

  const queue = program.command('queue').description('the Redis job queue of a run spread over workers');
  queue.command('status')
    .description('jobs waiting, active, delayed, failed; workers connected; hosts locked')
    .requiredOption('--queue <redis-url>', 'the Redis server')
    .option('--json', 'print as JSON')
    .action(async (o: { queue: string; json?: boolean }) => {
      const { queueStatus } = await import('../../queue/coordinator.js');
      const { redisClient } = await import('../../queue/connection.js');
      const { hostLeases } = await import('../../queue/hostLock.js');
      const s = await queueStatus(o.queue);
      const r = await redisClient(o.queue);
      const hosts = await hostLeases(r).finally(() => r.disconnect());
      if (o.json) { console.log(JSON.stringify({ ...s, hosts }, null, 1)); return; }
      console.log(`jobs: ${Object.entries(s.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      console.log(`workers: ${s.workers.length}${s.workers.map((w) => `\n  ${w.name} (${w.addr}, up ${w.age_s} s)`).join('')}`);
      console.log(`active: ${s.active.length}${s.active.map((a) => `\n  ${a.id} ${a.name} ${plain(a.item)} on ${a.worker ?? '?'} since ${a.since ?? '?'}`).join('')}`);
      if (s.failed.length) console.log(`failed (newest first):${s.failed.map((f) => `\n  ${f.id} ${plain(f.item)} after ${f.attempts} attempt(s): ${plain(f.reason)}`).join('')}`);
      if (hosts.length) console.log(`hosts locked: ${hosts.map((h) => `${h.host} (${h.holder}, ${h.ttlMs} ms)`).join(', ')}`);
    });
  queue.command('ocr <files...>')
    .description('OCR (or with --no-ocr just extract) files on the queue\'s workers; prints one line per file')
    .requiredOption('--queue <redis-url>', 'the Redis server')
    .option('--no-ocr', 'extract without OCR')
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], o: { queue: string; ocr: boolean; json?: boolean }) => {
      const { queuedExtract } = await import('../../queue/coordinator.js');
      const out = await queuedExtract({ queue: o.queue, files: files.map((f) => resolve(f)), ocr: o.ocr });
      if (o.json) console.log(JSON.stringify(out, null, 1));
      else for (const x of out) console.log(x.state === 'failed' ? `${x.item}: FAILED ${plain(x.error ?? '')}` : `${x.item}: ${x.result!.kind}, ${x.result!.values} values (${x.result!.flagged} flagged), ${x.result!.failedChecks} failed checks, ${x.result!.ms} ms on ${x.result!.worker}`);
      process.exitCode = out.some((x) => x.state === 'failed') ? EXIT.SOME_SITES_FAILED : EXIT.OK;
    });

  program.command('merge <shards...>')
    .description('merge shard archives (from `ogi worker` or any crawl) into the archive: snapshots once by hash, runs and fetches remapped, then extracted here; safe to repeat')
    .option('--storage <dir>', 'the target archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action(async (shards: string[], o: { storage?: string; config: string }) => {
      const { mergeShard } = await import('../../archive/merge.js');
      const { extractPending } = await import('../../archive/extraction.js');
      const { extractAny } = await import('../../extract/any.js');
      const { EXTRACTOR_VERSION } = await import('../../extract/index.js');
      const dir = storageDir(loadGlobalConfig(o.config), o.storage);
      let lock;
      try { lock = acquireLock(dir); } catch (e) {
        if (e instanceof LockHeldError) { console.error(`ogi merge: ${e.message}`); process.exitCode = EXIT.LOCKED; return; }
        throw e;
      }
      const { db, store } = openStorage(dir);
      let failed = 0;
      try {
        for (const s of shards) {
          try {
            const r = mergeShard(db, store, s);
            console.log(`${r.shard}: ${r.runs} run(s) merged (${r.runsSkipped} already), ${r.fetches} fetches, ${r.snapshotsCopied} snapshot files copied, ${r.snapshotsKnown} already here`);
          } catch (e) {
            failed++;
            console.error(`ogi merge: ${(e as Error).message}`);
          }
        }
        const ex = await extractPending(db, store, extractAny, EXTRACTOR_VERSION, 'import', null);
        console.log(ex.runId === null ? 'no new snapshot to extract' : `extraction run ${ex.runId}: ${ex.counts.snapshots} snapshots, ${ex.counts.reports} reports, ${ex.counts.metrics} values, ${ex.counts.errors} errors`);
      } finally {
        db.close();
        lock.release();
      }
      process.exitCode = failed ? EXIT.SOME_SITES_FAILED : EXIT.OK;
    });
}
