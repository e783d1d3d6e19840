// Owns a low-priority lane on the event loop. Work that can wait a moment queues here and runs
// one piece per turn of the loop, after that turn's timers and socket events. Those events
// decide every host's politeness timing (a host's next request is due d ms after its last
// response ended), so a burst of pages finishing together must not hold them up. (Handing out
// several pieces per turn, in slices of a few ms, measured worse.) Within the lane, `soon` work
// (reading a page for the links its host's next request needs) goes before `later` work
// (writing the rows of pages already read).
export type Urgency = 'soon' | 'later';

export class Lane {
  private queues: Record<Urgency, Array<() => void>> = { soon: [], later: [] };
  private scheduled = false;
  /** `perTurn`: how many waiting callers one turn of the loop releases (1 unless a lane of small, many pieces asks for more). */
  constructor(private perTurn = 1) {}

  /** Resolves when it is this caller's turn: at most one turn is handed out per loop iteration. */
  turn(urgency: Urgency = 'soon'): Promise<void> {
    return new Promise((resolve) => {
      this.queues[urgency].push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || (this.queues.soon.length === 0 && this.queues.later.length === 0)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (let i = 0; i < this.perTurn; i++) (this.queues.soon.shift() ?? this.queues.later.shift())?.();
      this.schedule();
    });
  }
}
