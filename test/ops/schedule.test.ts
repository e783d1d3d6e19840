import { describe, it, expect } from 'vitest';
import { nextRunAt } from '../../src/cli/commands/schedule.js';
import { listsDue, scheduleOf } from '../../src/frontier/calendar.js';
import { looksLikeTrap } from '../../src/crawl/crawler.js';
import { canonicalUrl } from '../../src/frontier/url.js';
import { loadGlobalConfig } from '../../src/config/load.js';
import { shippedSites } from '../helpers/crawl.js';

describe('the schedule and the calendar', () => {
  it('runs next at the given local time, today or tomorrow', () => {
    const from = new Date(2025, 0, 10, 1, 0, 0);
    expect(nextRunAt('01:30', from)).toEqual(new Date(2025, 0, 10, 1, 30, 0));
    expect(nextRunAt('00:59', from)).toEqual(new Date(2025, 0, 11, 0, 59, 0));
    expect(() => nextRunAt('25:00', from)).toThrow(/HH:MM/);
  });

  it('reads lists nightly in the publishing season and weekly otherwise', () => {
    const site = shippedSites(['panan'])[0];
    const sched = scheduleOf(site, loadGlobalConfig());
    const fakeDb = (last: string | null) => ({ prepare: () => ({ get: () => ({ t: last }) }) }) as never;
    expect(listsDue(fakeDb(null), site, sched, new Date('2025-06-10T00:00:00Z')).due).toBe(true);
    expect(listsDue(fakeDb('2025-03-09T01:00:00Z'), site, sched, new Date('2025-03-10T01:00:00Z')).due).toBe(true);
    expect(listsDue(fakeDb('2025-06-09T01:00:00Z'), site, sched, new Date('2025-06-10T01:00:00Z')).due).toBe(false);
    expect(listsDue(fakeDb('2025-06-03T01:00:00Z'), site, sched, new Date('2025-06-10T01:00:00Z')).due).toBe(true);
  });

  it('makes one URL of one page and refuses crawler traps', () => {
    expect(canonicalUrl('HTTP://WWW.Example.gov.cn:80/a/b.html?utm_source=x&id=3#top')).toBe('http://www.example.gov.cn/a/b.html?id=3');
    expect(canonicalUrl('javascript:void(0)')).toBeNull();
    expect(looksLikeTrap('http://x.gov.cn/a/b/a/b/a/b/index.html')).toBe(true);
    expect(looksLikeTrap('http://x.gov.cn/cal?year=1066')).toBe(true);
    expect(looksLikeTrap('http://x.gov.cn/col/col123/index.html?year=2021')).toBe(false);
  });
});
