// Owns per-host politeness: one request at a time per host, and a minimum gap between the end
// of one request and the start of the next (the site's delay, raised by robots.txt
// Crawl-delay), pushed back further by Retry-After.
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface HostState { busy: Promise<void>; lastEnd: number; delayMs: number; notBefore: number }

export class HostClock {
  private hosts = new Map<string, HostState>();
  /** Largest observed violation (should stay 0); exposed for tests and benchmarks. */
  constructor(private defaultDelayMs: number, private now: () => number = Date.now) {}

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) { s = { busy: Promise.resolve(), lastEnd: -Infinity, delayMs: this.defaultDelayMs, notBefore: 0 }; this.hosts.set(host, s); }
    return s;
  }

  /** Sets the gap for a host; never lowers it below what was set before in this run. */
  setDelay(host: string, ms: number): void {
    const s = this.state(host);
    s.delayMs = Math.max(s.delayMs, ms);
  }

  delayOf(host: string): number {
    return this.state(host).delayMs;
  }

  /** No request to the host before this time (Retry-After, backoff). */
  holdUntil(host: string, time: number): void {
    const s = this.state(host);
    s.notBefore = Math.max(s.notBefore, time);
  }

  /** Waits for the host's turn; the returned function must be called when the response is complete. */
  async acquire(host: string): Promise<() => void> {
    const s = this.state(host);
    let release!: () => void;
    const prev = s.busy;
    s.busy = new Promise<void>((r) => { release = r; });
    await prev;
    for (;;) {
      const wait = Math.max(s.lastEnd + s.delayMs, s.notBefore) - this.now();
      if (wait <= 0) break;
      await sleep(wait);
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      s.lastEnd = this.now();
      release();
    };
  }
}
