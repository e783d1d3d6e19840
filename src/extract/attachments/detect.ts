// Owns telling what kind of attachment some bytes are: magic bytes first (%PDF, zip with
// word/ or xl/ parts, OLE compound file with a WordDocument or Workbook stream), then the
// Content-Type, then the file extension (of the file name, else of the URL path).
import type { AttachmentHint, AttachmentKind } from './types.js';

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const utf16 = (s: string): Buffer => Buffer.from(s, 'utf16le');

/** Kind from the bytes alone, or null when they do not say. */
export function sniffKind(bytes: Buffer): AttachmentKind | null {
  const head = bytes.subarray(0, 1024);
  if (head.includes('%PDF-')) return 'pdf';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    // zip: part names are stored in plain text in the local headers and the central directory
    if (bytes.includes('word/document.xml') || bytes.includes('word/')) return 'docx';
    if (bytes.includes('xl/workbook.xml') || bytes.includes('xl/')) return 'xlsx';
    return null;
  }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(OLE_MAGIC)) {
    // directory entry names are UTF-16LE; a Kingsoft .wps is a Word binary file
    if (bytes.includes(utf16('WordDocument'))) return 'doc';
    if (bytes.includes(utf16('Workbook')) || bytes.includes(utf16('Book'))) return 'xls';
    if (bytes.includes(utf16('CONTENTS')) || bytes.includes(utf16('Quill'))) return 'wps';
    return null;
  }
  return null;
}

const CT: Array<[RegExp, AttachmentKind]> = [
  [/application\/pdf|\/x-pdf/i, 'pdf'],
  [/wordprocessingml/i, 'docx'],
  [/spreadsheetml/i, 'xlsx'],
  [/application\/msword/i, 'doc'],
  [/ms-works|vnd\.ms-wps|kswps|\/wps/i, 'wps'],
  [/ms-excel/i, 'xls'],
];

const EXT: Record<string, AttachmentKind> = {
  pdf: 'pdf', docx: 'docx', doc: 'doc', wps: 'wps', xlsx: 'xlsx', xls: 'xls', et: 'xls', dot: 'doc', dotx: 'docx', xlsm: 'xlsx',
};

function extOf(name: string | null | undefined): AttachmentKind | null {
  if (!name) return null;
  let path = name;
  try { path = new URL(name).pathname; } catch { /* a bare file name */ }
  try { path = decodeURIComponent(path); } catch { /* keep as is */ }
  const m = /\.([a-z0-9]{2,5})$/i.exec(path.trim());
  return m ? EXT[m[1].toLowerCase()] ?? null : null;
}

/** Best guess of the kind; the extension refines OLE/Word bytes into 'wps'. */
export function detectKind(bytes: Buffer, hint: AttachmentHint = {}): AttachmentKind | null {
  const ext = extOf(hint.filename) ?? extOf(hint.url);
  const sniffed = sniffKind(bytes);
  if (sniffed) return sniffed === 'doc' && ext === 'wps' ? 'wps' : sniffed;
  if (hint.contentType) for (const [re, k] of CT) if (re.test(hint.contentType)) return k;
  return ext;
}

/** True when a URL, file name or Content-Type names a kind this module reads. */
export function isAttachmentName(name: string | null | undefined): boolean {
  return extOf(name) !== null;
}
