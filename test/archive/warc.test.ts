import { describe, it, expect, beforeAll } from 'vitest';
import { createReadStream, readFileSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WARCParser, type WARCRecord } from 'warcio';
import { openArchive, type DB } from '../../src/archive/db.js';
import { exportWarc, base32, httpResponseHead, httpRequestBlock, IDENTICAL_PAYLOAD, SERVER_NOT_MODIFIED } from '../../src/archive/warc.js';
import { buildFixture, type Fixture } from './fixture.js';
import { runCli } from './cli.js';

let fx: Fixture;
let db: DB;
beforeAll(() => { fx = buildFixture(); db = openArchive(fx.file, { readonly: true }); });

interface Read { type: string; h: (n: string) => string | null; uri: string | null; status: number | null; httpHeader: (n: string) => string | null; payload: Buffer; block: Buffer }

/** Reads every record with warcio (an independent reader): once parsing HTTP (payload), once not (the whole block). */
async function readWarc(file: string): Promise<Read[]> {
  const blocks: Buffer[] = [];
  for await (const r of WARCParser.iterRecords(createReadStream(file), { parseHttp: false }) as AsyncIterable<WARCRecord>) blocks.push(Buffer.from(await r.readFully(false)));
  const out: Read[] = [];
  for await (const r of WARCParser.iterRecords(createReadStream(file)) as AsyncIterable<WARCRecord>) {
    const payload = Buffer.from(await r.readFully(false));
    const http = r.httpHeaders;
    out.push({
      type: r.warcType ?? '', h: (n) => r.warcHeader(n) ?? null, uri: r.warcTargetURI ?? null,
      status: http && r.warcType !== 'request' ? Number(http.statusCode) : null,
      httpHeader: (n) => http?.headers.get(n) ?? null,
      payload, block: blocks[out.length],
    });
  }
  expect(out.length).toBe(blocks.length);
  return out;
}

const b32ToHex = (s: string) => {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s.replace(/=+$/, '')) bits += A.indexOf(c).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2))).toString('hex');
};
const sha256hex = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('WARC pieces', () => {
  it('encodes base32 as RFC 4648 (with padding)', () => {
    expect(base32(Buffer.from('foobar'))).toBe('MZXW6YTBOI======');
    expect(base32(Buffer.from('f'))).toBe('MY======');
    expect(base32(Buffer.alloc(0))).toBe('');
  });

  it('writes recorded header bytes back as they came (latin1), and drops the encodings of the stored body', () => {
    const head = httpResponseHead(200, JSON.stringify({ 'content-disposition': 'attachment; filename="\u00c4\u00ea.pdf"', 'content-encoding': 'gzip', 'content-length': '10', 'transfer-encoding': 'chunked' }), 3);
    expect(head.includes(Buffer.from([0x22, 0xc4, 0xea, 0x2e]))).toBe(true);
    expect(head.toString('latin1')).toBe('HTTP/1.1 200 OK\r\ncontent-disposition: attachment; filename="\u00c4\u00ea.pdf"\r\nX-Archive-Orig-content-encoding: gzip\r\nX-Archive-Orig-content-length: 10\r\nX-Archive-Orig-transfer-encoding: chunked\r\nContent-Length: 3\r\n\r\n');
    expect(httpRequestBlock('GET', 'https://a.gov.cn/x?y=1', JSON.stringify({ Accept: '*/*', 'X-Bad': 'a\r\nInjected: 1' }), null).toString())
      .toBe('GET /x?y=1 HTTP/1.1\r\nHost: a.gov.cn\r\nAccept: */*\r\nX-Bad: a Injected: 1\r\n\r\n');
  });
});

describe('ogi export-warc', () => {
  it('writes WARC 1.1 that warcio reads back record by record, payload digests matching the archive', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ogi-warc-')), 'a.warc.gz');
    const counts = exportWarc(db, fx.store, file);
    const fetches = db.prepare(`SELECT f.id, f.url, f.final_url, f.status, f.method, f.started_at, f.snapshot_sha256 FROM fetches f WHERE f.snapshot_sha256 IS NOT NULL ORDER BY f.id`).all() as Array<{ id: number; url: string; final_url: string; status: number; method: string; started_at: string; snapshot_sha256: string }>;
    expect(fetches).toHaveLength(8);
    expect(counts).toMatchObject({ records: 1 + 2 * 8, requests: 8, responses: 6, revisits: 2, not_modified: 1, missing: [], mismatched: [] });

    // multi-member gzip: every record is its own gzip member
    expect(gunzipSync(readFileSync(file)).toString('latin1').split('WARC/1.1\r\n').length - 1).toBe(17);

    const recs = await readWarc(file);
    expect(recs).toHaveLength(17);
    expect(recs[0].type).toBe('warcinfo');
    expect(recs[0].payload.toString()).toContain('format: WARC File Format 1.1');
    const ids = recs.map((r) => r.h('WARC-Record-ID'));
    expect(new Set(ids).size).toBe(17);
    for (const id of ids) expect(id).toMatch(/^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$/);
    for (const r of recs) {
      expect(r.h('WARC-Block-Digest')).toBe(`sha256:${base32(createHash('sha256').update(r.block).digest())}`);
      expect(r.h('Content-Length')).toBe(String(r.block.length));
    }

    const byId = new Map(recs.map((r) => [r.h('WARC-Record-ID'), r]));
    for (let i = 0; i < fetches.length; i++) {
      const f = fetches[i];
      const req = recs[1 + 2 * i];
      const res = recs[2 + 2 * i];
      expect(req.type).toBe('request');
      expect(req.uri).toBe(f.final_url);
      expect(req.h('WARC-Date')).toBe(f.started_at);
      expect(req.h('WARC-Concurrent-To')).toBe(res.h('WARC-Record-ID'));
      expect(res.uri).toBe(f.final_url);
      expect(res.h('WARC-Date')).toBe(f.started_at);
      const digest = res.h('WARC-Payload-Digest')!;
      expect(digest).toMatch(/^sha256:[A-Z2-7]{52}====$/);
      expect(b32ToHex(digest.slice(7))).toBe(f.snapshot_sha256);
      if (res.type === 'response') {
        expect(sha256hex(res.payload)).toBe(f.snapshot_sha256);
        expect(Buffer.compare(res.payload, fx.store.get(f.snapshot_sha256))).toBe(0);
        expect(res.status).toBe(f.status);
        // the stored body is the decoded entity: no Content-Encoding/Transfer-Encoding, exact length
        expect(res.httpHeader('content-encoding')).toBeNull();
        expect(res.httpHeader('transfer-encoding')).toBeNull();
        expect(res.httpHeader('content-length')).toBe(String(res.payload.length));
      } else {
        expect(res.type).toBe('revisit');
        expect(res.payload.length).toBe(0);
        const target = byId.get(res.h('WARC-Refers-To'))!;
        expect(target.type).toBe('response');
        expect(sha256hex(target.payload)).toBe(f.snapshot_sha256);
        expect(res.h('WARC-Refers-To-Target-URI')).toBe(target.uri);
        expect(res.h('WARC-Refers-To-Date')).toBe(target.h('WARC-Date'));
      }
    }
    const responses = recs.filter((r) => r.type === 'response');
    expect(new Set(responses.map((r) => sha256hex(r.payload))).size).toBe(responses.length); // each payload once
    const sightings = recs.filter((r) => r.type === 'revisit');
    const mirror = sightings.find((r) => r.uri === 'http://tjj.panan.gov.cn/art/2023/1/10/art_9_1.html')!;
    expect(mirror.h('WARC-Profile')).toBe(IDENTICAL_PAYLOAD);
    expect(mirror.h('WARC-Refers-To-Target-URI')).toBe('https://www.panan.gov.cn/art/2023/1/10/art_1229_1.html');
    const nm = sightings.find((r) => r.status === 304)!;
    expect(nm.h('WARC-Profile')).toBe(SERVER_NOT_MODIFIED);
    expect(nm.uri).toBe('https://www.anqing.gov.cn/xxgk/2022nb.html');
    expect(nm.h('WARC-Refers-To-Date')).toBe('2024-03-01T01:00:01.000Z');

    // the POST data call: its request line and body rebuilt from the frontier
    const post = recs.find((r) => r.type === 'request' && r.uri === 'https://www.anshan.gov.cn/api/nb')!;
    expect(post.block.toString()).toMatch(/^POST \/api\/nb HTTP\/1\.1\r\nHost: www\.anshan\.gov\.cn\r\n/);
    expect(post.payload.toString()).toBe('year=2019&type=nb');
  });

  it('writes plain WARC for other names, with the same deterministic record ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-warc-'));
    exportWarc(db, fx.store, join(dir, 'a.warc'));
    exportWarc(db, fx.store, join(dir, 'b.warc'));
    const text = readFileSync(join(dir, 'a.warc'));
    expect(text.subarray(0, 10).toString()).toBe('WARC/1.1\r\n');
    const a = await readWarc(join(dir, 'a.warc'));
    const b = await readWarc(join(dir, 'b.warc'));
    expect(a.slice(1).map((r) => r.h('WARC-Record-ID'))).toEqual(b.slice(1).map((r) => r.h('WARC-Record-ID')));
    expect(a.filter((r) => r.type === 'response').map((r) => sha256hex(r.payload)).sort())
      .toEqual((db.prepare('SELECT sha256 FROM snapshots ORDER BY sha256').all() as Array<{ sha256: string }>).map((r) => r.sha256));
  });

  it('leaves out a snapshot whose file is missing and says so (exit 1)', async () => {
    const f2 = buildFixture();
    const { unlinkSync } = await import('node:fs');
    unlinkSync(f2.store.pathOf(f2.snapshots.panan2022));
    const out = join(f2.dir, 'x.warc.gz');
    const r = await runCli(['export-warc', '--out', out, '--storage', f2.dir]);
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(1);
    expect(r.err).toContain(`missing snapshot, its fetches left out: ${f2.snapshots.panan2022}`);
    expect(r.out).toContain('13 records (6 requests, 5 responses, 1 revisits of which 1 for 304s)');
    const recs = await readWarc(out);
    expect(recs.some((x) => x.uri?.includes('panan'))).toBe(false);
  });
});
