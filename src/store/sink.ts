// Owns where a crawl's archive writes go. The crawl describes each write as data (a `SinkOp`:
// a frontier row, a site counter, a fetch with its body) and hands it to a sink. The
// `ArchiveSink` here applies them on the calling thread: it writes the snapshot file, then the
// rows in the group commit of the run. `ThreadSink` (sinkThread.ts) sends the same ops to a
// thread with its own connection that runs this very class, so that the event loop that keeps
// every host's timing does no SQLite and no file writing. Either way a fetch's rows and the
// frontier/site updates that go with it share one transaction, written after the body is durable.
import { statementCache, type DB } from '../archive/db.js';
import type { Attempted } from '../fetch/polite.js';
import type { Lane } from '../util/lane.js';
import { RunSites, type Counter } from '../crawl/runSites.js';
import { Recorder, type FetchRow } from './record.js';
import { SnapshotStore } from './snapshots.js';
import { CommitWindow } from './commitWindow.js';

/** A frontier row as the `frontier` table holds it. */
export interface FrontierRow {
  run_id: number; key: string; site_id: string; url: string; method: string; body: string | null;
  kind: string; label: string | null; depth: number; parent_url: string | null; seq: number;
}

export type SinkOp =
  | { t: 'frontier.add'; row: FrontierRow }
  | { t: 'frontier.state'; runId: number; key: string; state: string; attempts: number | null }
  | { t: 'frontier.skip'; runId: number; siteId: string; kinds: string[] | null }
  | { t: 'site.start'; siteId: string; at: string }
  | { t: 'site.bump'; siteId: string; counter: Counter; by: number }
  | { t: 'site.links'; siteId: string; links: number }
  | { t: 'site.finish'; siteId: string; status: string; error: string | null; at: string };

/** One fetch to record: its row, its body (stored first), and the ops that go in its transaction. */
export interface FetchRecord {
  row: FetchRow;
  /** The body to store as a snapshot (ok and blocked responses); its hash becomes the row's snapshot unless `blocked`. */
  body: Uint8Array | null;
  blocked: boolean;
  contentType: string | null; charset: string | null; charsetSource: string | null;
  after: SinkOp[];
}

/** What a crawl needs of a sink. */
export interface Sink {
  /** Applies ops in order (in the open group commit). */
  apply(ops: SinkOp[]): void;
  /** Stores a fetch's body, then its rows and `after` ops atomically; resolves once they are in the group commit. */
  record(r: FetchRecord): Promise<void>;
  /** Commits everything handed over so far (the caller then reads it on its own connection). */
  flush(): Promise<void>;
  /** Commits and stops. */
  close(): Promise<void>;
}

/** The sink that writes on the thread it runs on: the crawl's own (tests, in-memory archives) or the sink thread's. */
export class ArchiveSink implements Sink {
  readonly recorder: Recorder;
  readonly commits: CommitWindow;
  private runSites: RunSites;
  private sql;
  private lane?: Lane;
  private inFlight = new Set<Promise<void>>();

  constructor(db: DB, storageDir: string, runId: number, opts: { lane?: Lane; commitMs: number; inlineMaxBytes?: number }) {
    this.sql = statementCache(db);
    this.recorder = new Recorder(db, new SnapshotStore(storageDir, db, { inlineMaxBytes: opts.inlineMaxBytes }));
    this.commits = new CommitWindow(db, (ok) => (ok ? this.recorder.committed() : this.recorder.rolledBack()), opts.commitMs);
    this.runSites = new RunSites(db, runId);
    this.lane = opts.lane;
  }

  apply(ops: SinkOp[]): void {
    if (!ops.length) return;
    this.commits.open();
    for (const op of ops) this.applyOne(op);
  }

  private applyOne(op: SinkOp): void {
    switch (op.t) {
      case 'frontier.add': this.sql(`INSERT OR IGNORE INTO frontier(run_id, key, site_id, url, method, body, kind, label, depth, parent_url, seq)
        VALUES (@run_id, @key, @site_id, @url, @method, @body, @kind, @label, @depth, @parent_url, @seq)`).run(op.row); break;
      case 'frontier.state': this.sql('UPDATE frontier SET state = ?, attempts = COALESCE(?, attempts) WHERE run_id = ? AND key = ?').run(op.state, op.attempts, op.runId, op.key); break;
      case 'frontier.skip': {
        const kindSql = op.kinds ? ` AND kind IN (${op.kinds.map(() => '?').join(', ')})` : '';
        this.sql(`UPDATE frontier SET state = 'skipped' WHERE run_id = ? AND site_id = ? AND state = 'pending'${kindSql}`).run(op.runId, op.siteId, ...(op.kinds ?? []));
        break;
      }
      case 'site.start': this.runSites.start(op.siteId, new Date(op.at)); break;
      case 'site.bump': this.runSites.bump(op.siteId, op.counter, op.by); break;
      case 'site.links': this.runSites.addLinks(op.siteId, op.links); break;
      case 'site.finish': this.runSites.finish(op.siteId, op.status, op.error, new Date(op.at)); break;
    }
  }

  record(r: FetchRecord): Promise<void> {
    const p = this.recordNow(r);
    const tracked = p.catch(() => {}).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return p;
  }

  private async recordNow(r: FetchRecord): Promise<void> {
    let snap = null;
    let sha = r.row.snapshotSha256;
    if (r.body) {
      const bytes = Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength);
      // a blocked page's body is kept (as a file) for whoever looks into why, but no row holds it
      const put = await this.recorder.putBody(bytes, { inline: !r.blocked });
      if (!r.blocked) {
        sha = put.sha256;
        snap = { sha256: put.sha256, path: put.path, size: bytes.length, contentType: r.contentType, charset: r.charset, charsetSource: r.charsetSource, ...(put.inline ? { inlineBody: bytes } : {}) };
      }
    }
    await this.lane?.turn('later');
    this.commits.open();
    this.recorder.record({ ...r.row, snapshotSha256: r.blocked ? null : sha }, snap, () => { for (const op of r.after) this.applyOne(op); });
  }

  async flush(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight);
    this.commits.close();
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

/** The parts of an attempted fetch a record keeps (the body travels apart, as bytes). */
export function attemptForRecord(att: Attempted): Attempted {
  return { ...att, result: { ...att.result, body: null, bodyLength: att.result.body?.length ?? null } as Attempted['result'] };
}
