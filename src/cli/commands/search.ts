// `ogi search 关键词 […]`: full-text search over the current reports' texts; prints issuer,
// year, URL and a snippet per hit, or JSON.
import type { Command } from 'commander';
import { searchReports, markSnippet } from '../../archive/search.js';
import { openReadonly, addStorageOptions, type StorageFlags } from './query.js';
import { plain } from '../plain.js';

export function registerSearch(program: Command): void {
  addStorageOptions(program.command('search')
    .description('find reports by words in their text (every term must occur; 3+ characters use the FTS5 trigram index, shorter ones a substring scan)')
    .argument('<terms...>', 'words or phrases, e.g. 行政复议 or 诉讼')
    .option('--limit <n>', 'at most this many reports', '20')
    .option('--context <n>', 'characters of text shown either side of the first hit', '40')
    .option('--json', 'JSON: {mode, total, hits: [{issuer, year, url, urls, snippet, highlights, …}]}'))
    .action((terms: string[], o: StorageFlags & { limit: string; context: string; json?: boolean }) => {
      const limit = Number(o.limit);
      const context = Number(o.context);
      if (!Number.isInteger(limit) || limit < 1) throw new Error('search: --limit must be a whole number ≥ 1');
      if (!Number.isInteger(context) || context < 0) throw new Error('search: --context must be a whole number ≥ 0');
      const { db } = openReadonly(o);
      try {
        const r = searchReports(db, terms, { limit, context });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const tty = process.stdout.isTTY;
        const [open, close] = tty ? ['\u001b[1;31m', '\u001b[0m'] : ['[', ']'];
        for (const hit of r.hits) {
          // archived text is shown without terminal control characters (issue 7); plain() keeps lengths, so highlights still fit
          const h = { ...hit, issuer: hit.issuer && plain(hit.issuer), title: hit.title && plain(hit.title), snippet: plain(hit.snippet) };
          const version = h.versions && h.versions > 1 ? `  (version ${h.version} of ${h.versions}${h.is_current ? ', current' : ''})` : '';
          console.log(`${h.issuer ?? '(issuer unknown)'} ${h.year ?? '(year unknown)'}${version}`);
          if (h.title) console.log(`  ${h.title}`);
          console.log(`  ${h.url ?? ''}${h.urls.length > 1 ? `  (+${h.urls.length - 1} more URL${h.urls.length > 2 ? 's' : ''})` : ''}`);
          console.log(`  ${markSnippet(h, open, close)}`);
          console.log('');
        }
        console.log(`${r.total} report text${r.total === 1 ? '' : 's'} match${r.total === 1 ? 'es' : ''}${r.total > r.hits.length ? `; showing ${r.hits.length} (--limit)` : ''}`);
      } finally {
        db.close();
      }
    });
}
