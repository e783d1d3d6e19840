// Owns `ogi schema`: the archive's tables and views described for people, read from the SQL
// comments of src/archive/migrations/*.sql (the comment block right above a CREATE statement
// describes the table or view; a `-- …` comment at the end of a column line describes the
// column; a later migration's CREATE or ALTER TABLE … ADD COLUMN replaces or adds to an
// earlier one; ALTER TABLE … RENAME TO moves a rebuilt table into place). View columns come from the schema itself (PRAGMA table_info on a database
// with the migrations applied). Also the raw DDL as stored in sqlite_master.
import Database from 'better-sqlite3';
import { migrations, migrate, type DB } from './db.js';

export interface ColumnDoc { name: string; type: string; doc: string }
export interface ObjectDoc { name: string; kind: 'table' | 'view' | 'virtual table'; doc: string; migration: string; columns: ColumnDoc[]; sql: string }

// Derived view columns (computed in 003's views, which carry no per-column comments). A
// trailing `-- …` comment after `AS name` in a later migration's view takes precedence.
const DERIVED: Record<string, string> = {
  report_id: 'the issuer (its identity key) and the year, e.g. "安庆市人民政府 2022": one report',
  first_seen_at: 'when this version (text) was first fetched',
  record_id: 'a current record (records.id) of this report',
  snapshots: 'how many distinct snapshots (byte strings) carry this text',
  version: '1 = the first text seen for this issuer and year, 2 = the first revision …',
  versions: 'how many versions (distinct texts) the report has',
  is_current: '1 for the newest version',
  requests_received: 'metric requests.new_received.total',
  requests_carried_over: 'metric requests.carried_over.total',
  requests_granted: 'metric requests.granted.total',
  requests_partial: 'metric requests.partial.total',
  requests_processed: 'metric requests.processed.total',
  requests_carried_forward: 'metric requests.carried_forward.total',
  reconsiderations: 'metric review.reconsideration.total',
  reconsiderations_corrected: 'metric review.reconsideration.corrected',
  lawsuits: 'metric review.litigation.total, else litigation_direct.total + litigation_after_reconsideration.total',
  fees_yuan: 'metric fees.amount_yuan',
  failed_checks: 'how many checks of the record failed',
};

/** `… AS name, -- doc` comments inside a view definition. */
function inlineViewDocs(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sql.matchAll(/\bAS\s+(\w+)\s*,?\s*--\s*([^\n]+)/gi)) out.set(m[1], m[2].trim());
  return out;
}

const CONSTRAINT_WORDS = new Set(['PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK', 'CONSTRAINT']);
// Words that start a column constraint: a column declared without a type ("started_at NOT NULL") has none.
const COLUMN_CONSTRAINT_WORDS = new Set(['NOT', 'NULL', 'PRIMARY', 'UNIQUE', 'CHECK', 'DEFAULT', 'COLLATE', 'REFERENCES', 'GENERATED', 'AS', 'CONSTRAINT']);

interface Stmt { sql: string; comment: string; file: string }

/** Splits a migration into statements, each with the comment block directly above it. */
export function splitStatements(sql: string, file: string): Stmt[] {
  const out: Stmt[] = [];
  const lines = sql.split(/\r?\n/);
  let comment: string[] = [];
  let cur: string[] = [];
  let inTrigger = false;
  for (const line of lines) {
    const t = line.trim();
    if (!cur.length) {
      if (t.startsWith('--')) { comment.push(t.replace(/^--\s?/, '')); continue; }
      if (!t) { comment = []; continue; }
      inTrigger = /^CREATE\s+(TEMP\w*\s+)?TRIGGER\b/i.test(t);
    }
    cur.push(line);
    const code = line.replace(/--.*$/, '').trim();
    const ends = inTrigger ? /^END\s*;$/i.test(code) : code.endsWith(';');
    if (ends) {
      out.push({ sql: cur.join('\n'), comment: comment.join(' ').trim(), file });
      cur = [];
      comment = [];
    }
  }
  if (cur.length) out.push({ sql: cur.join('\n'), comment: comment.join(' ').trim(), file });
  return out;
}

function unquote(name: string): string {
  return name.replace(/^["`[]|["`\]]$/g, '');
}

/** Column lines of a CREATE TABLE body with their trailing comments. */
function tableColumns(sql: string): ColumnDoc[] {
  const open = sql.indexOf('(');
  if (open < 0) return [];
  const cols: ColumnDoc[] = [];
  for (const line of sql.slice(open + 1).split('\n')) {
    const ci = line.indexOf('--');
    const code = (ci >= 0 ? line.slice(0, ci) : line).trim();
    const doc = ci >= 0 ? line.slice(ci + 2).trim() : '';
    const m = /^(["`[]?[A-Za-z_][\w]*["`\]]?)\s*([A-Za-z]+)?/.exec(code);
    if (!m || CONSTRAINT_WORDS.has(m[1].toUpperCase())) {
      // a continued comment on its own line belongs to the column before it
      if (!code && doc && cols.length) cols[cols.length - 1].doc += ` ${doc}`;
      continue;
    }
    const type = (m[2] ?? '').toUpperCase();
    cols.push({ name: unquote(m[1]), type: COLUMN_CONSTRAINT_WORDS.has(type) ? '' : type, doc });
  }
  return cols;
}

/** Tables and views documented by the migrations, in the order they were first created. */
export function schemaDocs(): ObjectDoc[] {
  const objs = new Map<string, ObjectDoc>();
  const dropped = new Map<string, ObjectDoc>();
  for (const m of migrations()) {
    // The file's opening comment ("-- 005: per-site rows of …") describes its first object when that has no comment of its own.
    const header = /^\s*((?:--[^\n]*\n)+)/.exec(m.sql)?.[1].split('\n').map((l) => l.replace(/^--\s?/, '').trim()).filter(Boolean).join(' ').replace(/^\d+:\s*/, '') ?? '';
    let first = true;
    for (const st of splitStatements(m.sql, m.name)) {
      const code = st.sql.replace(/--[^\n]*/g, ' ');
      let r: RegExpExecArray | null;
      if ((r = /^\s*CREATE\s+(VIRTUAL\s+TABLE|TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(["`[]?\w+["`\]]?)/i.exec(code))) {
        const kind = r[1].toUpperCase().startsWith('VIRTUAL') ? 'virtual table' : r[1].toLowerCase() as 'table' | 'view';
        const name = unquote(r[2]);
        const prev = objs.get(name) ?? dropped.get(name);
        objs.delete(name);
        const doc = st.comment || prev?.doc || (first ? header : '');
        objs.set(name, { name, kind, doc, migration: st.file, columns: kind === 'table' ? tableColumns(st.sql) : [], sql: st.sql });
        first = false;
      } else if ((r = /^\s*ALTER\s+TABLE\s+(["`[]?\w+["`\]]?)\s+RENAME\s+TO\s+(["`[]?\w+["`\]]?)/i.exec(code))) {
        // a table rebuilt under a temporary name and renamed into place keeps the description of the table it replaces
        const from = unquote(r[1]), to = unquote(r[2]);
        const o = objs.get(from);
        if (o) { objs.delete(from); objs.set(to, { ...o, name: to, doc: (objs.get(to) ?? dropped.get(to))?.doc || o.doc }); }
      } else if ((r = /^\s*ALTER\s+TABLE\s+(["`[]?\w+["`\]]?)\s+ADD\s+(?:COLUMN\s+)?(["`[]?\w+["`\]]?)\s*([A-Za-z]+)?/i.exec(code))) {
        const o = objs.get(unquote(r[1]));
        const ci = st.sql.indexOf('--');
        if (o) o.columns.push({ name: unquote(r[2]), type: (r[3] ?? '').toUpperCase(), doc: ci >= 0 ? st.sql.slice(ci + 2).trim() : st.comment });
      } else if ((r = /^\s*DROP\s+(TABLE|VIEW)\s+(?:IF\s+EXISTS\s+)?(["`[]?\w+["`\]]?)/i.exec(code))) {
        const name = unquote(r[2]);
        const o = objs.get(name);
        if (o) dropped.set(name, o); // a view dropped to be redefined keeps its description
        objs.delete(name);
      }
    }
  }
  // The bookkeeping table db.ts creates outside the migrations.
  objs.set('schema_migrations', { name: 'schema_migrations', kind: 'table', doc: 'Which numbered migrations (src/archive/migrations/) have been applied, and when.', migration: 'src/archive/db.ts', sql: '',
    columns: [{ name: 'version', type: 'INTEGER', doc: 'the number the file name starts with' }, { name: 'name', type: 'TEXT', doc: 'the file name' }, { name: 'applied_at', type: 'TEXT', doc: 'ISO 8601 UTC' }] });
  // Columns of views and virtual tables from the schema itself; a view column named like a
  // column of a table or view it reads (first mentioned first) takes that column's description.
  const mem = new Database(':memory:');
  try {
    migrate(mem);
    for (const o of objs.values()) {
      if (o.kind === 'table') continue;
      const info = mem.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(o.name) as Array<{ name: string; type: string }>;
      const sql = (mem.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(o.name) as { sql: string } | undefined)?.sql ?? '';
      const sources = [...objs.values()].filter((t) => t !== o)
        .map((t) => ({ t, at: sql.search(new RegExp(`\\b${t.name}\\b`)) })).filter((x) => x.at >= 0).sort((a, b) => a.at - b.at).map((x) => x.t);
      const inline = inlineViewDocs(o.sql);
      o.columns = info.map((c) => ({
        name: c.name, type: c.type,
        doc: inline.get(c.name) ?? sources.map((t) => t.columns.find((tc) => tc.name === c.name)?.doc).find((d) => d) ?? DERIVED[c.name] ?? '',
      }));
    }
  } finally {
    mem.close();
  }
  return [...objs.values()];
}

/** Plain-text rendering: each table or view, what it holds, its columns and what they mean. */
export function formatSchema(docs: ObjectDoc[]): string {
  const out: string[] = [];
  for (const o of docs) {
    out.push(`${o.kind} ${o.name}  (${o.migration})`);
    if (o.doc) out.push(...wrap(o.doc, 92).map((l) => `  ${l}`));
    const w = Math.max(0, ...o.columns.map((c) => c.name.length));
    const tw = Math.max(0, ...o.columns.map((c) => c.type.length));
    for (const c of o.columns) out.push(`    ${c.name.padEnd(w)}  ${c.type.padEnd(tw)}  ${c.doc}`.trimEnd());
    out.push('');
  }
  return out.join('\n');
}

function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of s.split(/\s+/)) {
    if (cur && cur.length + 1 + word.length > width) { lines.push(cur); cur = word; } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** The DDL stored in the database (tables, views, indexes, triggers), FTS5 shadow tables left out. */
export function rawDdl(db: DB): string {
  const rows = db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid`).all() as Array<{ type: string; name: string; sql: string }>;
  const vtabs = rows.filter((r) => r.type === 'table' && /^CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql)).map((r) => r.name);
  const shadow = (n: string) => vtabs.some((v) => n.startsWith(`${v}_`) && /_(data|idx|content|docsize|config)$/.test(n));
  return rows.filter((r) => !shadow(r.name)).map((r) => `${r.sql};\n`).join('\n');
}
