// Owns the one extraction entry the archive calls: attachments (PDF, Word, WPS, spreadsheets)
// go through their readers into the page extractor, everything else is read as a page. The
// result says which source it came from (page, attachment:pdf, …).
import { extract } from './index.js';
import { detectKind, extractAttachment, type AttachmentOptions } from './attachments/index.js';
import type { ExtractInput, ExtractResult } from './types.js';

export interface SourcedResult extends ExtractResult {
  /** page | attachment:pdf | attachment:docx | attachment:doc | attachment:wps | attachment:xlsx | attachment:xls */
  source: string;
  /** What the attachment reader noted (needs_ocr, ocr), also when no record came out. */
  sourceFlags: string[];
}

/** Extracts a page or an attachment; throws AttachmentError for a file that cannot be read. */
export async function extractAny(input: ExtractInput, opts: AttachmentOptions = {}): Promise<SourcedResult> {
  const kind = detectKind(input.bytes, { contentType: input.contentType, url: input.url });
  if (!kind) return { ...extract(input), source: 'page', sourceFlags: [] };
  const r = await extractAttachment(input, opts);
  const { attachment, ...rest } = r;
  return { ...rest, source: `attachment:${attachment.kind}`, sourceFlags: attachment.flags };
}
