// UTF-16 without a byte-order mark (issue 15, §4): such a page was read as GB18030 (mojibake,
// no links, no report). It is recognised by its zero bytes, in both byte orders, whatever the
// header claims; pages in UTF-8 or GBK, and pages of invalid bytes with NULs, are not taken
// for UTF-16. Through a whole crawl: the list's links are followed and the report is read.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import iconv from 'iconv-lite';
import { decodeBody, sniffUtf16 } from '../../src/fetch/decode.js';
import { startSimulator, type Simulator } from './simulator.js';
import { faultSite, simHostMap, crawlSim, fetchOf } from './helpers.js';
import { report, listPage, gbk, invalidBytes, mixedEncodings } from './pages.js';
import { tempStorage } from '../helpers/crawl.js';
import { extractPending } from '../../src/archive/extraction.js';
import { extractAny } from '../../src/extract/any.js';
import { EXTRACTOR_VERSION } from '../../src/extract/index.js';
import { SnapshotStore } from '../../src/store/snapshots.js';
import type { DB } from '../../src/archive/db.js';

const HOST = 'www.utf16.fault.gov.cn';
const le = (s: string) => iconv.encode(s, 'utf-16le'); // iconv-lite writes no BOM unless asked
const be = (s: string) => iconv.encode(s, 'utf-16be');

describe('UTF-16 without a BOM', () => {
  const g = report(401, 2022);
  it('is read as UTF-16 (both byte orders), whatever the header says', () => {
    for (const [enc, bytes] of [['utf-16le', le(g.html)], ['utf-16be', be(g.html)]] as const) {
      expect(bytes[0] === 0xff || bytes[0] === 0xfe).toBe(false); // no BOM
      for (const ct of [null, 'text/html', 'text/html; charset=utf-8', 'text/html; charset=gbk', `text/html; charset=${enc}`]) {
        const d = decodeBody(bytes, ct);
        expect(d.charset, `${enc} ${ct}`).toBe(enc);
        expect(d.text).toBe(g.html);
      }
    }
    // a page in UTF-16 whose header names the other byte order is read in the order its bytes have
    expect(decodeBody(be(g.html), 'text/html; charset=utf-16le').charset).toBe('utf-16be');
  });

  it('is not seen in UTF-8, GBK, mixed or invalid bytes (with NULs and ESCs), nor in a tiny body', () => {
    for (const [name, bytes] of [['utf-8', g.bytes], ['gbk', gbk(g.html)], ['invalid', invalidBytes()], ['mixed', mixedEncodings([['/r/1.html', '混合市2022年政府信息公开工作年度报告']])], ['tiny', Buffer.from([0x41, 0x00])]] as const) {
      expect(sniffUtf16(bytes), name).toBeUndefined();
    }
    expect(decodeBody(gbk(g.html), 'text/html').charset).toBe('gb18030');
  });

  describe('through a whole crawl', () => {
    let sim: Simulator;
    let db: DB;
    beforeAll(async () => {
      sim = await startSimulator();
      // the list in UTF-16LE served as UTF-8 (a wrong header), the report in UTF-16BE with no charset at all
      sim.set('/list/index.html', { kind: 'page', body: le(listPage([['/r/1.html', '双字节市2022年政府信息公开工作年度报告']])), headers: { 'Content-Type': 'text/html; charset=utf-8' } }, HOST);
      sim.set('/r/1.html', { kind: 'page', body: be(g.html), headers: { 'Content-Type': 'text/html' } }, HOST);
      const dir = tempStorage();
      ({ db } = await crawlSim(dir, [faultSite('utf16', HOST)], simHostMap(sim)));
      await extractPending(db, new SnapshotStore(dir), extractAny, EXTRACTOR_VERSION, 'crawl', null);
    }, 60_000);
    afterAll(async () => { db?.close(); await sim?.close(); });

    it('follows the list\'s link and reads the report (title, year, values)', () => {
      expect(fetchOf(db, `http://${HOST}/list/index.html`).charset).toBe('utf-16le');
      expect(fetchOf(db, `http://${HOST}/r/1.html`)).toMatchObject({ outcome: 'ok', charset: 'utf-16be' });
      const rec = db.prepare(`SELECT r.kind, r.title, r.year, (SELECT COUNT(*) FROM metrics m WHERE m.record_id = r.id) AS metrics FROM records r JOIN fetches f ON f.snapshot_sha256 = r.snapshot_sha256 WHERE f.url = ?`).get(`http://${HOST}/r/1.html`) as { kind: string; title: string; year: number; metrics: number };
      expect(rec).toMatchObject({ kind: 'report', title: g.truth.title, year: 2022 });
      expect(rec.metrics).toBeGreaterThan(10);
    });
  });
});
