// Owns what a person sees during a crawl on a terminal: a bar per site and an overall bar with
// counts and the time spent (cli-progress). No estimate of the time left: a site's total grows
// as its lists are read, so any estimate would be wrong. The bars are cleared when the crawl
// ends, leaving the terminal to the summary; the log goes to a file meanwhile (crawl.ts), so
// nothing else writes between frames. Off a terminal nothing is drawn: the JSON log says it all.
import cliProgress from 'cli-progress';

export interface Progress { update(e: { siteId: string; done: number; queued: number; outcome: string }): void; stop(): void }

export function createProgress(enabled: boolean, siteIds: string[]): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const bars = new cliProgress.MultiBar({
    clearOnComplete: true, stopOnComplete: false, hideCursor: true, barsize: 20, linewrap: false,
    format: ' {site} [{bar}] {value}/{total} pages  {duration_formatted}  {last}',
  }, cliProgress.Presets.shades_classic);
  const totalBar = bars.create(siteIds.length, 0, { site: 'all sites'.padEnd(12), last: '' });
  const per = new Map(siteIds.map((id) => [id, bars.create(1, 0, { site: id.padEnd(12), last: '' })]));
  const state = new Map<string, { done: number; queued: number }>();
  let stopped = false;
  return {
    update(e) {
      const b = per.get(e.siteId);
      if (!b || stopped) return;
      state.set(e.siteId, { done: e.done, queued: e.queued });
      b.setTotal(Math.max(e.queued, 1));
      b.update(e.done, { last: e.outcome });
      let done = 0, queued = 0;
      for (const s of state.values()) { done += s.done; queued += s.queued; }
      totalBar.setTotal(Math.max(queued, 1));
      totalBar.update(done, { last: `${state.size}/${siteIds.length} sites started` });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bars.stop();
    },
  };
}
