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
});
