// Public API of the attachment reader: readAttachment (bytes of a PDF/DOCX/DOC/WPS/XLSX/XLS
// → HTML with real tables, plus flags) and extractAttachment (that HTML through the HTML
// extractor, every metric marked with its source format and, when OCR'd, flagged `ocr`).
import { extract } from '../index.js';
import type { ExtractInput, ExtractResult } from '../types.js';
import { detectKind } from './detect.js';
import { readPdf } from './readpdf.js';
import { readDocx } from './docx.js';
import { readDoc, type DocConverter } from './doc.js';
import { readSheet } from './sheet.js';
import { AttachmentError, ATTACHMENT_FLAGS, type AttachmentDoc, type AttachmentHint, type AttachmentKind, type ReadOptions } from './types.js';

export { AttachmentError, ATTACHMENT_FLAGS, detectKind };
export type { AttachmentDoc, AttachmentHint, AttachmentKind, ReadOptions };
export { sniffKind, isAttachmentName } from './detect.js';
import { ocrAvailable } from './ocr.js';
export { ocrAvailable };
export { docConverters, DOC_NEEDS, type DocConverter } from './doc.js';

export interface AttachmentOptions extends ReadOptions {
  /** force one DOC/WPS converter (tests); default: the best one installed */
  docConverter?: DocConverter;
  /** only these DOC/WPS converters count as installed (tests) */
  docConverters?: DocConverter[];
}

/** Reads an attachment into HTML the extractor reads. Throws AttachmentError when it cannot. */
export async function readAttachment(bytes: Buffer, hint: AttachmentHint = {}, opts: AttachmentOptions = {}): Promise<AttachmentDoc> {
  const kind = detectKind(bytes, hint);
  if (!kind) throw new AttachmentError(`not a PDF, Word or spreadsheet file (content type ${hint.contentType ?? 'unknown'}, ${bytes.length} bytes)`);
  if (!bytes.length) throw new AttachmentError(`empty ${kind.toUpperCase()} file`, kind);
  switch (kind) {
    case 'pdf': return readPdf(bytes, opts);
    case 'docx': return readDocx(bytes);
    case 'doc': case 'wps': return readDoc(bytes, kind, opts.docConverter, opts.docConverters);
    case 'xlsx': case 'xls': return readSheet(bytes, kind);
  }
}

/** Reads a PDF with OCR of its pages without text (for `ogi ocr`); fails clearly when OCR cannot run. */
export async function ocrPdf(bytes: Buffer, opts: ReadOptions = {}): Promise<AttachmentDoc> {
  const ok = await ocrAvailable();
  if (!ok.ok) throw new AttachmentError(`OCR cannot run: ${ok.reason}`, 'pdf');
  return readPdf(bytes, { ...opts, ocr: true });
}

export interface AttachmentResult extends ExtractResult {
  attachment: { kind: AttachmentKind; pages: number | null; flags: string[]; warnings: string[] };
}

/**
 * Reads an attachment and extracts it like a page. The record gets `attachment:<kind>` (and
 * `needs_ocr`/`ocr`) in its flags; every metric read by OCR carries the flag `ocr`.
 */
export async function extractAttachment(input: ExtractInput, opts: AttachmentOptions = {}): Promise<AttachmentResult> {
  const doc = await readAttachment(input.bytes, { contentType: input.contentType, url: input.url }, opts);
  // the HTML made from the file is not stored: positions count in the document text (documents/text.ts), which is
  const res = extract({ ...input, bytes: Buffer.from(doc.html, 'utf8'), contentType: 'text/html; charset=utf-8', charsetOverride: null, positionsIn: 'document_text' });
  const marker = `attachment:${doc.kind}`;
  if (res.record) {
    const flags = new Set(res.record.flags);
    flags.add(marker);
    for (const f of doc.flags) flags.add(f);
    res.record.flags = [...flags];
    if (doc.flags.includes(ATTACHMENT_FLAGS.ocr)) for (const m of res.record.metrics) if (!m.flags.includes(ATTACHMENT_FLAGS.ocr)) m.flags.push(ATTACHMENT_FLAGS.ocr);
  }
  if (!res.record && doc.flags.includes(ATTACHMENT_FLAGS.needsOcr) && !res.mainText.trim()) {
    res.reason = `scanned ${doc.kind.toUpperCase()} without a text layer: needs_ocr`;
  }
  return { ...res, attachment: { kind: doc.kind, pages: doc.pages ?? null, flags: doc.flags, warnings: doc.warnings } };
}
