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
import { showValue } from '../../src/serve/source.js';
import { matchKey } from '../../src/serve/locate.js';
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

  it('prints the text around a value, and names a missing report or key', async () => {
    const id = (db.prepare(`SELECT report_id FROM report_metrics WHERE key = 'requests.new_received.total' AND source_type = 'table' ORDER BY report_id LIMIT 1`).get() as { report_id: string }).report_id;
    const r = await runCli(['show', id, 'requests.new_received.total', '--storage', dir]);
    expect(r.error, r.err).toBeUndefined();
    expect(r.out).toMatch(/requests\.new_received\.total = \d+/);
    expect(r.out).toMatch(/\[\[.+\]\]/);
    expect(r.out).toMatch(/characters \d+–\d+ of the page text/);
    const bad = await runCli(['show', id, 'no.such.key', '--storage', dir]);
    expect(bad.error?.message).toContain('no value "no.such.key"');
  }, 60_000);
});
