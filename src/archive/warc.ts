// Owns `ogi export-warc`: every fetch that has a snapshot, in fetch order, written as WARC 1.1
// (written by hand; the format is plain text headers and blocks):
//   - one `warcinfo` record first;
//   - per fetch a `request` record rebuilt from the recorded method, URL and request headers;
//   - the first time a payload (snapshot) is written, a `response` record: status line, the
//     recorded response headers and the exact stored bytes. The store keeps the decoded entity,
//     so Content-Encoding, Transfer-Encoding and Content-Length are replaced by a Content-Length
//     of the stored body (the originals are kept as X-Archive-Orig-* headers);
//   - a later fetch of an already written payload: a `revisit` record (profile
//     identical-payload-digest) pointing at the first response (WARC-Refers-To,
//     WARC-Refers-To-Target-URI, WARC-Refers-To-Date);
//   - a 304 sighting: a `revisit` record with profile server-not-modified, pointing likewise.
// Digests are SHA-256 in base32 (RFC 4648, upper case, padded), e.g. "sha256:ABC…====": the
// payload digest is the snapshot's sha256 re-encoded; the block digest covers the record block.
// Record ids are name-based UUIDs (SHA-1, version 5 layout) of the fetch id, its time, URL and
// role, so exporting the same archive twice gives the same ids. Records are gzipped one by one
// (multi-member gzip) when the file name ends in .gz.
import { createHash } from 'node:crypto';
import { openSync, writeSync, closeSync, renameSync, unlinkSync, mkdirSync, existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { STATUS_CODES } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { DB } from './db.js';
import type { SnapshotStore } from '../store/snapshots.js';

export const IDENTICAL_PAYLOAD = 'http://netpreserve.org/warc/1.1/revisions/identical-payload-digest';
export const SERVER_NOT_MODIFIED = 'http://netpreserve.org/warc/1.1/revisions/server-not-modified';

/** A record as written: where it starts in the file and how many bytes it takes (gzip member when gzipped). */
export interface WrittenRecord { type: string; uri: string | null; date: string; offset: number; length: number; payloadDigest: string | null; mime: string | null; status: number | null }
export interface WarcOptions { gzip?: boolean; software?: string; now?: Date; /** called for every record written (e.g. to index it) */ onRecord?: (r: WrittenRecord) => void }
export interface WarcCounts { records: number; requests: number; responses: number; revisits: number; not_modified: number; missing: string[]; mismatched: string[] }

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with padding. */
export function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8) out += '=';
  return out;
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${base32(createHash('sha256').update(bytes).digest())}`;
}

/** The WARC payload digest of a snapshot, from its hex sha256. */
export function payloadDigestOfHex(hex: string): string {
  return `sha256:${base32(Buffer.from(hex, 'hex'))}`;
}

/** A deterministic urn:uuid (version-5 layout over SHA-1) for a name. */
export function recordId(name: string): string {
  const h = createHash('sha1').update(`ogi-archive warc record\u0000${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `<urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}>`;
}

/** A header value on one line (CR/LF/other controls become spaces). */
function oneLine(v: string): string {
  return v.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** WARC-Date: ISO 8601 UTC as recorded (WARC 1.1 allows fractions of a second). */
export function warcDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString();
}

function headerBlock(lines: Array<[string, string]>): string {
  return lines.map(([k, v]) => `${k}: ${oneLine(v)}\r\n`).join('');
}

function parseHeaders(json: string | null): Array<[string, string]> {
  if (!json) return [];
  try {
    const o = JSON.parse(json) as unknown;
    if (o && typeof o === 'object' && !Array.isArray(o)) return Object.entries(o as Record<string, unknown>).map(([k, v]) => [k, String(v)]);
  } catch { /* recorded as something else: ignore */ }
  return [];
}

/**
 * HTTP header bytes. Node hands header values over as latin1 (one character per byte), so they
 * are written back as latin1 to give the bytes that were on the wire; text with characters
 * beyond latin1 (e.g. from a browser) is written as UTF-8.
 */
function httpHeadBytes(s: string): Buffer {
  return Buffer.from(s, /^[\u0000-\u00ff]*$/.test(s) ? 'latin1' : 'utf8');
}

/** The HTTP request as it was sent: request line, Host, the recorded headers, body if any. */
export function httpRequestBlock(method: string, url: string, headersJson: string | null, body: string | null): Buffer {
  let target = url;
  let host: Array<[string, string]> = [];
  try {
    const u = new URL(url);
    target = `${u.pathname}${u.search}`;
    host = [['Host', u.host]];
  } catch { /* not a URL we can split: the request line carries it whole */ }
  const headers = parseHeaders(headersJson).filter(([k]) => k.toLowerCase() !== 'host');
  const head = httpHeadBytes(`${method} ${target} HTTP/1.1\r\n${headerBlock([...host, ...headers])}\r\n`);
  return body ? Buffer.concat([head, Buffer.from(body, 'utf8')]) : head;
}

const DROPPED = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

/** Status line and headers of the response; with a body length, the headers describe the stored (decoded) body. */
export function httpResponseHead(status: number, headersJson: string | null, bodyLength: number | null): Buffer {
  const reason = STATUS_CODES[status] ?? 'Unknown';
  const lines: Array<[string, string]> = [];
  for (const [k, v] of parseHeaders(headersJson)) {
    if (bodyLength !== null && DROPPED.has(k.toLowerCase())) lines.push([`X-Archive-Orig-${k}`, v]);
    else lines.push([k, v]);
  }
  if (bodyLength !== null) lines.push(['Content-Length', String(bodyLength)]);
  return httpHeadBytes(`HTTP/1.1 ${status} ${reason}\r\n${headerBlock(lines)}\r\n`);
}

/** One WARC record: version line, named fields, Content-Length, block, two CRLFs. */
export function warcRecord(fields: Array<[string, string]>, block: Buffer, contentType?: string): Buffer {
  const all: Array<[string, string]> = [...fields];
  if (contentType) all.push(['Content-Type', contentType]);
  all.push(['WARC-Block-Digest', sha256Digest(block)]);
  all.push(['Content-Length', String(block.length)]);
  const head = `WARC/1.1\r\n${headerBlock(all)}\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), block, Buffer.from('\r\n\r\n')]);
}

interface FetchRow {
  id: number; method: string; url: string; final_url: string | null; status: number | null; outcome: string;
  request_headers_json: string; response_headers_json: string; started_at: string; snapshot_sha256: string; size: number; body: string | null;
}

interface Written { id: string; uri: string; date: string }

const RESPONSE_TYPE = 'application/http;msgtype=response';

/** Writes the WARC file; returns what it wrote. Snapshots missing from the store, or whose bytes no
 * longer match their hash, are skipped (with every fetch of them) and listed. */
export function exportWarc(db: DB, store: SnapshotStore, outFile: string, opts: WarcOptions = {}): WarcCounts {
  const gzip = opts.gzip ?? /\.gz$/i.test(outFile);
  const counts: WarcCounts = { records: 0, requests: 0, responses: 0, revisits: 0, not_modified: 0, missing: [], mismatched: [] };
  mkdirSync(dirname(outFile), { recursive: true });
  const tmp = `${outFile}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let fileOffset = 0;
  const put = (rec: Buffer, info?: Omit<WrittenRecord, 'offset' | 'length'>) => {
    const b = gzip ? gzipSync(rec) : rec;
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off, b.length - off);
    if (info) opts.onRecord?.({ ...info, offset: fileOffset, length: b.length });
    fileOffset += b.length;
    counts.records++;
  };
  const mimeOf = (headersJson: string | null): string | null => {
    const h = parseHeaders(headersJson).find(([k]) => k.toLowerCase() === 'content-type');
    return h ? h[1].split(';')[0].trim().toLowerCase() || null : null;
  };
  const byPayload = new Map<string, Written>();
  const byUrlPayload = new Map<string, Written>();
  const bad = new Set<string>();

  const writeFetch = (f: FetchRow) => {
    const uri = f.final_url ?? f.url;
    const date = warcDate(f.started_at);
    const sha = f.snapshot_sha256;
    if (bad.has(sha)) return;
    const notModified = f.status === 304 || f.outcome === 'not_modified';
    const seen = byUrlPayload.get(`${uri}\u0000${sha}`) ?? byPayload.get(sha);
    let body: Buffer | null = null;
    if (!notModified && !seen) {
      if (!store.has(sha)) { counts.missing.push(sha); bad.add(sha); return; }
      body = store.get(sha);
      if (createHash('sha256').update(body).digest('hex') !== sha) { counts.mismatched.push(sha); bad.add(sha); return; }
    }
    const reqId = recordId(`fetch ${f.id} ${f.started_at} ${uri} request`);
    const respId = recordId(`fetch ${f.id} ${f.started_at} ${uri} ${body ? 'response' : 'revisit'}`);
    put(warcRecord([['WARC-Type', 'request'], ['WARC-Record-ID', reqId], ['WARC-Date', date], ['WARC-Target-URI', uri], ['WARC-Concurrent-To', respId]],
      httpRequestBlock(f.method, uri, f.request_headers_json, f.body), 'application/http;msgtype=request'));
    counts.requests++;

    const common: Array<[string, string]> = [['WARC-Record-ID', respId], ['WARC-Date', date], ['WARC-Target-URI', uri], ['WARC-Concurrent-To', reqId]];
    const digest: [string, string] = ['WARC-Payload-Digest', payloadDigestOfHex(sha)];
    if (body) {
      const block = Buffer.concat([httpResponseHead(f.status ?? 200, f.response_headers_json, body.length), body]);
      put(warcRecord([['WARC-Type', 'response'], ...common, digest], block, RESPONSE_TYPE),
        { type: 'response', uri, date: f.started_at, payloadDigest: digest[1], mime: mimeOf(f.response_headers_json), status: f.status ?? 200 });
      counts.responses++;
      const w = { id: respId, uri, date };
      if (!byPayload.has(sha)) byPayload.set(sha, w);
      byUrlPayload.set(`${uri}\u0000${sha}`, w);
      return;
    }
    const refers: Array<[string, string]> = seen ? [['WARC-Refers-To', seen.id], ['WARC-Refers-To-Target-URI', seen.uri], ['WARC-Refers-To-Date', seen.date]] : [];
    const profile = notModified ? SERVER_NOT_MODIFIED : IDENTICAL_PAYLOAD;
    // A 304 carries no entity: its own headers as received. An identical payload: the headers describe the stored body.
    const head = notModified ? httpResponseHead(f.status ?? 304, f.response_headers_json, null) : httpResponseHead(f.status ?? 200, f.response_headers_json, f.size);
    put(warcRecord([['WARC-Type', 'revisit'], ...common, ['WARC-Profile', profile], ...refers, digest], head, RESPONSE_TYPE),
      { type: 'revisit', uri, date: f.started_at, payloadDigest: digest[1], mime: 'warc/revisit', status: f.status ?? null });
    counts.revisits++;
    if (notModified) counts.not_modified++;
  };

  let ok = false;
  try {
    const now = (opts.now ?? new Date()).toISOString();
    const info = Buffer.from(headerBlock([
      ['software', opts.software ?? 'ogi-archive'],
      ['format', 'WARC File Format 1.1'],
      ['conformsTo', 'http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/'],
      ['description', 'Fetches of the ogi-archive that stored a body. Response bodies are the stored entity (content-decoded); Content-Encoding, Transfer-Encoding and Content-Length of the original response are kept as X-Archive-Orig-* headers. Request records are rebuilt from the recorded request headers.'],
      ['payload-digest', 'sha256, base32 (RFC 4648), of the HTTP entity body as stored'],
    ]), 'utf8');
    put(warcRecord([['WARC-Type', 'warcinfo'], ['WARC-Record-ID', recordId(`warcinfo ${basename(outFile)} ${now}`)], ['WARC-Date', now], ['WARC-Filename', basename(outFile)]],
      info, 'application/warc-fields'));
    const page = db.prepare(`
      SELECT f.id, f.method, f.url, f.final_url, f.status, f.outcome, f.request_headers_json, f.response_headers_json,
        f.started_at, f.snapshot_sha256, s.size, fr.body
      FROM fetches f JOIN snapshots s ON s.sha256 = f.snapshot_sha256
      LEFT JOIN frontier fr ON fr.run_id = f.run_id AND fr.key = f.frontier_key
      WHERE f.id > ? ORDER BY f.id LIMIT 500`);
    for (let after = 0; ;) {
      const rows = page.all(after) as FetchRow[];
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      for (const f of rows) writeFetch(f);
    }
    ok = true;
  } finally {
    closeSync(fd);
    if (ok) renameSync(tmp, outFile);
    else if (existsSync(tmp)) unlinkSync(tmp);
  }
  return counts;
}
