// Owns the public types of the extractor: input, locators, metrics, checks, records, results.

export interface ExtractInput {
  bytes: Buffer;
  contentType?: string | null;
  url?: string | null;
  fetchedAt?: string | null;
  charsetOverride?: string | null;
  snapshotSha256?: string | null;
}

export type Locator =
  | { type: 'table'; table: number; tableLabel: string; row: string; column: string; rowIndex: number; colIndex: number; raw: string }
  | { type: 'prose'; start: number; end: number; sentence: string; raw: string };

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
} as const;
