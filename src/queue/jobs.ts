// Owns what travels through the queue: the job names, their data and what a worker answers,
// and the fingerprint of a site config by which a worker checks that it crawls the site the
// coordinator meant (every machine reads its own config/ folder).
import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config/schema.js';

/** One site's crawl (the politeness-bound stage), into the worker's own shard archive. */
export interface CrawlSiteJob {
  site: string;
  configHash: string;
  replay?: string;
  delayMs?: number;
  incremental?: boolean;
  now?: string;
}

/** One file through the extractor (with OCR: the CPU-bound stage). */
export interface ExtractFileJob { path: string; ocr: boolean }

export interface CrawlSiteResult {
  worker: string;
  shard: string;
  site: string;
  runId: number;
  status: string;
  error: string | null;
  requests: number;
  newSnapshots: number;
  reports: number;
  values: number;
}

export interface ExtractFileResult {
  worker: string;
  path: string;
  kind: string;
  reason: string;
  source: string;
  year: number | null;
  issuer: string | null;
  values: number;
  flagged: number;
  failedChecks: number;
  ms: number;
}

export const JOB = { crawlSite: 'crawl-site', extractFile: 'extract-file' } as const;

export function siteConfigHash(site: SiteConfig): string {
  return createHash('sha256').update(JSON.stringify(site)).digest('hex').slice(0, 16);
}

/** The hosts a site's crawl starts on: the ones its worker takes a lock for. */
export function siteHosts(site: SiteConfig): string[] {
  return [...new Set([site.homepage, ...site.start_urls].map((u) => new URL(u).hostname.toLowerCase()))].sort();
}

/** Job ids name the batch and the item; BullMQ does not accept ':' in custom ids. */
export function jobId(batch: string, item: string): string {
  return `${batch}-${item}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}
