// Helpers for crawl tests: a fresh archive folder, and a crawl of the shipped site configs
// against a replay on 127.0.0.1.
import { hasReplayProfile } from '../../src/replay/portals/profiles.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGlobalConfig, loadSites } from '../../src/config/load.js';
import { crawl, type CrawlSummary } from '../../src/crawl/crawler.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { silentLogger } from '../../src/util/log.js';
import { replayHostMap } from '../../src/cli/hostmap.js';
import type { SiteConfig } from '../../src/config/schema.js';

export function tempStorage(): string {
  return mkdtempSync(join(tmpdir(), 'ogi-arch-'));
}

export function shippedSites(ids?: string[]): SiteConfig[] {
  const { sites } = loadSites();
  // by default the sites the replay plays (config/sites also holds real sites it has no copy of)
  return ids ? sites.filter((s) => ids.includes(s.id)) : sites.filter((s) => hasReplayProfile(s.id));
}

export async function crawlReplay(dir: string, port: number, opts: { sites?: SiteConfig[]; delayMs?: number; db?: DB } = {}): Promise<{ summary: CrawlSummary; db: DB }> {
  const db = opts.db ?? openArchive(join(dir, 'archive.sqlite'));
  const global = loadGlobalConfig();
  global.politeness.timeout_ms = 10_000;
  global.politeness.backoff_ms = 50;
  const summary = await crawl({
    db, storageDir: dir, sites: opts.sites ?? shippedSites(), global, log: silentLogger,
    delayMs: opts.delayMs ?? 50, hostMap: replayHostMap(`127.0.0.1:${port}`),
  });
  return { summary, db };
}
