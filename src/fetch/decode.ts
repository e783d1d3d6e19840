// Owns turning raw response bytes into text: BOM → override → UTF-16 by its zero bytes →
// header charset → <meta> → sniffing UTF-8 vs GB18030. GB2312/GBK are read as GB18030 (a
// superset). The bytes themselves are never changed. Shared by the crawler (finding links) and
// the extractor (reading reports), so both read a page the same way.
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** Canonical charset name used for decoding (utf-8, gb18030, big5, utf-16le …). */
  charset: string;
  /** Where the charset came from. */
  source: 'bom' | 'header' | 'meta' | 'sniff' | 'override' | 'default';
}

const ALIASES: Record<string, string> = {
  'gb2312': 'gb18030', 'gbk': 'gb18030', 'gb18030': 'gb18030', 'x-gbk': 'gb18030', 'cp936': 'gb18030',
  'hz-gb-2312': 'gb18030', 'euc-cn': 'gb18030', 'utf8': 'utf-8', 'utf-8': 'utf-8', 'big5': 'big5',
  'big5-hkscs': 'big5', 'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
  'iso-8859-1': 'windows-1252', 'latin1': 'windows-1252', 'us-ascii': 'utf-8', 'ascii': 'utf-8',
};

/** Normalises a charset label; returns undefined for labels iconv-lite cannot decode. */
export function normaliseCharset(label: string | undefined | null): string | undefined {
  if (!label) return undefined;
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  const c = ALIASES[l] ?? l;
  return iconv.encodingExists(c) ? c : undefined;
}

export function charsetFromContentType(ct: string | undefined | null): string | undefined {
  const m = ct ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(ct) : null;
  return m ? normaliseCharset(m[1]) : undefined;
}

/** Looks for <meta charset> or http-equiv Content-Type in the first 4 KB (read as latin1). */
export function charsetFromMeta(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return m ? normaliseCharset(m[1]) : undefined;
}

/** Share of the bytes that form valid multi-byte UTF-8 sequences vs. invalid ones. */
function utf8Validity(bytes: Buffer): { valid: number; invalid: number } {
  let valid = 0, invalid = 0;
  const n = Math.min(bytes.length, 65536);
  for (let i = 0; i < n; ) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let len = 0;
    if (b >= 0xc2 && b <= 0xdf) len = 2; else if (b >= 0xe0 && b <= 0xef) len = 3; else if (b >= 0xf0 && b <= 0xf4) len = 4;
    if (len === 0) { invalid++; i++; continue; }
    let ok = i + len <= n || i + len > bytes.length === false;
    for (let k = 1; k < len && ok; k++) { const c = bytes[i + k]; if (c === undefined) { ok = i + k >= n; break; } if ((c & 0xc0) !== 0x80) ok = false; }
    if (ok) { valid++; i += len; } else { invalid++; i++; }
  }
  return { valid, invalid };
}

/**
 * Mixed encodings (issue 7): a page declared UTF-8 whose multi-byte sequences are mostly valid
 * UTF-8 is UTF-8 with a fragment of GBK pasted in, and is read as UTF-8 (as browsers do); GBK
 * text misread as UTF-8 forms valid sequences only by chance (about one in five).
 */
function mostlyUtf8(bytes: Buffer): boolean {
  const { valid, invalid } = utf8Validity(bytes);
  return valid > 0 && valid >= 2 * invalid;
}

/** Sniffs between UTF-8 and GB18030 (the two encodings Chinese portals use). */
export function sniffCharset(bytes: Buffer): string {
  const { valid, invalid } = utf8Validity(bytes);
  if (invalid === 0) return 'utf-8';
  if (valid > 0 && invalid * 20 < valid) return 'utf-8';
  return 'gb18030';
}

/**
 * UTF-16 without a byte-order mark: markup and Latin text put a zero byte in every other
 * position (odd positions for little-endian, even for big-endian), which UTF-8 and GB18030
 * text never does. Looks at the first 4 KB: at least a fifth of the code units with a zero
 * high byte, and almost none with a zero low byte.
 */
export function sniffUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return undefined;
  let zeroEven = 0, zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const units = n / 2;
  if (zeroOdd >= units / 5 && zeroEven <= units / 50) return 'utf-16le';
  if (zeroEven >= units / 5 && zeroOdd <= units / 50) return 'utf-16be';
  return undefined;
}

function bomCharset(bytes: Buffer): { charset: string; skip: number } | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', skip: 3 };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', skip: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', skip: 2 };
  return undefined;
}

/**
 * Decodes bytes to text. A declared charset (header or meta) is trusted only when the bytes
 * agree with it: a page declared UTF-8 whose bytes are not valid UTF-8 is read as GB18030,
 * and a page declared GBK whose bytes are clean multi-byte UTF-8 is read as UTF-8.
 */
export function decodeBody(bytes: Buffer, contentType?: string | null, override?: string): Decoded {
  const bom = bomCharset(bytes);
  if (bom) return { text: iconv.decode(bytes.subarray(bom.skip), bom.charset), charset: bom.charset, source: 'bom' };
  const forced = normaliseCharset(override);
  if (forced) return { text: iconv.decode(bytes, forced), charset: forced, source: 'override' };
  // before any declaration: a <meta> cannot even be read in UTF-16 as bytes, and a header that says
  // UTF-8 or GBK for UTF-16 bytes is wrong; a declared UTF-16 whose byte order is wrong gets the right one
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const declared = charsetFromContentType(contentType);
    return { text: iconv.decode(bytes, utf16), charset: utf16, source: declared === utf16 ? 'header' : 'sniff' };
  }
  const sniffed = sniffCharset(bytes);
  const declared: Array<[string | undefined, Decoded['source']]> = [[charsetFromContentType(contentType), 'header'], [charsetFromMeta(bytes), 'meta']];
  for (const [cs, source] of declared) {
    if (!cs) continue;
    const consistent = (cs === 'utf-8') === (sniffed === 'utf-8') || (cs !== 'utf-8' && cs !== 'gb18030') || (cs === 'utf-8' && mostlyUtf8(bytes));
    if (consistent) return { text: iconv.decode(bytes, cs), charset: cs, source };
    break; // declaration contradicted by the bytes: fall through to sniffing
  }
  return { text: iconv.decode(bytes, sniffed), charset: sniffed, source: 'sniff' };
}
