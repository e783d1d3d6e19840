// Owns `--dry-run`: what a crawl would fetch first (robots.txt and the dialect's start requests
// of each due site) and which sites the calendar would skip, without sending a request or
// writing the archive.
import { existsSync } from 'node:fs';
import { getDialect } from '../../crawlers/index.js';
import type { GlobalConfig, SiteConfig } from '../config/schema.js';
import { openArchive } from '../archive/db.js';
import { archivePathOf } from '../store/paths.js';
import { scheduleOf, listsDue } from '../frontier/calendar.js';
import { robotsUrlFor } from '../fetch/robots.js';

export function planCrawl(dir: string, sites: SiteConfig[], global: GlobalConfig, o: { incremental: boolean; now: Date }): string {
  const file = archivePathOf(dir);
  const db = existsSync(file) ? openArchive(file, { readonly: true }) : null;
  const lines: string[] = [`dry run${o.incremental ? ' (incremental, as of ' + o.now.toISOString() + ')' : ''}: nothing is fetched`];
  try {
    for (const site of sites) {
      const sched = scheduleOf(site, global);
      let due = { due: true, reason: 'full crawl' };
      if (o.incremental) {
        try { due = db ? listsDue(db, site, sched, o.now) : { due: true, reason: 'never read' }; } catch { due = { due: true, reason: 'archive has no calendar yet' }; }
      }
      lines.push(`${site.id} (${site.name}): ${due.due ? 'due' : 'not due'} — ${due.reason}`);
      if (!due.due) continue;
      const dialect = getDialect(site.dialect)!;
      const hosts = new Set<string>();
      for (const r of dialect.startRequests(site, dialect.params.parse(site.params))) {
        const robots = robotsUrlFor(r.url);
        if (!hosts.has(robots)) { hosts.add(robots); lines.push(`  GET  ${robots}  (robots)`); }
        lines.push(`  ${(r.method ?? 'GET').padEnd(4)} ${r.url}  (${r.kind}${site.render === 'browser' && r.kind === 'list' ? ', browser' : ''})`);
      }
      lines.push(`  then the lists' pages, report pages (known ones re-checked by conditional request${o.incremental ? ` every ${sched.revisitDays} days` : ''}) and attachments; delay ${site.politeness.delay_ms ?? global.politeness.delay_ms} ms per host`);
    }
  } finally {
    db?.close();
  }
  return lines.join('\n');
}
