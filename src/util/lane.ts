// Owns a low-priority lane on the event loop. Work that can wait a moment queues here and runs
// in a turn of the loop of its own, after that turn's timers and socket events. Those events
// decide every host's politeness timing (a host's next request is due d ms after its last
// response ended), so a burst of pages finishing together must not hold them up. (Handing out
// several pieces per turn, in slices of a few ms, measured worse.) Within the lane, `soon` work
// (reading a list page for the links its host's next request needs) goes before `later` work
// (reading reports, writing rows). Such a piece must be cheap: 200 list pages that arrive
// together wait behind each other, and each wait delays that host's whole chain of requests
// (links are read in one streaming pass for that reason, crawlers/links.ts).
export type Urgency = 'soon' | 'later';

interface Piece { run: () => void }

export class Lane {
  private queues: Record<Urgency, Piece[]> = { soon: [], later: [] };
  private scheduled = false;

  /** `perTurn`: how many pieces one turn of the loop runs (1 unless a lane of small, many pieces asks for more). */
  constructor(private perTurn = 1) {}

  /** Resolves when it is this caller's turn (the caller's own work then runs in that turn's microtasks). */
  turn(urgency: Urgency = 'soon'): Promise<void> {
    return this.run(urgency, () => undefined);
  }

  /** Runs `fn` in a turn of the lane and resolves with what it returns (or rejects with what it throws). */
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
      for (let i = 0; i < this.perTurn; i++) {
        const piece = this.queues.soon.shift() ?? this.queues.later.shift();
        if (!piece) break;
        piece.run();
      }
      this.schedule();
    });
  }
}
