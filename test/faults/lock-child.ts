// One contender of the lock race in test/faults/lock.test.ts: on each "go" message it waits
// for the given instant (so both contenders start within a millisecond), tries the lock and
// reports whether it won; a winner holds the lock until told to release it.
import { acquireLock, LockHeldError, type Lock } from '../../src/frontier/lock.js';

let held: Lock | null = null;
process.on('message', (m: { go?: { dir: string; at: number }; release?: boolean; exit?: boolean }) => {
  if (m.go) {
    while (Date.now() < m.go.at) { /* spin to the start instant */ }
    try {
      held = acquireLock(m.go.dir);
      process.send!({ won: true, pid: process.pid, tookOver: held.tookOver });
    } catch (e) {
      process.send!({ won: false, pid: process.pid, holder: e instanceof LockHeldError ? e.pid : null, error: (e as Error).message });
    }
  } else if (m.release) {
    held?.release();
    held = null;
    process.send!({ released: true });
  } else if (m.exit) process.exit(0);
});
process.send!({ ready: true });
