import { describe, it, expect } from 'vitest';
import { Lane } from '../../src/util/lane.js';

const busy = (ms: number) => { const end = Date.now() + ms; while (Date.now() < end) { /* a piece of heavy work */ } };

describe('the low-priority lane', () => {
  it('hands out turns in order, one per turn of the event loop, so that timers due meanwhile run between them', async () => {
    const lane = new Lane();
    const order: string[] = [];
    const work = (name: string) => lane.turn().then(() => { order.push(name); busy(3); });
    const all = Promise.all(['a', 'b', 'c', 'd', 'e'].map(work));
    setTimeout(() => order.push('timer'), 1); // due while the first piece runs
    await all;
    expect(order.filter((x) => x !== 'timer')).toEqual(['a', 'b', 'c', 'd', 'e']);
    // the timer did not wait for the whole burst
    expect(order.indexOf('timer')).toBeGreaterThan(0);
    expect(order.indexOf('timer')).toBeLessThan(4);
  });

  it('gives reading a page (soon) its turn before writing rows (later), each in order', async () => {
    const lane = new Lane();
    const order: string[] = [];
    await Promise.all([
      lane.turn('later').then(() => order.push('row1')),
      lane.turn('later').then(() => order.push('row2')),
      lane.turn('soon').then(() => order.push('page1')),
      lane.turn('soon').then(() => order.push('page2')),
    ]);
    expect(order).toEqual(['page1', 'page2', 'row1', 'row2']);
  });

  it('runs a piece inside its turn and hands back its result or its error; n pieces a turn when asked', async () => {
    const lane = new Lane(3);
    const turns: number[] = [];
    let turn = 0, counting = true;
    const tick = () => { turn++; if (counting) setImmediate(tick); }; // once per turn of the loop
    setImmediate(tick);
    const results = await Promise.allSettled([
      lane.run('later', () => { turns.push(turn); return 'a'; }),
      lane.run('later', () => { turns.push(turn); throw new Error('broken page'); }),
      lane.run('soon', () => { turns.push(turn); return Promise.resolve(42); }),
      lane.run('later', () => { turns.push(turn); return 'd'; }),
    ]);
    counting = false;
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a', 'broken page', 42, 'd']);
    // the soon piece first, then the first two later ones in the same turn; the fourth in a later turn
    expect(turns[0]).toBe(turns[1]);
    expect(turns[1]).toBe(turns[2]);
    expect(turns[3]).toBeGreaterThan(turns[2]);
  });
});
