import { describe, it, expect } from 'vitest';
import { Lane } from '../../src/util/lane.js';

describe('the low-priority lane', () => {
  it('hands out turns in order, one per turn of the event loop, so that timers and I/O due meanwhile run between them', async () => {
    const lane = new Lane();
    const order: string[] = [];
    const work = (name: string) => lane.turn().then(() => {
      order.push(name);
      const end = Date.now() + 5;
      while (Date.now() < end) { /* a piece of heavy work */ }
    });
    const all = Promise.all(['a', 'b', 'c', 'd'].map(work));
    setTimeout(() => order.push('timer'), 1); // due while the first piece runs
    await all;
    expect(order.filter((x) => x !== 'timer')).toEqual(['a', 'b', 'c', 'd']);
    // the timer did not wait for the whole burst
    expect(order.indexOf('timer')).toBeGreaterThan(0);
    expect(order.indexOf('timer')).toBeLessThan(3);
  });
});
