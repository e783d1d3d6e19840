// Owns the one extraction entry the archive calls: attachments (PDF, Word, WPS, spreadsheets)
// go through their readers into the page extractor, everything else is read as a page. The
// result says which source it came from (page, attachment:pdf, …). `sandboxedExtractAny`
// is the same with attachments read in a worker with heap and time limits (the crawl, the
// re-extraction and `ogi extract` use it), so one hostile file cannot take the process down.
import { extract } from './index.js';
import { detectKind, extractAttachment, type AttachmentOptions } from './attachments/index.js';
import { ExtractionSandbox } from './attachments/sandbox.js';
import type { ExtractInput, ExtractResult } from './types.js';

export { ExtractionSandbox };

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

/**
 * `extractAny` with attachments read inside `sandbox` (a worker thread with a heap limit and
 * a time limit, see attachments/sandbox.ts); pages are read in this thread. A file that
 * exhausts a limit throws AttachmentError naming it ("… ran out of memory …", "… took over …").
 */
export function sandboxedExtractAny(sandbox: ExtractionSandbox, opts: AttachmentOptions = {}): (input: ExtractInput) => Promise<SourcedResult> {
  return async (input) => {
    if (!detectKind(input.bytes, { contentType: input.contentType, url: input.url })) return { ...extract(input), source: 'page', sourceFlags: [] };
    return sandbox.extract(input, opts);
  };
}
