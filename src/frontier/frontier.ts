// Owns a run's frontier: which requests were discovered, in what order, and which are still
// pending. The archive's `frontier` table is the durable copy (its rows go through the crawl's
// sink, a fetch's state change in the same transaction as the fetch), so a killed run continues
// from it; this process keeps the same state in memory so that handing out the next request and
// counting a site's requests cost no query on the crawl's hot path.
import { statementCache, type DB } from '../archive/db.js';
import type { DiscoveredRequest } from '../../crawlers/types.js';
import { canonicalUrl, requestKey } from './url.js';
import type { RequestKind } from '../../crawlers/types.js';
import type { Sink, SinkOp } from '../store/sink.js';

export interface FrontierItem {
  run_id: number; key: string; site_id: string; url: string; method: 'GET' | 'POST'; body: string | null;
  kind: RequestKind; label: string | null; depth: number; parent_url: string | null; state: string; attempts: number; seq: number;
}

interface SiteQueue {
  /** Pending requests not yet handed out, in discovery order (`head` is the next one). */
  queue: FrontierItem[];
  head: number;
  /** Every request of the site still pending, handed out or not. */
  pending: Map<string, FrontierItem>;
  all: number;
}

export class Frontier {
  private seq = 0;
  private sql;
  /** Every request key of the run (keys are unique within a run, across sites), to deduplicate. */
  private keys = new Set<string>();
  /** The site queue of each request still pending (done ones are forgotten but for their key). */
  private pendingIn = new Map<string, SiteQueue>();
  private sites = new Map<string, SiteQueue>();
  constructor(db: DB, readonly runId: number, private sink: Sink) {
    this.sql = statementCache(db);
    // a continued run: every request it made so far, the pending ones queued again from the start
    for (const row of db.prepare('SELECT * FROM frontier WHERE run_id = ? ORDER BY seq').iterate(runId) as Iterable<FrontierItem>) {
      this.seq = Math.max(this.seq, row.seq);
      this.keys.add(row.key);
      const s = this.site(row.site_id);
      s.all++;
      if (row.state === 'pending') { s.queue.push(row); s.pending.set(row.key, row); this.pendingIn.set(row.key, s); }
    }
  }

  private site(siteId: string): SiteQueue {
    let s = this.sites.get(siteId);
    if (!s) { s = { queue: [], head: 0, pending: new Map(), all: 0 }; this.sites.set(siteId, s); }
    return s;
  }

  /** Adds requests (canonicalised, deduplicated); returns how many were new. */
  add(siteId: string, reqs: DiscoveredRequest[], parentUrl: string | null): number {
    let added = 0;
    const s = this.site(siteId);
    const ops: SinkOp[] = [];
    for (const r of reqs) {
      const url = canonicalUrl(r.url);
      if (!url) continue;
      const method = r.method ?? 'GET';
      const key = requestKey(method, url, r.body);
      if (this.keys.has(key)) continue;
      const item: FrontierItem = {
        run_id: this.runId, key, site_id: siteId, url, method, body: r.body ?? null, kind: r.kind, label: r.label ?? null,
        depth: r.depth ?? 0, parent_url: parentUrl, state: 'pending', attempts: 0, seq: this.seq + 1,
      };
      ops.push({ t: 'frontier.add', row: { run_id: item.run_id, key, site_id: siteId, url, method, body: item.body, kind: item.kind, label: item.label, depth: item.depth, parent_url: parentUrl, seq: item.seq } });
      this.seq++;
      added++;
      this.keys.add(key);
      s.all++;
      s.queue.push(item);
      s.pending.set(key, item);
      this.pendingIn.set(key, s);
    }
    this.sink.apply(ops);
    return added;
  }

  countFor(siteId: string): number {
    return this.sites.get(siteId)?.all ?? 0;
  }

  /**
   * The next pending request of a site in discovery order. A request handed out stays pending
   * until its fetch is stored (which may finish after later requests have started); it is not
   * handed out again in this process, and a continued run starts from the first pending one.
   */
  next(siteId: string): FrontierItem | undefined {
    const s = this.sites.get(siteId);
    if (!s) return undefined;
    while (s.head < s.queue.length) {
      const item = s.queue[s.head++];
      if (s.pending.has(item.key)) {
        if (s.head > 1024 && s.head * 2 > s.queue.length) { s.queue = s.queue.slice(s.head); s.head = 0; }
        return item;
      }
    }
    return undefined;
  }

  /** Marks a site's pending requests (of the given kinds, or all) skipped; returns how many. */
  skipPending(siteId: string, kinds?: string[]): number {
    let n = 0;
    const s = this.sites.get(siteId);
    if (s) {
      for (const [key, item] of s.pending) {
        if (kinds && !kinds.includes(item.kind)) continue;
        s.pending.delete(key);
        this.pendingIn.delete(key);
        n++;
      }
    }
    this.sink.apply([{ t: 'frontier.skip', runId: this.runId, siteId, kinds: kinds ?? null }]);
    return n;
  }

  setState(key: string, state: 'done' | 'failed' | 'skipped' | 'fresh' | 'pending', attempts?: number): void {
    this.sink.apply([this.stateOp(key, state, attempts)]);
  }

  /** The state change as an op, for the caller to put in a fetch's transaction; the change is made in memory now. */
  stateOp(key: string, state: 'done' | 'failed' | 'skipped' | 'fresh' | 'pending', attempts?: number): SinkOp {
    if (state !== 'pending') { // one that stays (or becomes again) pending is not handed out again in this process
      this.pendingIn.get(key)?.pending.delete(key);
      this.pendingIn.delete(key);
    }
    return { t: 'frontier.state', runId: this.runId, key, state, attempts: attempts ?? null };
  }

  /** Empties the queue of a finished run (once its sink is closed). */
  clear(): void {
    this.sql('DELETE FROM frontier WHERE run_id = ?').run(this.runId);
    this.keys.clear();
    this.pendingIn.clear();
    this.sites.clear();
  }

  doneCount(siteId: string): number {
    const s = this.sites.get(siteId);
    return s ? s.all - s.pending.size : 0;
  }
}
