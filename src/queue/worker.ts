// Owns `ogi worker`: a process that takes jobs from the Redis queue and runs them with the
// same engine as a single-process run. A crawl job crawls one site into this worker's own
// shard archive (merged later with `ogi merge`), after taking the Redis lock of every host the
// site starts on; when another worker has one of them the job waits (delayed, not failed). An
// extract job reads one file (OCR when asked). A worker killed mid-job stops renewing its
// BullMQ job lock and host locks: the job goes back to the queue for another worker, and what
// the dead worker had stored stays in its shard, where snapshots are kept once by hash.
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { Worker, DelayedError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullConnection, redisClient, QUEUE_NAME } from './connection.js';
import { leaseHosts } from './hostLock.js';
import { JOB, siteConfigHash, siteHosts, type CrawlSiteJob, type CrawlSiteResult, type ExtractFileJob, type ExtractFileResult } from './jobs.js';
import { loadGlobalConfig, loadSites } from '../config/load.js';
import { runCrawlCommand, crawlExitCode } from '../cli/commands/crawl.js';
import { EXIT } from '../cli/exit.js';
import { extractAny } from '../extract/any.js';

export interface WorkerOptions {
  queue: string;
  /** This worker's shard archive folder. */
  storage: string;
  config: string;
  name?: string;
  /** How long a job (and a host) stays locked without renewal before another worker may take it. */
  lockMs?: number;
  log?: (line: Record<string, unknown>) => void;
}

export interface RunningWorker { name: string; close(): Promise<void>; closed: Promise<void> }

export async function startWorker(o: WorkerOptions): Promise<RunningWorker> {
  const name = o.name ?? `${hostname()}-${process.pid}`;
  const lockMs = o.lockMs ?? 30_000;
  const log = o.log ?? ((l) => process.stderr.write(JSON.stringify({ time: new Date().toISOString(), worker: name, ...l }) + '\n'));
  const redis: Redis = await redisClient(o.queue);

  async function crawlSite(job: Job<CrawlSiteJob>, token?: string): Promise<CrawlSiteResult> {
    const global = loadGlobalConfig(o.config);
    const site = loadSites(o.config).sites.find((s) => s.id === job.data.site);
    if (!site) throw new Error(`site ${job.data.site} is not configured in ${o.config}/sites on worker ${name}`);
    if (siteConfigHash(site) !== job.data.configHash) throw new Error(`site ${site.id}: this worker's config differs from the coordinator's (update config/sites on ${name})`);
    const lease = await leaseHosts(redis, siteHosts(site), name, lockMs);
    if (!lease) {
      // another worker crawls one of these hosts now: come back later, without using an attempt
      log({ event: 'job.wait_host', job: job.id, site: site.id });
      await job.moveToDelayed(Date.now() + 500 + Math.floor(Math.random() * 1000), token);
      throw new DelayedError();
    }
    const delay = job.data.delayMs ?? site.politeness.delay_ms ?? global.politeness.delay_ms;
    log({ event: 'job.start', job: job.id, site: site.id, hosts: lease.hosts });
    try {
      const out = await runCrawlCommand({ site: [site.id], storage: o.storage, config: o.config, replay: job.data.replay, delay: job.data.delayMs === undefined ? undefined : String(job.data.delayMs),
        incremental: job.data.incremental, now: job.data.now, progress: false, logJson: true });
      const row = out.report.sites.find((s) => s.site === site.id);
      return {
        worker: name, shard: o.storage, site: site.id, runId: out.summary.runId,
        status: crawlExitCode(out) === EXIT.OK ? row?.status ?? out.summary.status : 'failed',
        error: out.summary.siteErrors[site.id] ?? row?.note ?? null,
        requests: out.summary.totals.requests, newSnapshots: out.summary.totals.new_snapshots,
        reports: out.extraction.counts.reports, values: out.extraction.counts.metrics,
      };
    } finally {
      await lease.release(delay);
    }
  }

  async function extractFile(job: Job<ExtractFileJob>): Promise<ExtractFileResult> {
    const t0 = Date.now();
    const bytes = readFileSync(job.data.path);
    const r = await extractAny({ bytes, url: `file:///${encodeURIComponent(job.data.path)}` }, { ocr: job.data.ocr });
    const metrics = r.record?.metrics ?? [];
    return {
      worker: name, path: job.data.path, kind: r.kind, reason: r.reason, source: r.source, year: r.record?.year ?? null, issuer: r.record?.issuer ?? null,
      values: metrics.length, flagged: metrics.filter((m) => m.flags.length).length, failedChecks: (r.record?.checks ?? []).filter((c) => !c.held).length, ms: Date.now() - t0,
    };
  }

  const worker = new Worker(QUEUE_NAME, async (job: Job, token?: string) => {
    if (job.name === JOB.crawlSite) return crawlSite(job as Job<CrawlSiteJob>, token);
    if (job.name === JOB.extractFile) return extractFile(job as Job<ExtractFileJob>);
    throw new Error(`unknown job ${job.name}`);
  }, {
    connection: bullConnection(o.queue), name, concurrency: 1, autorun: true,
    lockDuration: lockMs, stalledInterval: Math.max(1000, Math.floor(lockMs / 2)), maxStalledCount: 3,
  });
  worker.on('completed', (job) => log({ event: 'job.done', job: job.id, name: job.name }));
  worker.on('failed', (job, err) => log({ event: 'job.failed', job: job?.id, name: job?.name, error: err.message }));
  worker.on('error', (err) => log({ event: 'worker.error', error: err.message }));
  await worker.waitUntilReady();
  log({ event: 'worker.ready', queue: o.queue, shard: o.storage });
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => { resolveClosed = r; });
  return {
    name,
    closed,
    async close() {
      await worker.close();
      redis.disconnect();
      resolveClosed();
    },
  };
}
