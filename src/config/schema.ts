// Owns the shape of configuration: global settings (config/ogi.yaml) and one site per
// config/sites/<id>.yaml. Dialect parameters are validated by the dialect itself.
import { z } from 'zod';
import { DEFAULT_INLINE_MAX_BYTES } from '../store/paths.js';

export const politenessSchema = z.strictObject({
  /** Minimum gap between two requests to one host, in milliseconds. */
  delay_ms: z.number().int().min(0).max(600_000).optional(),
  timeout_ms: z.number().int().min(100).max(600_000).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  max_pages: z.number().int().min(1).max(1_000_000).optional(),
  max_depth: z.number().int().min(0).max(1000).optional(),
  max_body_bytes: z.number().int().min(1024).optional(),
  /** Time budget of one site in one run. */
  max_seconds: z.number().int().min(1).max(86_400).optional(),
});

/** When a site is crawled by `ogi crawl --incremental` (cron, `ogi schedule`). */
export const scheduleSchema = z.strictObject({
  /** Months (1–12) in which list pages are read every night: the publishing season. */
  season_months: z.array(z.number().int().min(1).max(12)).optional(),
  /** Outside the season, list pages are read every N days. */
  list_interval_days: z.number().min(0).max(366).optional(),
  /** Known report pages are re-checked (by conditional request) every N days. */
  revisit_days: z.number().min(0).max(3660).optional(),
});

/**
 * One fact about a real portal, seen in public material (a stored copy of a page, a public
 * spider's code). `kind` says what the URL is: a report page or attachment (must match the
 * site's report patterns and allowed hosts), a list/column page or data API call the crawl
 * starts from or passes through, or a non-report page (news, chrome) that must not match.
 */
export const evidenceSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  kind: z.enum(['report', 'attachment', 'list', 'api', 'nonreport', 'homepage']),
  /** The report year (the year reported on), for report and attachment evidence. */
  year: z.number().int().min(2000).max(2100).optional(),
  /** What the URL is, in a few words (e.g. "2020 report of the county government"). */
  what: z.string().min(1),
  /** The link text or page title as the portal shows it (dialects recognise reports by it). */
  title: z.string().min(1).optional(),
  /** Where it was seen: "stored page", "public spider <owner>/<repo> <path>", … */
  source: z.string().min(1),
  /** For api evidence: the HTTP method and form body the real platform uses. */
  method: z.enum(['GET', 'POST']).optional(),
  body: z.string().optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const siteSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _ only'),
  name: z.string().min(1),
  region: z.string().min(1),
  level: z.enum(['national', 'province', 'prefecture', 'county', 'district', 'township', 'department']),
  homepage: z.url({ protocol: /^https?$/ }),
  dialect: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  start_urls: z.array(z.url({ protocol: /^https?$/ })).min(1),
  /** Regular expressions (as strings) a link's URL or text must match to count as a report. */
  report_link_patterns: z.array(z.string()).default([]),
  allowed_hosts: z.array(z.string().min(1)).default(['*.gov.cn']),
  render: z.enum(['http', 'browser']).default('http'),
  encoding: z.string().optional(),
  politeness: politenessSchema.default({}),
  schedule: scheduleSchema.default({}),
  /** false, or the date (YYYY-MM-DD) of the last `ogi sites check` pass that found this config's reports. */
  verified: z.union([z.boolean(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD written by `ogi sites check`')]).default(false),
  /** The province (自治区, 直辖市) the site belongs to, for coverage tables. */
  province: z.string().min(1).optional(),
  notes: z.string().optional(),
  /** What public material shows about this portal: real report, list and API URLs, each with what it is. */
  evidence: z.array(evidenceSchema).default([]),
});
export type SiteConfig = z.infer<typeof siteSchema>;

export const globalSchema = z.strictObject({
  user_agent: z.string().min(1),
  contact_url: z.url(),
  storage_dir: z.string().default('storage'),
  max_parallel_hosts: z.number().int().min(1).max(10000).default(1000),
  /** Response bodies up to this many bytes are kept inside archive.sqlite (table snapshot_bodies), larger ones as files; 0 keeps every body in a file. */
  snapshot_inline_max_bytes: z.number().int().min(0).max(1024 * 1024).default(DEFAULT_INLINE_MAX_BYTES),
  politeness: z.strictObject({
    delay_ms: z.number().int().min(0).default(2000),
    timeout_ms: z.number().int().min(100).default(30_000),
    /** Time one URL may spend on the server over all its attempts (a hanging URL costs at most this); waits for the host's turn not counted. */
    max_url_ms: z.number().int().min(100).default(45_000),
    retries: z.number().int().min(0).max(10).default(3),
    backoff_ms: z.number().int().min(0).default(1000),
    max_redirects: z.number().int().min(0).max(50).default(10),
    max_body_bytes: z.number().int().min(1024).default(50 * 1024 * 1024),
    max_pages: z.number().int().min(1).default(2000),
    max_depth: z.number().int().min(0).default(20),
    max_retry_after_ms: z.number().int().min(0).default(600_000),
    max_seconds: z.number().int().min(1).default(3600),
    /** Stop following a site's pagination after this many list pages in a row that add no new report link. */
    max_barren_lists: z.number().int().min(1).default(5),
    max_url_length: z.number().int().min(64).default(2048),
  }).prefault({}),
  schedule: z.strictObject({
    season_months: z.array(z.number().int().min(1).max(12)).default([1, 2, 3, 4]),
    list_interval_days: z.number().min(0).default(7),
    revisit_days: z.number().min(0).default(30),
  }).prefault({}),
  browser: z.strictObject({
    executable_path: z.string().optional(),
    args: z.array(z.string()).default([]),
    /** List pages rendered at once (each of another host) in the run's one Chromium; see docs/operations.md for sizing. */
    max_pages: z.number().int().min(1).max(64).default(4),
  }).prefault({}),
});
export type GlobalConfig = z.infer<typeof globalSchema>;
