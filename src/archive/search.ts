// Owns full-text search over report texts (`ogi search`): terms of 3+ characters go through
// the FTS5 trigram index `documents_fts` (each term a quoted phrase, hits marked by
// highlight()); 1–2 character terms, which a trigram index cannot answer, are found with
// instr() over documents.main_text. Every term must occur. A term is also tried in the
// archive's normalised form (simplified characters, half-width digits), like the texts.
// Each hit is a document that a current report record points to, with its issuer, year,
// URL(s), version and a snippet cut around the first hit.
import type { DB } from './db.js';
import { normalizeText } from '../extract/normalize.js';

export interface SearchOptions { limit?: number; context?: number }

export interface SearchHit {
  document_id: number;
  issuer: string | null;
  year: number | null;
  title: string | null;
  region: string | null;
  site_id: string | null;
  url: string | null;
  urls: string[];
  version: number | null;
  versions: number | null;
  is_current: boolean | null;
  /** The text around the first hit, whitespace collapsed. */
  snippet: string;
  /** [start, end) offsets (JavaScript string indices) of the hits inside the snippet. */
  highlights: Array<[number, number]>;
}

export interface SearchResult { mode: 'fts' | 'substring' | 'fts+substring'; total: number; hits: SearchHit[] }

const MARK_OPEN = '\u0001';
const MARK_CLOSE = '\u0002';

/** The forms a term is searched in: as typed and normalised like the archive's texts. */
export function termVariants(term: string): string[] {
  const t = term.trim();
  const n = normalizeText(t, true).trim();
  return [...new Set([t, n].filter((x) => x.length > 0))];
}

const cpLen = (s: string) => Array.from(s).length;

/** An FTS5 phrase: the term in double quotes, quotes inside doubled (no operator can leak). */
export function ftsPhrase(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

interface Plan { match: string | null; instr: string[][]; all: string[] }

function plan(terms: string[]): Plan {
  const long: string[] = [];
  const instr: string[][] = [];
  const all: string[] = [];
  for (const term of terms) {
    const vs = termVariants(term);
    if (!vs.length) continue;
    all.push(...vs);
    if (vs.every((v) => cpLen(v) >= 3)) long.push(`(${vs.map(ftsPhrase).join(' OR ')})`);
    else instr.push(vs);
  }
  return { match: long.length ? long.join(' AND ') : null, instr, all };
}

/** Merges overlapping [start, end) ranges. */
function mergeRanges(rs: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...rs].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Every occurrence of the strings in the text, as ranges. */
export function findAll(text: string, needles: string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const n of needles) {
    if (!n) continue;
    for (let i = text.indexOf(n); i >= 0; i = text.indexOf(n, i + 1)) out.push([i, i + n.length]);
  }
  return out;
}

/** Ranges marked by highlight() with MARK_OPEN/MARK_CLOSE, and the text without the marks. */
export function parseMarks(marked: string): { text: string; ranges: Array<[number, number]> } {
  let text = '';
  const ranges: Array<[number, number]> = [];
  let open = -1;
  for (const ch of marked) {
    if (ch === MARK_OPEN) open = text.length;
    else if (ch === MARK_CLOSE) { if (open >= 0) ranges.push([open, text.length]); open = -1; }
    else text += ch;
  }
  return { text, ranges };
}

/**
 * The text around the first range: `context` characters each side (extended so that no
 * surrogate pair is cut), whitespace runs collapsed to one space, "…" where text was cut;
 * the ranges that fall inside, re-based on the snippet.
 */
export function cutSnippet(text: string, ranges: Array<[number, number]>, context = 40): { snippet: string; highlights: Array<[number, number]> } {
  const rs = mergeRanges(ranges);
  const first = rs[0] ?? [0, 0];
  let start = Math.max(0, first[0] - context);
  let end = Math.min(text.length, first[1] + context);
  if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start--;
  if (end < text.length && /[\udc00-\udfff]/.test(text[end])) end++;
  let out = start > 0 ? '…' : '';
  const pos = new Array<number>(end - start + 1);
  let inSpace = false;
  for (let i = start; i < end; i++) {
    pos[i - start] = out.length;
    const ch = text[i];
    if (/\s/.test(ch)) {
      if (!inSpace) out += ' ';
      inSpace = true;
    } else {
      out += ch;
      inSpace = false;
    }
  }
  pos[end - start] = out.length;
  if (end < text.length) out += '…';
  const highlights: Array<[number, number]> = [];
  for (const [a, b] of rs) {
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    if (s < e) highlights.push([pos[s - start], pos[e - start]]);
  }
  return { snippet: out, highlights };
}

/** Searches the current reports' texts for documents containing every term. */
export function searchReports(db: DB, terms: string[], opts: SearchOptions = {}): SearchResult {
  const limit = Math.max(1, Math.floor(opts.limit ?? 20));
  const p = plan(terms);
  if (!p.all.length) throw new Error('search: nothing to search for');
  const isReport = `EXISTS (SELECT 1 FROM current_records cr WHERE cr.document_id = d.id AND cr.kind = 'report')`;
  const instrSql = p.instr.map((vs) => `(${vs.map(() => 'instr(d.main_text, ?) > 0').join(' OR ')})`);
  const instrParams = p.instr.flat();
  let ids: number[];
  let total: number;
  if (p.match !== null) {
    const where = [`documents_fts MATCH ?`, ...instrSql, isReport].join(' AND ');
    const from = `FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid WHERE ${where}`;
    try {
      total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(p.match, ...instrParams) as { n: number }).n;
      ids = (db.prepare(`SELECT d.id ${from} ORDER BY documents_fts.rank, d.id LIMIT ?`).all(p.match, ...instrParams, limit) as Array<{ id: number }>).map((r) => r.id);
    } catch (e) {
      throw new Error(`search: ${(e as Error).message}`);
    }
  } else {
    // Rank by how often the first term occurs (length arithmetic counts occurrences).
    const first = p.instr[0][0];
    const where = [...instrSql, isReport].join(' AND ');
    total = (db.prepare(`SELECT COUNT(*) AS n FROM documents d WHERE ${where}`).get(...instrParams) as { n: number }).n;
    ids = (db.prepare(`SELECT d.id FROM documents d WHERE ${where}
      ORDER BY (length(d.main_text) - length(replace(d.main_text, ?, ''))) / length(?) DESC, d.id LIMIT ?`)
      .all(...instrParams, first, first, limit) as Array<{ id: number }>).map((r) => r.id);
  }

  const q = {
    marked: db.prepare(`SELECT highlight(documents_fts, 0, char(1), char(2)) AS h FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?`),
    text: db.prepare('SELECT main_text FROM documents WHERE id = ?'),
    rec: db.prepare(`SELECT issuer, year, title, region, site_id, url FROM current_records WHERE document_id = ? AND kind = 'report' ORDER BY id DESC LIMIT 1`),
    urls: db.prepare(`SELECT DISTINCT url FROM current_records WHERE document_id = ? AND kind = 'report' AND url IS NOT NULL ORDER BY id DESC`),
    version: db.prepare(`SELECT version, versions, is_current FROM report_versions WHERE issuer = ? AND year = ? AND document_id = ?`),
  };
  const shortNeedles = p.instr.flat();
  const hits = ids.map((id): SearchHit => {
    let text: string;
    let ranges: Array<[number, number]>;
    if (p.match !== null) {
      // rowid bound as BigInt: a JS number is bound as REAL, and FTS5 then ignores `rowid = ?`
      // (it returned every match, so the first row was another document's text).
      const m = parseMarks((q.marked.get(p.match, BigInt(id)) as { h: string }).h);
      text = m.text;
      ranges = [...m.ranges, ...findAll(text, shortNeedles)];
    } else {
      text = (q.text.get(id) as { main_text: string }).main_text;
      ranges = findAll(text, shortNeedles);
    }
    const rec = q.rec.get(id) as { issuer: string | null; year: number | null; title: string | null; region: string | null; site_id: string | null; url: string | null } | undefined;
    const urls = (q.urls.all(id) as Array<{ url: string }>).map((r) => r.url);
    const v = rec?.issuer != null && rec.year != null
      ? q.version.get(rec.issuer, rec.year, id) as { version: number; versions: number; is_current: number } | undefined
      : undefined;
    return {
      document_id: id,
      issuer: rec?.issuer ?? null, year: rec?.year ?? null, title: rec?.title ?? null, region: rec?.region ?? null,
      site_id: rec?.site_id ?? null, url: rec?.url ?? urls[0] ?? null, urls,
      version: v?.version ?? null, versions: v?.versions ?? null, is_current: v ? !!v.is_current : null,
      ...cutSnippet(text, ranges, opts.context ?? 40),
    };
  });
  const mode = p.match === null ? 'substring' : p.instr.length ? 'fts+substring' : 'fts';
  return { mode, total, hits };
}

/** The snippet with its hits wrapped in the given marks. */
export function markSnippet(h: Pick<SearchHit, 'snippet' | 'highlights'>, open: string, close: string): string {
  let out = '';
  let at = 0;
  for (const [a, b] of h.highlights) {
    out += h.snippet.slice(at, a) + open + h.snippet.slice(a, b) + close;
    at = b;
  }
  return out + h.snippet.slice(at);
}
