// Owns a low-priority lane on the event loop. Work that can wait a moment queues here and runs
// in a turn of the loop of its own, after that turn's timers and socket events. Those events
// decide every host's politeness timing (a host's next request is due d ms after its last
// response ended), so a burst of pages finishing together must not hold them up. Within the
// lane, `soon` work (reading a list page for the links its host's next request needs) goes
// before `later` work (reading reports, writing rows).
//
// A turn runs queued work until its time budget is spent (always at least one piece): one piece
// per turn let 200 list pages that arrived together wait up to half a second behind each other
// (every loop turn of a busy crawl takes a few ms), and each such wait delays that host's whole
// chain of requests.
export type Urgency = 'soon' | 'later';

interface Piece { run: () => void }

export class Lane {
  private queues: Record<Urgency, Piece[]> = { soon: [], later: [] };
  private scheduled = false;

  /**
   * `perTurn`: at most this many pieces per turn; `budgetMs`: a turn stops handing out pieces
   * once it has run this long. The defaults give one piece per turn.
   */
  constructor(private perTurn = 1, private budgetMs = Infinity) {}

  /** Resolves when it is this caller's turn (the caller's own work then runs in that turn's microtasks, outside the budget). */
  turn(urgency: Urgency = 'soon'): Promise<void> {
    return this.run(urgency, () => undefined);
  }

  /** Runs `fn` in a turn of the lane; its time counts against the turn's budget. */
  run<T>(urgency: Urgency, fn: () => T): Promise<Awaited<T>> {
    return new Promise<Awaited<T>>((resolve, reject) => {
      this.queues[urgency].push({ run: () => { try { resolve(fn() as Awaited<T>); } catch (e) { reject(e); } } });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || (this.queues.soon.length === 0 && this.queues.later.length === 0)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const t0 = performance.now();
      for (let i = 0; i < this.perTurn; i++) {
        const piece = this.queues.soon.shift() ?? this.queues.later.shift();
        if (!piece) break;
        piece.run();
        if (performance.now() - t0 >= this.budgetMs) break;
      }
      this.schedule();
    });
  }
}
