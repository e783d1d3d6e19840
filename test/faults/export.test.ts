// Spreadsheet formula injection through the CSV export (issue 15, §4): a crawled report whose
// title and issuer start with what a spreadsheet evaluates (`=`, `+`, `-`, `@`, tab, CR)
// reaches reports.csv and metrics.csv as text, never as a formula; numbers stay numbers.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from './simulator.js';
import { faultSite, simHostMap, crawlSim } from './helpers.js';
import { report, listPage } from './pages.js';
import { tempStorage } from '../helpers/crawl.js';
import { parseCsv } from '../helpers/csv.js';
import { exportArchive } from '../../src/archive/export.js';
import { extractPending } from '../../src/archive/extraction.js';
import { extractAny } from '../../src/extract/any.js';
import { EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import { csvField } from '../../src/archive/query.js';
import type { DB } from '../../src/archive/db.js';

const HOST = 'www.csv.fault.gov.cn';


/** What a spreadsheet would evaluate: a cell starting with = + - @ tab CR that is not simply a number. */
const evaluated = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell);

// the payloads of the issue: `-1+1…` and `-2+3+cmd|…` passed the old guard
const PAYLOADS = [`-2+3+cmd|' /C calc'!A0`, '-1+1+HYPERLINK("http://evil.example/","x")', '=1+1', '+1+1', '@SUM(1,1)', '\t=1+1', '\r=1+1'];

describe('CSV export of hostile crawled text', () => {
  let sim: Simulator;
  let db: DB;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator();
    const links: Array<[string, string]> = [];
    PAYLOADS.forEach((p, i) => {
      const g = report(300 + i, 2022);
      const title = g.truth.title as string;
      // the hostile text opens the page title, the heading and the issuer named in the body
      const html = g.html.split(title).join(`${p}${title}`).replace(/<title>[^<]*<\/title>/, `<title>${p}${title}</title>`);
      sim.set(`/r/${i}.html`, { kind: 'page', body: html, headers: { 'Content-Type': 'text/html; charset=utf-8' } }, HOST);
      links.push([`/r/${i}.html`, `${p}${title}`]);
    });
    sim.set('/list/index.html', { kind: 'page', body: listPage(links) }, HOST);
    dir = tempStorage();
    ({ db } = await crawlSim(dir, [faultSite('csv', HOST)], simHostMap(sim)));
    await extractPending(db, new SnapshotStore(dir), extractAny, EXTRACTOR_VERSION, 'crawl', null);
  }, 60_000);
  afterAll(async () => { db?.close(); await sim?.close(); });

  it('no cell of reports.csv or metrics.csv is a formula; hostile titles and issuers are kept as text', () => {
    const rows = db.prepare(`SELECT title, issuer FROM records WHERE kind = 'report'`).all() as Array<{ title: string; issuer: string }>;
    const hostile = [...new Set(rows.flatMap((r) => [r.title, r.issuer]).filter((t) => /^[=+\-@]/.test(t ?? '')))];
    // the crawl really carried the payloads into the archive, with each prefix (else the test proves nothing)
    expect(new Set(hostile.map((h) => h[0])), JSON.stringify(rows)).toEqual(new Set(['=', '+', '-']));
    const out = mkdtempSync(join(tmpdir(), 'ogi-csv-'));
    const cells: string[] = [];
    for (const f of exportArchive(db, out, 'csv').filter((x) => x.path.endsWith('.csv'))) {
      const table = parseCsv(readFileSync(f.path, 'utf8').replace(/^\ufeff/, ''));
      expect(table.length, f.path).toBeGreaterThan(1);
      expect(table.flatMap((r, i) => r.filter(evaluated).map((c) => `${f.path} row ${i}: ${JSON.stringify(c)}`))).toEqual([]);
      cells.push(...table.flat());
    }
    // shown as text: the same characters behind an apostrophe, in reports.csv (title, issuer) and metrics.csv (issuer)
    for (const h of hostile) expect(cells, h).toContain(`'${h}`);
    const metricsIssuers = parseCsv(readFileSync(join(out, 'metrics.csv'), 'utf8').replace(/^\ufeff/, ''));
    const col = metricsIssuers[0].indexOf('issuer');
    expect(metricsIssuers.slice(1).filter((r) => r[col].startsWith("'-2+3+cmd")).length).toBeGreaterThan(0);
  });

  it('guards every formula prefix but leaves plain numbers (as numbers and as number text) alone', () => {
    for (const p of PAYLOADS) expect(csvField(p).replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('-')).toBe("'-");
    expect(csvField('-cmd|x')).toBe("'-cmd|x");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('-1.5e3+1')).toBe("'-1.5e3+1");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField('-3')).toBe('-3');
    expect(csvField('-0.25')).toBe('-0.25');
    expect(csvField('磐安县 -1+1')).toBe('磐安县 -1+1');
  });
});
