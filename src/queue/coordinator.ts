// Owns the coordinator's side of a queued run: `ogi crawl --queue` puts one job per site on
// the queue and `ogi ocr --queue` one job per file, then waits for every job to end and gives
// the run's report across all workers (which worker did what, with what outcome). The work
// itself happens in `ogi worker` processes, here or on other machines.
import { Queue, Job } from 'bullmq';
import { bullConnection, QUEUE_NAME } from './connection.js';
import { JOB, jobId, siteConfigHash, type CrawlSiteJob, type CrawlSiteResult, type ExtractFileJob, type ExtractFileResult } from './jobs.js';
import type { SiteConfig } from '../config/schema.js';

export interface JobOutcome<R> { id: string; item: string; state: 'completed' | 'failed'; result: R | null; error: string | null; attempts: number; worker: string | null }

const JOB_OPTS = { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 30 * 86400 }, removeOnFail: { age: 90 * 86400 } };

async function waitAll<R>(queue: Queue, ids: Array<{ id: string; item: string }>, onProgress?: (done: number, total: number) => void, timeoutMs = 0): Promise<Array<JobOutcome<R>>> {
  const out = new Map<string, JobOutcome<R>>();
  const t0 = Date.now();
  while (out.size < ids.length) {
    for (const { id, item } of ids) {
      if (out.has(id)) continue;
      const job = await Job.fromId(queue, id);
      if (!job) { out.set(id, { id, item, state: 'failed', result: null, error: 'job disappeared from the queue', attempts: 0, worker: null }); continue; }
      const state = await job.getState();
      if (state === 'completed') out.set(id, { id, item, state, result: job.returnvalue as R, error: null, attempts: job.attemptsMade, worker: job.processedBy ?? null });
      else if (state === 'failed') out.set(id, { id, item, state, result: null, error: job.failedReason ?? 'failed', attempts: job.attemptsMade, worker: job.processedBy ?? null });
    }
    onProgress?.(out.size, ids.length);
    if (out.size < ids.length) {
      if (timeoutMs && Date.now() - t0 > timeoutMs) throw new Error(`${ids.length - out.size} job(s) not finished after ${Math.round(timeoutMs / 1000)} s (see \`ogi queue status\`)`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return ids.map(({ id }) => out.get(id)!);
}

export interface QueuedCrawlOptions { queue: string; sites: SiteConfig[]; replay?: string; delayMs?: number; incremental?: boolean; now?: string; timeoutMs?: number; onProgress?: (done: number, total: number) => void }

/** Enqueues one crawl job per site and waits for all of them. */
export async function queuedCrawl(o: QueuedCrawlOptions): Promise<{ batch: string; outcomes: Array<JobOutcome<CrawlSiteResult>> }> {
  const queue = new Queue(QUEUE_NAME, { connection: bullConnection(o.queue) });
  try {
    const batch = `crawl-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${process.pid}`;
    const ids = o.sites.map((s) => ({ id: jobId(batch, s.id), item: s.id }));
    await queue.addBulk(o.sites.map((s, i) => ({
      name: JOB.crawlSite,
      data: { site: s.id, configHash: siteConfigHash(s), replay: o.replay, delayMs: o.delayMs, incremental: o.incremental, now: o.now } satisfies CrawlSiteJob,
      opts: { ...JOB_OPTS, jobId: ids[i].id },
    })));
    return { batch, outcomes: await waitAll<CrawlSiteResult>(queue, ids, o.onProgress, o.timeoutMs) };
  } finally {
    await queue.close();
  }
}

/** Enqueues one extraction (OCR) job per file and waits for all of them. */
export async function queuedExtract(o: { queue: string; files: string[]; ocr: boolean; timeoutMs?: number; onProgress?: (done: number, total: number) => void }): Promise<Array<JobOutcome<ExtractFileResult>>> {
  const queue = new Queue(QUEUE_NAME, { connection: bullConnection(o.queue) });
  try {
    const batch = `ocr-${Date.now().toString(36)}-${process.pid}`;
    const ids = o.files.map((f, i) => ({ id: jobId(batch, String(i)), item: f }));
    await queue.addBulk(o.files.map((f, i) => ({ name: JOB.extractFile, data: { path: f, ocr: o.ocr } satisfies ExtractFileJob, opts: { ...JOB_OPTS, attempts: 2, jobId: ids[i].id } })));
    return await waitAll<ExtractFileResult>(queue, ids, o.onProgress, o.timeoutMs);
  } finally {
    await queue.close();
  }
}

export interface QueueStatus {
  counts: Record<string, number>;
  workers: Array<{ name: string; addr: string; age_s: number; idle_s: number }>;
  active: Array<{ id: string; name: string; item: string; worker: string | null; since: string | null }>;
  failed: Array<{ id: string; item: string; reason: string; attempts: number }>;
}

export async function queueStatus(url: string): Promise<QueueStatus> {
  const queue = new Queue(QUEUE_NAME, { connection: bullConnection(url) });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
    const workers = (await queue.getWorkers()).map((w) => ({ name: String(w.rawname ?? w.name ?? '').replace(/^.*:w:/, '') || String(w.name), addr: w.addr, age_s: Number(w.age), idle_s: Number(w.idle) }));
    const item = (j: Job) => String((j.data as { site?: string; path?: string }).site ?? (j.data as { path?: string }).path ?? '');
    const active = (await queue.getActive()).map((j) => ({ id: String(j.id), name: j.name, item: item(j), worker: j.processedBy ?? null, since: j.processedOn ? new Date(j.processedOn).toISOString() : null }));
    const failed = (await queue.getFailed(0, 49)).map((j) => ({ id: String(j.id), item: item(j), reason: j.failedReason, attempts: j.attemptsMade }));
    return { counts, workers, active, failed };
  } finally {
    await queue.close();
  }
}
