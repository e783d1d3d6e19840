// Owns `ogi export-warc --wacz`: the WARC (warc.ts) packaged as WACZ 1.1.1 — a ZIP holding
//   archive/data.warc.gz          the WARC, gzipped record by record;
//   indexes/index.cdxj            one line per response and revisit record: SURT key, 14-digit
//                                 timestamp, JSON (url, mime, status, digest, length, offset, filename), sorted;
//   pages/pages.jsonl             a header line, then one line per current report page (url, ts, title);
//   datapackage.json              every file above with its sha256 and size, wacz_version 1.1.1;
//   datapackage-digest.json       the sha256 of datapackage.json.
// Entries are stored (not compressed again: the WARC is gzipped already), so players read records
// by offset. The ZIP is written here (local headers, central directory; CRC-32 from node:zlib);
// a package over 4 GiB would need ZIP64 and is refused with a clear error.
import { createHash } from 'node:crypto';
import { openSync, writeSync, closeSync, renameSync, unlinkSync, existsSync, mkdtempSync, mkdirSync, rmSync, statSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { DB } from './db.js';
import type { SnapshotStore } from '../store/snapshots.js';
import { exportWarc, type WarcCounts, type WrittenRecord } from './warc.js';

/** The SURT form of a URL used as the CDXJ sort key: host labels reversed (no www), then path and sorted query, lower case. */
export function surt(url: string): string {
  let u: URL;
  try { u = new URL(url); } catch { return url.toLowerCase(); }
  const host = u.hostname.toLowerCase().replace(/^www\d*\./, '').split('.').reverse().join(',');
  const port = u.port && !((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) ? `:${u.port}` : '';
  const params = [...u.searchParams.entries()].map(([k, v]) => (v === '' && !u.search.includes(`${k}=`) ? k : `${k}=${v}`)).sort();
  const query = params.length ? `?${params.join('&')}` : '';
  return `${host}${port})${u.pathname}${query}`.toLowerCase();
}

/** 14-digit WARC timestamp (YYYYMMDDhhmmss) of an ISO time. */
export function ts14(iso: string): string {
  return iso.replace(/[^0-9]/g, '').slice(0, 14).padEnd(14, '0');
}

interface ZipEntry { name: string; crc: number; size: number; offset: number }

class ZipWriter {
  private fd: number;
  private pos = 0;
  private entries: ZipEntry[] = [];
  constructor(readonly path: string) { this.fd = openSync(path, 'w'); }
  private write(b: Buffer): void {
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.pos += b.length;
  }
  private check(n: number, what: string): void {
    if (n >= 0xffffffff) throw new Error(`wacz: ${what} is over 4 GiB, which needs ZIP64 (not supported): export fewer fetches or write a plain WARC`);
  }
  /** Adds a stored entry from a buffer or from a file (streamed in pieces). */
  add(name: string, data: Buffer | { file: string }): void {
    const size = Buffer.isBuffer(data) ? data.length : statSync(data.file).size;
    this.check(size, name);
    this.check(this.pos, 'the package');
    let crc = 0;
    if (Buffer.isBuffer(data)) crc = crc32(data);
    else forEachChunk(data.file, (c) => { crc = crc32(c, crc); });
    const nameBytes = Buffer.from(name, 'utf8');
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(0x0800, 6); h.writeUInt16LE(0, 8);
    h.writeUInt16LE(0, 10); h.writeUInt16LE(0x21, 12); // DOS time/date: 1980-01-01 00:00
    h.writeUInt32LE(crc >>> 0, 14); h.writeUInt32LE(size, 18); h.writeUInt32LE(size, 22); h.writeUInt16LE(nameBytes.length, 26); h.writeUInt16LE(0, 28);
    const offset = this.pos;
    this.write(h); this.write(nameBytes);
    if (Buffer.isBuffer(data)) this.write(data);
    else forEachChunk(data.file, (c) => this.write(c));
    this.entries.push({ name, crc: crc >>> 0, size, offset });
  }
  close(): void {
    const start = this.pos;
    for (const e of this.entries) {
      const n = Buffer.from(e.name, 'utf8');
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x0800, 8); c.writeUInt16LE(0, 10);
      c.writeUInt16LE(0, 12); c.writeUInt16LE(0x21, 14); c.writeUInt32LE(e.crc, 16); c.writeUInt32LE(e.size, 20); c.writeUInt32LE(e.size, 24);
      c.writeUInt16LE(n.length, 28); c.writeUInt16LE(0, 30); c.writeUInt16LE(0, 32); c.writeUInt16LE(0, 34); c.writeUInt16LE(0, 36); c.writeUInt32LE(0, 38);
      c.writeUInt32LE(e.offset, 42);
      this.write(c); this.write(n);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(0, 4); end.writeUInt16LE(0, 6); end.writeUInt16LE(this.entries.length, 8); end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.pos - start, 12); end.writeUInt32LE(start, 16); end.writeUInt16LE(0, 20);
    this.write(end);
    closeSync(this.fd);
  }
  abort(): void { try { closeSync(this.fd); } catch { /* closed */ } }
}

function forEachChunk(file: string, fn: (b: Buffer) => void): void {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      fn(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

const sha256File = (file: string): string => {
  const h = createHash('sha256');
  forEachChunk(file, (c) => h.update(c));
  return `sha256:${h.digest('hex')}`;
};

export interface WaczCounts extends WarcCounts { indexed: number; pages: number }

/** Writes the archive's fetches as a WACZ file. */
export function exportWacz(db: DB, store: SnapshotStore, outFile: string, opts: { software?: string; now?: Date } = {}): WaczCounts {
  const work = mkdtempSync(join(tmpdir(), 'ogi-wacz-'));
  const warcName = 'data.warc.gz';
  const warcPath = join(work, warcName);
  const records: WrittenRecord[] = [];
  const software = opts.software ?? 'ogi-archive';
  const tmp = `${outFile}.tmp-${process.pid}`;
  let zip: ZipWriter | null = null;
  try {
    const counts = exportWarc(db, store, warcPath, { gzip: true, software, now: opts.now, onRecord: (r) => { if (r.uri) records.push(r); } });
    const lines = records.map((r) => {
      const j: Record<string, string> = { url: r.uri as string };
      if (r.mime) j.mime = r.mime;
      if (r.status !== null) j.status = String(r.status);
      if (r.payloadDigest) j.digest = r.payloadDigest;
      j.length = String(r.length);
      j.offset = String(r.offset);
      j.filename = warcName;
      return `${surt(r.uri as string)} ${ts14(r.date)} ${JSON.stringify(j)}`;
    }).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const cdxj = Buffer.from(lines.length ? `${lines.join('\n')}\n` : '', 'utf8');
    const inWarc = new Set(records.filter((r) => r.type === 'response' || r.type === 'revisit').map((r) => r.uri));
    const pageRows = (db.prepare(`SELECT rr.url, rr.title, (SELECT MIN(f.started_at) FROM fetches f WHERE f.snapshot_sha256 = rr.snapshot_sha256) AS ts
      FROM report_records rr WHERE rr.url IS NOT NULL ORDER BY rr.issuer, rr.year`).all() as Array<{ url: string; title: string | null; ts: string | null }>)
      .filter((p) => inWarc.has(p.url) && p.ts);
    const pages = Buffer.from([JSON.stringify({ format: 'json-pages-1.0', id: 'pages', title: 'Report pages' }),
      ...pageRows.map((p) => JSON.stringify({ url: p.url, ts: p.ts, ...(p.title ? { title: p.title } : {}) }))].join('\n') + '\n', 'utf8');
    const hashBuf = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
    const datapackage = Buffer.from(`${JSON.stringify({
      profile: 'data-package',
      wacz_version: '1.1.1',
      title: 'ogi-archive: government information disclosure annual reports',
      description: 'The responses of an ogi-archive (every fetch that stored or confirmed a body) as WARC 1.1, with a CDXJ index and the current report pages.',
      created: (opts.now ?? new Date()).toISOString(),
      software,
      ...(pageRows[0] ? { mainPageUrl: pageRows[0].url, mainPageDate: pageRows[0].ts } : {}),
      resources: [
        { name: warcName, path: `archive/${warcName}`, hash: sha256File(warcPath), bytes: statSync(warcPath).size },
        { name: 'index.cdxj', path: 'indexes/index.cdxj', hash: hashBuf(cdxj), bytes: cdxj.length },
        { name: 'pages.jsonl', path: 'pages/pages.jsonl', hash: hashBuf(pages), bytes: pages.length },
      ],
    }, null, 2)}\n`, 'utf8');
    const digest = Buffer.from(`${JSON.stringify({ path: 'datapackage.json', hash: hashBuf(datapackage) }, null, 2)}\n`, 'utf8');
    mkdirSync(dirname(outFile), { recursive: true });
    zip = new ZipWriter(tmp);
    zip.add(`archive/${warcName}`, { file: warcPath });
    zip.add('indexes/index.cdxj', cdxj);
    zip.add('pages/pages.jsonl', pages);
    zip.add('datapackage.json', datapackage);
    zip.add('datapackage-digest.json', digest);
    zip.close();
    zip = null;
    renameSync(tmp, outFile);
    return { ...counts, indexed: lines.length, pages: pageRows.length };
  } finally {
    zip?.abort();
    if (existsSync(tmp)) unlinkSync(tmp);
    rmSync(work, { recursive: true, force: true });
  }
}
