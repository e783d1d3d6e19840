// `ogi sites list` and `ogi sites validate`: the configured sites, and every config problem
// with the file and the field named.
import type { Command } from 'commander';
import { loadSites, loadSiteFile, ConfigError, defaultConfigDir } from '../../config/load.js';
import { withArchive } from '../storage.js';
import { siteHealth } from '../../crawl/health.js';

export function registerSites(program: Command): void {
  const sites = program.command('sites').description('configured sites');
  sites.command('list')
    .description('list the configured sites')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .option('--json', 'print JSON')
    .action((o: { config: string; json?: boolean }) => {
      const { sites: list, errors } = loadSites(o.config);
      if (o.json) console.log(JSON.stringify(list, null, 2));
      else {
        for (const s of list) console.log(`${s.id.padEnd(12)} ${s.name}  ${s.level.padEnd(10)} ${s.dialect.padEnd(9)} ${s.render.padEnd(7)} ${s.verified ? 'verified' : 'unverified'}  evidence ${String(s.evidence.length).padStart(2)}  ${s.start_urls[0]}${s.start_urls.length > 1 ? ` (+${s.start_urls.length - 1})` : ''}`);
        if (errors.length) console.error(`${errors.length} invalid config(s); run \`ogi sites validate\``);
      }
    });
  sites.command('validate [files...]')
    .description('validate site configs (all of config/sites, or the files given)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action((files: string[], o: { config: string }) => {
      const errors: ConfigError[] = [];
      let ok = 0;
      if (files.length) {
        for (const f of files) {
          try { loadSiteFile(f); ok++; } catch (e) { if (e instanceof ConfigError) errors.push(e); else throw e; }
        }
      } else {
        const r = loadSites(o.config);
        ok = r.sites.length;
        errors.push(...r.errors);
      }
      for (const e of errors) for (const p of e.problems) console.error(`${e.file}: ${p}`);
      console.log(`${ok} valid, ${errors.length} invalid`);
      if (errors.length) process.exitCode = 1;
    });
  sites.command('health')
    .description('flag, with evidence, the sites that need a human (exit code 1 when any does)')
    .option('--site <id...>', 'only these site ids')
    .option('--json', 'print JSON')
    .option('--storage <dir>', 'archive folder (default: storage/)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .action((o: { site?: string[]; json?: boolean; storage?: string; config: string }) => {
      const configs = new Map(loadSites(o.config).sites.map((s) => [s.id, s]));
      return withArchive(o, true, ({ db }) => {
        // every configured site, and any other site the archive has crawled (the demo's samples)
        const archived = db.prepare(`SELECT id FROM sites ORDER BY id`).pluck().all() as string[];
        const ids = o.site?.length ? o.site : [...new Set([...configs.keys(), ...archived])];
        const health = siteHealth(db, ids, configs);
        if (o.json) console.log(JSON.stringify(health, null, 2));
        else {
          for (const h of health) {
            console.log(`${h.site.padEnd(12)} ${h.ok ? 'ok' : 'NEEDS ATTENTION'}${h.lastRun ? ` (last crawled in run ${h.lastRun})` : ''}`);
            for (const i of h.issues) console.log(`  ${i.kind}: ${i.evidence}`);
          }
        }
        if (health.some((h) => !h.ok)) process.exitCode = 1;
      });
    });
}
