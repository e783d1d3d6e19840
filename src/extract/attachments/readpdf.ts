// Owns the PDF reader: text layer → blocks; pages without a text layer are OCR'd when
// tesseract (chi_sim) and pdftoppm are installed and OCR is enabled, else flagged `needs_ocr`.
import { assemble } from './assemble.js';
import { blocksToHtml } from './blocks.js';
import { readPdfPages } from './pdf.js';
import { ocrAvailable, ocrPdfPages } from './ocr.js';
import type { PageLayout } from './layout.js';
import { ATTACHMENT_FLAGS, type AttachmentDoc, type ReadOptions } from './types.js';

export async function readPdf(bytes: Buffer, opts: ReadOptions = {}): Promise<AttachmentDoc> {
  const { pages, textless, numPages, warnings } = await readPdfPages(bytes);
  const flags: string[] = [];
  let laid: PageLayout[] = pages.map((p) => p.layout);
  if (textless.length) {
    const which = textless.length === numPages ? 'no page has' : `page(s) ${textless.join(', ')} have`;
    const ocr = opts.ocr ? await ocrAvailable() : { ok: false, reason: 'OCR not enabled (pass { ocr: true })' };
    if (ocr.ok) {
      const read = await ocrPdfPages(bytes, textless, opts.ocrDpi ?? 300);
      warnings.push(...read.warnings);
      const byNo = new Map(read.pages.map((p) => [p.no, p.layout]));
      // keep page order: text-layer pages and OCR'd pages interleaved
      laid = pages.map((p) => byNo.get(p.no) ?? p.layout);
      for (const p of read.pages) if (!pages.some((q) => q.no === p.no)) laid.push(p.layout);
      flags.push(ATTACHMENT_FLAGS.ocr);
      if (read.pages.length < textless.length) flags.push(ATTACHMENT_FLAGS.needsOcr);
    } else {
      flags.push(ATTACHMENT_FLAGS.needsOcr);
      warnings.push(`${which} no text layer (scanned); not OCR'd: ${ocr.reason}`);
      laid = pages.filter((p) => !textless.includes(p.no)).map((p) => p.layout);
    }
  }
  return { kind: 'pdf', html: blocksToHtml(assemble(laid)), pages: numPages, flags, warnings };
}
