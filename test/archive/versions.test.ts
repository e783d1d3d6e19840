import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { extractPending } from '../../src/archive/extraction.js';
import { reextract } from '../../src/archive/reextract.js';
import { diffRuns } from '../../src/archive/diff.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { projectRoot } from '../../src/config/load.js';
import type { DB } from '../../src/archive/db.js';
import { crawlReplay, shippedSites, tempStorage } from '../helpers/crawl.js';

const count = (db: DB, sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;

describe('sameness, versions and re-extraction', () => {
  let replay: Replay;
  let db: DB;
  const dir = tempStorage();
  const sites = shippedSites(['panan', 'xianning']);
  let firstExtraction: number;

  beforeAll(async () => {
    replay = await startReplay({});
    ({ db } = await crawlReplay(dir, replay.port, { sites, delayMs: 5 }));
    firstExtraction = (await extractPending(db, new SnapshotStore(dir), extract, EXTRACTOR_VERSION, 'crawl', null)).runId!;
  }, 120_000);
  afterAll(async () => { db?.close(); await replay?.close(); if (process.env.OGI_KEEP) console.log("kept", dir); });

  it('keeps one snapshot per body, one document per text and two versions of a revised report', async () => {
    const reportsBefore = count(db, 'SELECT COUNT(*) AS n FROM report_records');
    const docsBefore = count(db, 'SELECT COUNT(*) AS n FROM documents');
    replay.control.setChromeVariant('panan', 3);      // every panan page: same report text, new chrome
    replay.control.reviseReport('xianning', 2);        // one xianning report: new numbers
    await crawlReplay(dir, replay.port, { sites, delayMs: 5, db });
    await extractPending(db, new SnapshotStore(dir), extract, EXTRACTOR_VERSION, 'crawl', null);

    expect(count(db, 'SELECT COUNT(*) AS n FROM (SELECT sha256 FROM snapshots GROUP BY sha256 HAVING COUNT(*) > 1)')).toBe(0);
    // panan's report pages changed bytes but not text: each new snapshot joined an existing document
    const sameText = count(db, `SELECT COUNT(*) AS n FROM document_snapshots ds JOIN fetches f ON f.snapshot_sha256 = ds.snapshot_sha256 WHERE ds.rule = 'same_text' AND f.site_id = 'panan' AND f.kind = 'report'`);
    expect(sameText).toBeGreaterThan(0);
    // exactly one new document: the revised xianning report
    const newReportDocs = count(db, `SELECT COUNT(*) AS n FROM documents WHERE kind = 'report'`) - count(db, `SELECT COUNT(*) AS n FROM documents WHERE kind = 'report' AND id <= ?`, docsBefore);
    expect(newReportDocs).toBe(1);
    expect(count(db, 'SELECT COUNT(*) AS n FROM report_records')).toBe(reportsBefore);
    const revised = db.prepare('SELECT issuer, year, versions, version FROM report_records WHERE versions > 1').all() as Array<{ issuer: string; versions: number; version: number }>;
    expect(revised).toHaveLength(1);
    expect(revised[0]).toMatchObject({ versions: 2, version: 2 });
    expect(revised[0].issuer).toMatch(/咸宁/);
    expect(count(db, `SELECT COUNT(*) AS n FROM report_versions WHERE versions = 2 AND NOT is_current`)).toBe(1);
  }, 120_000);

  it('re-extraction with a changed rule changes only the affected values, and diff lists exactly them', async () => {
    const skipped = await reextract(db, { storageDir: dir, version: EXTRACTOR_VERSION, workers: 2 });
    expect(skipped.counts.snapshots).toBe(0); // all already extracted by this version

    const before = db.prepare(`SELECT COUNT(*) AS n FROM metrics m JOIN records r ON r.id = m.record_id WHERE r.extractor_version = ?`).get(EXTRACTOR_VERSION) as { n: number };
    const run = await reextract(db, { storageDir: dir, version: 'test-altered', workers: 2, extractorModule: pathToFileURL(join(projectRoot, 'test/fixtures/altered-extractor.ts')).href });
    expect(run.counts.snapshots).toBeGreaterThan(10);
    expect(run.counts.errors).toBe(0);

    const lastCrawlRun = (db.prepare(`SELECT MAX(id) AS n FROM extraction_runs WHERE trigger = 'crawl'`).get() as { n: number }).n;
    const d = diffRuns(db, firstExtraction, run.runId);
    const d2 = diffRuns(db, lastCrawlRun, run.runId);
    const changes = [...d.changes, ...d2.changes];
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(c.change).toBe('changed');
      expect(c.key).toMatch(/^review\.[a-z_]+\.corrected$/);
      expect(Number.parseFloat(c.after!)).toBe(Number.parseFloat(c.before!) + 1);
    }
    // every corrected value of the compared snapshots is listed, nothing else
    const expected = count(db, `SELECT COUNT(*) AS n FROM metrics m JOIN records r ON r.id = m.record_id WHERE r.extraction_run_id = ? AND m.key LIKE 'review.%.corrected' AND m.value IS NOT NULL`, run.runId);
    expect(d.changes.length + d2.changes.length).toBe(expected);
    // the old values are still there, with the old version; the current view shows the new ones
    const after = db.prepare(`SELECT COUNT(*) AS n FROM metrics m JOIN records r ON r.id = m.record_id WHERE r.extractor_version = ?`).get(EXTRACTOR_VERSION) as { n: number };
    expect(after.n).toBe(before.n);
    expect(count(db, `SELECT COUNT(*) AS n FROM report_records WHERE extractor_version != 'test-altered'`)).toBe(0);
  }, 120_000);
});
