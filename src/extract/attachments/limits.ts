// Owns the caps that keep one hostile attachment from exhausting memory or time: zip
// containers (DOCX, XLSX) are checked from their central directory BEFORE anything is
// inflated (entry count, each entry's unpacked size, their total, zip64 included), and every
// deflated entry is then inflated once with its declared size as a hard ceiling, so a
// directory that lies about sizes is caught too. Sheets are capped in cells. Errors name the
// entry, its size and the cap.
import { inflateRawSync } from 'node:zlib';
import { AttachmentError, type AttachmentKind } from './types.js';

const MiB = 1024 * 1024;

export interface ZipCaps {
  /** most bytes one XML part may unpack to (mammoth and SheetJS parse it into a tree about ten times its size) */
  xmlBytes: number;
  /** most bytes any other entry (images, embedded files) may unpack to */
  entryBytes: number;
  /** most bytes all entries together may unpack to */
  totalBytes: number;
  /** most entries */
  entries: number;
}

export const DOCX_CAPS: ZipCaps = { xmlBytes: 32 * MiB, entryBytes: 64 * MiB, totalBytes: 256 * MiB, entries: 10_000 };
export const XLSX_CAPS: ZipCaps = { xmlBytes: 32 * MiB, entryBytes: 64 * MiB, totalBytes: 256 * MiB, entries: 10_000 };
/** A sheet's used range may hold at most this many cells (an annual report's tables hold a few hundred). */
export const SHEET_MAX_CELLS = 1_000_000;
/** Rows SheetJS parses per sheet; a sheet cut here is flagged in the warnings. */
export const SHEET_MAX_ROWS = 20_000;

export function fmtBytes(n: number): string {
  return n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${n} bytes`;
}

export interface ZipEntry { name: string; method: number; compressed: number; size: number; localOffset: number }

const EOCD = 0x06054b50, EOCD64 = 0x06064b50, EOCD64_LOC = 0x07064b50, CEN = 0x02014b50, LOC = 0x04034b50;

/** The entries listed in a zip's central directory (zip64 sizes read from their extra field). Throws AttachmentError on a broken directory. */
export function zipEntries(buf: Buffer, kind: AttachmentKind, maxEntries = Infinity): ZipEntry[] {
  const bad = (why: string): AttachmentError => new AttachmentError(`${kind.toUpperCase()} is corrupted: ${why}`, kind);
  // the end-of-central-directory record is in the last 22 + 65535 bytes
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  if (eocd < 0) throw bad('no zip central directory (end record missing)');
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== EOCD64_LOC) throw bad('zip64 end record locator missing');
    const rec = Number(buf.readBigUInt64LE(loc + 8));
    if (rec < 0 || rec + 56 > buf.length || buf.readUInt32LE(rec) !== EOCD64) throw bad('zip64 end record missing');
    count = Number(buf.readBigUInt64LE(rec + 32));
    cdSize = Number(buf.readBigUInt64LE(rec + 40));
    cdOffset = Number(buf.readBigUInt64LE(rec + 48));
  }
  if (count > maxEntries) throw new AttachmentError(`zip lists ${count} entries, over the cap of ${maxEntries}`, kind);
  if (cdOffset + cdSize > buf.length) throw bad('zip central directory lies outside the file');
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN) throw bad(`zip central directory entry ${n + 1} of ${count} is broken`);
    const method = buf.readUInt16LE(p + 10);
    let compressed = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    // zip64: the fields stored as 0xFFFFFFFF follow, in this order, in extra field 0x0001
    let e = p + 46 + nameLen;
    const end = e + extraLen;
    while (e + 4 <= end) {
      const id = buf.readUInt16LE(e), len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const next = (): number => { const v = q + 8 <= e + 4 + len ? Number(buf.readBigUInt64LE(q)) : NaN; q += 8; return v; };
        if (size === 0xffffffff) size = next();
        if (compressed === 0xffffffff) compressed = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      e += 4 + len;
    }
    if (!Number.isFinite(size) || !Number.isFinite(compressed) || !Number.isFinite(localOffset)) throw bad(`zip entry ${name}: its zip64 sizes are missing`);
    out.push({ name, method, compressed, size, localOffset });
    p = end + commentLen;
  }
  return out;
}

/**
 * Checks a zip container against the caps without inflating anything first, then inflates each
 * deflated entry once with its declared size as the ceiling (a lying directory is caught there,
 * with memory bounded by the cap). Throws AttachmentError naming the entry and the cap.
 */
export async function checkZip(buf: Buffer, kind: AttachmentKind, caps: ZipCaps): Promise<ZipEntry[]> {
  const entries = zipEntries(buf, kind, caps.entries);
  let total = 0;
  for (const e of entries) {
    const cap = /\.(xml|rels)$/i.test(e.name) ? caps.xmlBytes : caps.entryBytes;
    if (e.size > cap) throw new AttachmentError(`zip entry ${e.name} unpacks to ${e.size} bytes, over the ${fmtBytes(cap)} cap${cap === caps.xmlBytes ? ' for an XML part' : ''}`, kind);
    total += e.size;
    if (total > caps.totalBytes) throw new AttachmentError(`zip entries unpack to more than ${total} bytes (at ${e.name}), over the ${fmtBytes(caps.totalBytes)} cap for all entries`, kind);
  }
  for (const e of entries) {
    if (e.method !== 8 || !e.compressed) continue;
    try {
      unzipEntry(buf, e, kind);
    } catch (err) {
      if (err instanceof AttachmentError) throw err;
      // a broken stream: the reader's own error will say so
    }
  }
  return entries;
}

/**
 * One entry's bytes (stored, or inflated with its declared size as the ceiling). Throws
 * AttachmentError for a missing local header or an entry larger than declared; zlib's own error
 * for a broken stream.
 */
export function unzipEntry(buf: Buffer, e: ZipEntry, kind: AttachmentKind): Buffer {
  if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== LOC) throw new AttachmentError(`${kind.toUpperCase()} is corrupted: zip entry ${e.name} has no local header`, kind);
  const start = e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
  const data = buf.subarray(start, start + e.compressed);
  if (e.method === 0) return data;
  if (e.method !== 8) throw new AttachmentError(`${kind.toUpperCase()} zip entry ${e.name} uses compression method ${e.method}, which is not read`, kind);
  if (!e.compressed) return Buffer.alloc(0);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new AttachmentError(`zip entry ${e.name} unpacks to more than the ${e.size} bytes its directory declares (a zip bomb?)`, kind);
    }
    throw err;
  }
}
