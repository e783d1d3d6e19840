// Owns the provenance a person can follow: from a stored value (its locator) to the place in
// the archived snapshot it was read from — the decoded page with the cell or sentence marked,
// the cell's element path, and character offsets in the page's text — for `ogi serve` and
// `ogi show`. Positions are computed when asked, from the stored locator and the stored bytes
// (so archives extracted before this existed get them too). An attachment (PDF, Word,
// spreadsheet) is shown as the text the extractor read from it.
import type { DB } from '../archive/db.js';
import type { SnapshotStore } from '../store/snapshots.js';
import { decodeBody } from '../fetch/decode.js';
import { looksLikeHtml } from '../extract/html.js';
import { documentText } from '../documents/text.js';
import { locate, locateInText, type Target, type Located, type Stored } from './locate.js';

export interface MetricRef { id: number; key: string; value: number | null; unit: string | null; raw: string | null; flags: string; source_type: string; locator_json: string; record_id: number; snapshot_sha256: string }

/** The target a metric's locator gives for locate(). */
export function targetOf(m: Pick<MetricRef, 'locator_json' | 'raw'>): Target | null {
  let loc: Record<string, unknown>;
  try { loc = JSON.parse(m.locator_json) as Record<string, unknown>; } catch { return null; }
  const stored = storedOf(loc);
  const extra = { ...(stored ? { stored } : {}), ...(typeof loc.noPos === 'string' ? { noPos: loc.noPos } : {}) };
  if (loc.type === 'table') return { type: 'table', table: Number(loc.table), rowIndex: Number(loc.rowIndex), colIndex: Number(loc.colIndex), raw: String(loc.raw ?? m.raw ?? ''), ...extra };
  if (loc.type === 'prose') return { type: 'prose', sentence: String(loc.sentence ?? ''), raw: String(loc.raw ?? m.raw ?? ''), ...extra };
  return null;
}

const isSpan = (v: unknown): v is { start: number; end: number } => {
  const o = v as { start?: unknown; end?: unknown } | null;
  return !!o && Number.isInteger(o.start) && Number.isInteger(o.end) && (o.start as number) >= 0 && (o.end as number) >= (o.start as number);
};
/** The position the extractor stored on a locator (extractor 1.2.0 on), with what it counts in. */
function storedOf(loc: Record<string, unknown>): (Stored & { in: 'snapshot' | 'document_text' }) | undefined {
  if (!isSpan(loc.pos)) return undefined;
  return {
    pos: loc.pos, in: loc.posIn === 'document_text' ? 'document_text' : 'snapshot',
    ...(isSpan(loc.sentencePos) ? { sentencePos: loc.sentencePos } : {}),
    ...(typeof loc.path === 'string' ? { path: loc.path } : {}),
  };
}


export type SourceView = Located & { isHtml: boolean; contentType: string | null };

/** The snapshot with a metric's value (or a search term) marked; null when the snapshot is not stored. */
export function locateInSnapshot(db: DB, store: SnapshotStore, sha: string, metricId: number | null, term: string | null): SourceView | null {
  const info = db.prepare(`SELECT s.sha256, s.content_type,
      (SELECT r.charset FROM records r WHERE r.snapshot_sha256 = s.sha256 ORDER BY r.id DESC LIMIT 1) AS charset,
      (SELECT r.document_id FROM records r WHERE r.snapshot_sha256 = s.sha256 ORDER BY r.id DESC LIMIT 1) AS document_id
    FROM snapshots s WHERE s.sha256 = ?`).get(sha) as { content_type: string | null; charset: string | null; document_id: number | null } | undefined;
  if (!info || !store.has(sha)) return null;
  const m = metricId !== null ? db.prepare('SELECT id, raw, locator_json FROM metrics WHERE id = ?').get(metricId) as Pick<MetricRef, 'locator_json' | 'raw'> | undefined : undefined;
  const target: Target | null = m ? targetOf(m) : term ? { type: 'text', text: term } : null;
  const stored = target && target.type !== 'text' ? (target.stored as (Stored & { in?: string }) | undefined) : undefined;
  const attachment = /pdf|word|excel|spreadsheet|msword|officedocument/i.test(info.content_type ?? '') || stored?.in === 'document_text';
  const dec = attachment ? null : decodeBody(store.get(sha), info.content_type, info.charset ?? undefined);
  if (dec && looksLikeHtml(dec.text, info.content_type)) {
    return { ...locate(dec.text, target), isHtml: true, contentType: info.content_type };
  }
  // A text page: its decoded text, which its positions count in.
  if (dec && stored) {
    const res = locateInText(dec.text, target, 'the snapshot text');
    return { ...res, isHtml: false, contentType: info.content_type };
  }
  // An attachment: the text the extractor read from it, as its document's text (documents/text.ts), which
  // its positions count in; without a stored position a table value is looked up by its printed text.
  const doc = info.document_id !== null ? db.prepare('SELECT main_text FROM documents WHERE id = ?').get(info.document_id) as { main_text: string } | undefined : undefined;
  const res = locateInText(documentText(doc?.main_text ?? ''), stored?.in === 'document_text' ? target : target && target.type !== 'text' ? { ...target, stored: undefined } as Target : target, 'the text read from the file');
  return { ...res, how: `${res.how} (in the text read from the ${info.content_type ?? 'file'}; the original file is /snapshot/${sha}/raw)`, isHtml: false, contentType: info.content_type };
}

export interface ShownValue {
  report_id: string; key: string; value: number | null; unit: string | null; raw: string | null; flags: string; source_type: string;
  locator: Record<string, unknown>; url: string | null; snapshot_sha256: string;
  found: boolean; how: string; path: string | null; offsets: [number, number] | null;
  /** the value's range in the decoded snapshot text (or, for an attachment, its main text) */
  source: [number, number] | null;
  /** whether the position is the one the extractor stored (false: found at view time) */
  stored: boolean;
  before: string; text: string; after: string;
}

/** A report's value with the page text around it (for `ogi show`). `key` may also be a metric id. */
export function showValue(db: DB, store: SnapshotStore, reportId: string, key: string, context = 120): ShownValue {
  const rr = db.prepare('SELECT report_id, record_id, url, snapshot_sha256 FROM report_records WHERE report_id = ?').get(reportId) as { report_id: string; record_id: number; url: string | null; snapshot_sha256: string } | undefined;
  if (!rr) throw new Error(`show: no report "${reportId}" (see \`ogi query "SELECT report_id FROM report_records"\`)`);
  const m = db.prepare('SELECT id, key, value, unit, raw, flags, source_type, locator_json FROM metrics WHERE record_id = ? AND (key = ? OR CAST(id AS TEXT) = ?)').get(rr.record_id, key, key) as Omit<MetricRef, 'record_id' | 'snapshot_sha256'> | undefined;
  if (!m) throw new Error(`show: report "${reportId}" has no value "${key}" (see \`ogi query "SELECT key FROM report_metrics WHERE report_id = ?" "${reportId}"\`)`);
  const v = locateInSnapshot(db, store, rr.snapshot_sha256, m.id, null);
  let locator: Record<string, unknown> = {};
  try { locator = JSON.parse(m.locator_json) as Record<string, unknown>; } catch { /* kept as stored */ }
  const base = { report_id: rr.report_id, key: m.key, value: m.value, unit: m.unit, raw: m.raw, flags: m.flags, source_type: m.source_type, locator, url: rr.url, snapshot_sha256: rr.snapshot_sha256 };
  if (!v) return { ...base, found: false, how: `snapshot ${rr.snapshot_sha256} is not in the store`, path: null, offsets: null, source: null, stored: false, before: '', text: '', after: '' };
  const [a, b] = v.offsets ?? [0, 0];
  const squeeze = (s: string) => s.replace(/\s+/g, ' ');
  return {
    ...base, found: v.found, how: v.how, path: v.path, offsets: v.offsets, source: v.source, stored: v.stored,
    before: v.offsets ? squeeze(v.pageText.slice(Math.max(0, a - context * 3), a)).slice(-context) : '',
    text: v.offsets ? v.pageText.slice(a, b) : '',
    after: v.offsets ? squeeze(v.pageText.slice(b, b + context * 3)).slice(0, context) : '',
  };
}
