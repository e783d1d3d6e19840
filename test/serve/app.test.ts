// `ogi serve`'s routes without a browser (the fixture archive): every page answers, the
// archived page is served with the strict CSP and marked, the app's own pages allow no
// foreign origin, unknown things are 404s, and the command refuses a bad port.
import { describe, it, expect, beforeAll } from 'vitest';
import { openArchive, type DB } from '../../src/archive/db.js';
import { createApp, SNAPSHOT_CSP } from '../../src/serve/app.js';
import { buildFixture, type Fixture } from '../archive/fixture.js';

let fx: Fixture;
let db: DB;
let app: ReturnType<typeof createApp>;
beforeAll(() => { fx = buildFixture(); db = openArchive(fx.file, { readonly: true }); app = createApp({ db, store: fx.store }); });

const get = async (path: string) => { const r = await app.request(path); return { status: r.status, headers: r.headers, text: await r.text() }; };

describe('ogi serve routes', () => {
  it('serves the reports, filtered and sorted', async () => {
    const r = await get('/reports');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((r.text.match(/class="report"/g) ?? []).length).toBe(4);
    const f = await get(`/reports?city=${encodeURIComponent('安庆市')}&failed=1`);
    expect((f.text.match(/class="report"/g) ?? []).length).toBe(1);
    expect(f.text).toContain('安庆市人民政府 2023');
  });

  it('serves a report with its values, and its archived page inert, with the strict CSP', async () => {
    const id = '安庆市人民政府 2022';
    const r = await get(`/report?id=${encodeURIComponent(id)}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('requests.new_received.total');
    expect(r.text).toMatch(/<iframe class="snapshot"[^>]* sandbox=""/);
    const src = /<iframe[^>]* src="([^"]+)"/.exec(r.text)![1].replace(/&amp;/g, '&');
    const s = await get(src.replace(/#.*$/, ''));
    expect(s.status).toBe(200);
    expect(s.headers.get('content-security-policy')).toBe(SNAPSHOT_CSP);
    expect(SNAPSHOT_CSP).toContain("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    const raw = await get(`/snapshot/${fx.snapshots.anqing2022}/raw`);
    expect(raw.headers.get('content-disposition')).toMatch(/^attachment/);
    // a search term marked in the page text
    const q = await get(`/snapshot/${fx.snapshots.anqing2022}?q=${encodeURIComponent('行政诉讼')}`);
    const decoded = q.text.replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)));
    expect(decoded).toMatch(/<a id="ogi-hl-at"><\/a><mark class="ogi-hl" id="ogi-hl">行政诉讼<\/mark>/);
  });

  it('serves coverage, trends and search; 404 for what is not there', async () => {
    const c = await get('/coverage');
    expect(c.text).toMatch(/data-site="panan"/);
    expect(c.text).toMatch(/data-state="found"/);
    const t = await get(`/trends?region=${encodeURIComponent('安庆市')}`);
    expect(t.text).toContain('id="trend-data"');
    expect(t.text).toContain('/assets/uPlot.iife.min.js');
    const js = await get('/assets/uPlot.iife.min.js');
    expect(js.status).toBe(200);
    expect(js.text).toContain('uPlot');
    const s = await get(`/search?q=${encodeURIComponent('诉讼')}`);
    expect((s.text.match(/class="hit"/g) ?? []).length).toBeGreaterThan(1);
    expect((await get('/report?id=nope')).status).toBe(404);
    expect((await get(`/snapshot/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await get('/snapshot/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });
});
