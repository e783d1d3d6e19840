// Owns the public types of the extractor: input, locators, metrics, checks, records, results.

export interface ExtractInput {
  bytes: Buffer;
  contentType?: string | null;
  url?: string | null;
  fetchedAt?: string | null;
  charsetOverride?: string | null;
  snapshotSha256?: string | null;
  /** what value positions count in: the decoded snapshot text (default), or the document text (an attachment, whose bytes are not text) */
  positionsIn?: 'snapshot' | 'document_text';
}

/** A range [start, end) of characters (UTF-16 code units, as JavaScript counts). */
export interface Position { start: number; end: number }

/**
 * Where the value is printed, stored by the extractor (docs/extraction.md, "Positions"):
 * `pos` is the printed value's range in the decoded snapshot text (the string
 * `decodeBody(bytes, contentType).text` returns; for an HTML page it may span markup between
 * text nodes) or, for an attachment (`posIn: 'document_text'`), in its document's text
 * (documentText(documents.main_text), src/documents/text.ts: the same for every version that
 * shares the document). `noPos` says why a value has none.
 */
export interface Placement { pos?: Position; posIn?: 'snapshot' | 'document_text'; noPos?: string }

export type Locator =
  | ({ type: 'table'; table: number; tableLabel: string; row: string; column: string; rowIndex: number; colIndex: number; raw: string;
    /** an HTML table cell: its element path, e.g. html[1]/body[1]/table[2]/tbody[1]/tr[5]/td[3] (1-based among siblings of that name) */
    path?: string } & Placement)
  | ({ type: 'prose'; /** offsets of the figure in the main text */ start: number; end: number; /** the sentence, normalised */ sentence: string; raw: string;
    /** the sentence's range (same text as `pos`) and its text as printed, not normalised */
    sentencePos?: Position; verbatim?: string } & Placement);

export interface Metric {
  key: string;
  value: number | null;
  unit: string | null;
  raw: string;
  flags: string[];
  source: Locator & { snapshot?: string | null };
}

export interface Check {
  name: string;
  keys: string[];
  inputs: Record<string, number | null>;
  expected: number | null;
  actual: number | null;
  held: boolean;
  detail?: string;
}

export type Format = 'pre2019' | '2019' | '2021';

export interface ReportRecord {
  title: string | null;
  issuer: string | null;
  region: string | null;
  year: number | null;
  format: Format | null;
  published_date: string | null;
  metrics: Metric[];
  checks: Check[];
  flags: string[];
}

export interface ExtractResult {
  kind: 'report' | 'list' | 'other';
  /** Why the page was classified so: for a page not read as a report, what it lacked. */
  reason: string;
  /** A page not read as a report although titled like one: that title (null or absent otherwise). */
  title?: string | null;
  charset: string;
  mainText: string;
  record: ReportRecord | null;
}

/** Flag vocabulary. */
export const FLAGS = {
  blank: 'blank',
  notApplicable: 'not_applicable',
  checkFailed: 'check_failed',
  uncertainSplit: 'uncertain_split',
  approximate: 'approximate',
  fromProse: 'from_prose',
  disagreesWithTable: 'disagrees_with_table',
  convertedWan: 'converted_wan',
  ocr: 'ocr',
  unreadable: 'unreadable',
  /** a money figure whose unit (元 or 万元) the table states nowhere: value null */
  uncertainUnit: 'uncertain_unit',
} as const;
