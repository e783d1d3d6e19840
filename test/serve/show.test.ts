// Provenance a person can follow: every value of a crawled report (replay) is found again in its
// archived page — a table value in the cell the extractor read (the cell's own text is the printed
// value), a prose value inside its verbatim sentence — with an element path or offsets into the
// page text; `ogi show` prints the text around it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { startReplay, type Replay } from '../../src/replay/server.js';
import { crawlReplay, shippedSites, tempStorage } from '../helpers/crawl.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { extractPending } from '../../src/archive/extraction.js';
import { extract, EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { openArchive, type DB } from '../../src/archive/db.js';
import { showValue, targetOf } from '../../src/serve/source.js';
import { locate, matchKey } from '../../src/serve/locate.js';
import { decodeBody } from '../../src/fetch/decode.js';
import { runCli } from '../archive/cli.js';

describe('ogi show and value positions', () => {
  let replay: Replay;
  let dir: string;
  let db: DB;
  beforeAll(async () => {
    replay = await startReplay({ sites: ['panan', 'jiangmen'] });
    dir = tempStorage();
    const out = await crawlReplay(dir, replay.port, { sites: shippedSites(['panan', 'jiangmen']), delayMs: 10 });
    await extractPending(out.db, new SnapshotStore(dir), extract, EXTRACTOR_VERSION, 'crawl', null);
    out.db.close();
    db = openArchive(join(dir, 'archive.sqlite'), { readonly: true });
  }, 180_000);
  afterAll(async () => { db?.close(); await replay?.close(); });

  it('finds every value of sampled reports in its page', () => {
    const store = new SnapshotStore(dir);
    const reports = (db.prepare('SELECT report_id FROM report_records ORDER BY report_id').all() as Array<{ report_id: string }>).filter((_, i) => i % 6 === 0);
    let n = 0;
    const misses: string[] = [];
    for (const { report_id } of reports) {
      for (const m of db.prepare(`SELECT key, raw, source_type, locator_json FROM report_metrics WHERE report_id = ? AND raw <> ''`).all(report_id) as Array<{ key: string; raw: string; source_type: string; locator_json: string }>) {
        const v = showValue(db, store, report_id, m.key, 30);
        n++;
        if (!v.found || !v.offsets) { misses.push(`${report_id} ${m.key}: ${v.how}`); continue; }
        // the marked text is the printed value (a table cell's whole text, or the figure in its sentence)
        if (!matchKey(v.text).includes(matchKey(m.raw).replace(/^\?+/, ''))) misses.push(`${report_id} ${m.key}: marked "${v.text}", printed "${m.raw}"`);
        if (m.source_type === 'table' && v.path) expect(v.path).toMatch(/\/t[dh]\[\d+\]$/);
      }
    }
    expect(n).toBeGreaterThan(100);
    expect(misses, misses.slice(0, 10).join('\n')).toEqual([]);
  }, 120_000);

  it('marks the position the extractor stored, and searches only for a record without one (saying so)', () => {
    const store = new SnapshotStore(dir);
    const rows = db.prepare(`SELECT m.raw, m.locator_json, rr.snapshot_sha256 AS sha, s.content_type AS ct FROM report_metrics m
      JOIN report_records rr ON rr.report_id = m.report_id JOIN snapshots s ON s.sha256 = rr.snapshot_sha256
      WHERE s.content_type LIKE '%html%' AND m.raw <> '' ORDER BY m.source_type, m.key LIMIT 400`).all() as Array<{ raw: string; locator_json: string; sha: string; ct: string }>;
    const sample = [rows[0], rows[rows.length - 1]];
    expect(sample.map((r) => JSON.parse(r.locator_json).type).sort()).toEqual(['prose', 'table']);
    for (const r of sample) {
      const html = decodeBody(store.get(r.sha), r.ct).text;
      const withPos = locate(html, targetOf(r));
      expect(withPos.stored).toBe(true);
      expect(withPos.how).toMatch(/^stored position/);
      expect(matchKey(withPos.text ?? '')).toContain(matchKey(r.raw));
      // the same locator as an extractor before 1.2.0 wrote it: found by searching, and said so
      const old = JSON.parse(r.locator_json) as Record<string, unknown>;
      for (const k of ['pos', 'posIn', 'path', 'sentencePos', 'verbatim']) delete old[k];
      const searched = locate(html, targetOf({ raw: r.raw, locator_json: JSON.stringify(old) }));
      expect(searched.stored).toBe(false);
      expect(searched.how).toContain('found at view time');
      expect(matchKey(searched.text ?? '')).toContain(matchKey(r.raw));
    }
  });

  it('prints the text around a value, and names a missing report or key', async () => {
    const id = (db.prepare(`SELECT report_id FROM report_metrics WHERE key = 'requests.new_received.total' AND source_type = 'table' ORDER BY report_id LIMIT 1`).get() as { report_id: string }).report_id;
    const r = await runCli(['show', id, 'requests.new_received.total', '--storage', dir]);
    expect(r.error, r.err).toBeUndefined();
    expect(r.out).toMatch(/requests\.new_received\.total = \d+/);
    expect(r.out).toMatch(/\[\[.+\]\]/);
    expect(r.out).toMatch(/characters \d+–\d+ of the page text/);
    expect(r.out).toMatch(/found: stored position/);
    const bad = await runCli(['show', id, 'no.such.key', '--storage', dir]);
    expect(bad.error?.message).toContain('no value "no.such.key"');
  }, 60_000);
});
