// Owns what a person sees during a crawl: a progress bar per run on a terminal (cli-progress),
// nothing extra when output is not a terminal (the structured log says it all).
import cliProgress from 'cli-progress';

export interface Progress { update(e: { siteId: string; done: number; queued: number; outcome: string }): void; stop(): void }

export function createProgress(enabled: boolean, siteIds: string[]): Progress {
  if (!enabled) return { update() {}, stop() {} };
  const bars = new cliProgress.MultiBar({ clearOnComplete: false, hideCursor: true, format: ' {site} [{bar}] {value}/{total} {last}', barsize: 24 }, cliProgress.Presets.shades_classic);
  const per = new Map(siteIds.map((id) => [id, bars.create(1, 0, { site: id.padEnd(12), last: '' })]));
  return {
    update(e) {
      const b = per.get(e.siteId);
      if (!b) return;
      b.setTotal(Math.max(e.queued, 1));
      b.update(e.done, { last: e.outcome });
    },
    stop() { bars.stop(); },
  };
}
