// Owns the public types of the attachment reader: what kind of file, what it became (HTML
// the HTML extractor reads), the flags it earned, and the error a bad file raises.

export type AttachmentKind = 'pdf' | 'docx' | 'doc' | 'wps' | 'xlsx' | 'xls';

export interface AttachmentHint {
  contentType?: string | null;
  url?: string | null;
  filename?: string | null;
}

export interface AttachmentDoc {
  kind: AttachmentKind;
  /** tables as <table> grids (rowspan/colspan), text as <p>; UTF-8, with a <meta charset> */
  html: string;
  pages?: number;
  /** e.g. 'needs_ocr' (no text layer), 'ocr' (text read by OCR) */
  flags: string[];
  warnings: string[];
}

export interface ReadOptions {
  /**
   * OCR pages without a text layer when tesseract (chi_sim) is installed. Default false: such
   * pages are flagged `needs_ocr` (OCR takes seconds a page); `ogi ocr` and a pipeline with
   * OCR enabled pass true.
   */
  ocr?: boolean;
  /** resolution for OCR rendering, dpi; default 200 */
  ocrDpi?: number;
}

/** A file that cannot be read: corrupted, unsupported, or a converter is missing. */
export class AttachmentError extends Error {
  readonly kind: AttachmentKind | null;
  constructor(message: string, kind: AttachmentKind | null = null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AttachmentError';
    this.kind = kind;
  }
}

/** Attachment flag vocabulary. */
export const ATTACHMENT_FLAGS = {
  needsOcr: 'needs_ocr',
  ocr: 'ocr',
} as const;
