// Owns a low-priority lane on the event loop. Work that can wait a moment (parsing a page,
// writing its rows) queues here and runs one piece per turn of the loop, after that turn's
// timers and socket events. Those events decide every host's politeness timing (a host's
// next request is due d ms after its last response ended), so a burst of pages finishing
// together must not hold them up.
export class Lane {
  private queue: Array<() => void> = [];
  private scheduled = false;

  /** Resolves when it is this caller's turn: at most one turn is handed out per loop iteration. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.queue.shift()?.();
      this.schedule();
    });
  }
}
