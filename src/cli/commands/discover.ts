// `ogi sites discover URL`, `ogi sites check` and `ogi sites list --by province`: the command
// side of src/discover (printing, files, exit codes).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import YAML from 'yaml';
import { loadGlobalConfig, loadSites, validateSite, defaultConfigDir, ConfigError } from '../../config/load.js';
import type { SiteConfig } from '../../config/schema.js';
import { discover, summarise } from '../../discover/discover.js';
import { readPage } from '../../discover/page.js';
import { confidenceOf, draftConfig, draftYaml, type DiscoveryResult } from '../../discover/draft.js';
import { checkSite, stampVerified, type CheckResult } from '../../discover/check.js';
import { replayHostMap } from '../hostmap.js';
import { EXIT } from '../exit.js';

const LEVELS = ['national', 'province', 'prefecture', 'county', 'district', 'township', 'department'] as const;

function printDiscovery(r: DiscoveryResult, out: (s: string) => void): void {
  const fp = r.fingerprint;
  const conf = confidenceOf(r);
  out(`platform   ${fp.name} → dialect ${fp.dialect}${fp.wanted ? ` (dialect "${fp.wanted}" not registered)` : ''}, weight ${fp.score}`);
  for (const s of fp.signals) out(`  signal   ${s.what}  [${s.where}]`);
  for (const o of r.others) out(`  also     ${o.name} (weight ${o.score})`);
  for (const c of r.columns) {
    const years = [...new Set(c.reports.map((x) => x.year).filter(Boolean))].sort();
    out(`column     ${c.url}  "${c.label}"  ${c.reports.length} reports${years.length ? ` (${years.join(', ')})` : ''}${c.scriptDrawn ? '  list drawn by script' : ''}`);
    for (const p of c.pagination) out(`  pages    ${p}`);
  }
  for (const u of r.unvisited) out(`not read   ${u.url}  "${u.label}" (${u.why})`);
  for (const a of r.apis) out(`data call  ${a.method ?? 'GET'} ${a.url}  (${a.what})`);
  out(`fetched    ${r.fetched.length} pages: ${r.fetched.filter((f) => f.outcome !== 'ok').map((f) => `${f.url} ${f.outcome}`).join(', ') || 'all answered'}`);
  out(`confidence ${conf.level}: ${conf.reasons.join('; ')}`);
}

export function registerDiscover(sites: Command): void {
  sites.command('discover <url>')
    .description('fingerprint a portal from its homepage or 政府信息公开 page and write a config draft with its evidence')
    .option('--dry-run', 'print the draft instead of writing it')
    .option('--max-pages <n>', 'pages fetched at most', '15')
    .option('--out <file>', 'where to write the draft (default: config/sites/<id>.yaml)')
    .option('--id <id>', 'site id (default: from the host name)')
    .option('--level <level>', `administrative level (${LEVELS.join(', ')})`, 'prefecture')
    .option('--html <file>', 'read this saved page as the page at <url> instead of fetching (offline)')
    .option('--force', 'overwrite an existing config file')
    .option('--replay <host:port>', 'send every request to a portal replay at this loopback address (no DNS)')
    .option('--delay <ms>', 'per-host delay in ms (default: config/ogi.yaml)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .option('--json', 'print the discovery as JSON')
    .action(async (url: string, o: { dryRun?: boolean; maxPages: string; out?: string; id?: string; level: string; html?: string; force?: boolean; replay?: string; delay?: string; config: string; json?: boolean }) => {
      let start: URL;
      try { start = new URL(url); } catch { throw new Error(`discover: "${url}" is not a URL`); }
      if (!/^https?:$/.test(start.protocol)) throw new Error(`discover: "${url}" is not an http(s) URL`);
      if (!(LEVELS as readonly string[]).includes(o.level)) throw new Error(`--level: one of ${LEVELS.join(', ')}`);
      const maxPages = Number(o.maxPages);
      if (!Number.isInteger(maxPages) || maxPages < 1) throw new Error(`--max-pages: a whole number ≥ 1, not "${o.maxPages}"`);
      const global = loadGlobalConfig(o.config);
      let r: DiscoveryResult;
      if (o.html) {
        const text = readFileSync(o.html, 'utf8');
        r = summarise(start.toString(), [readPage(start.toString(), text)], [{ url: start.toString(), status: null, outcome: `read from ${o.html}` }]);
      } else {
        r = await discover(start.toString(), { global, maxPages, hostMap: o.replay ? replayHostMap(o.replay) : undefined, delayMs: o.delay !== undefined ? Number(o.delay) : undefined });
      }
      const source = o.html ? `saved page ${o.html} read by ogi sites discover on ${r.when.slice(0, 10)}` : `fetched by ogi sites discover on ${r.when.slice(0, 10)}`;
      const draft = draftConfig(r, { id: o.id, level: o.level as SiteConfig['level'], source });
      const yaml = draftYaml(draft, r);
      const log = o.dryRun || o.json ? (s: string) => console.error(s) : (s: string) => console.log(s);
      if (o.json) console.log(JSON.stringify({ discovery: r, confidence: confidenceOf(r), draft }, null, 2));
      else printDiscovery(r, log);
      const file = o.out ?? join(o.config, 'sites', `${String(draft.id)}.yaml`);
      let problems: string[] = [];
      try {
        validateSite(YAML.parse(yaml), o.out ? file : `<draft ${String(draft.id)}>`);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        problems = e.problems;
      }
      for (const p of problems) console.error(`draft: ${p}`);
      if (o.dryRun) {
        if (!o.json) console.log(yaml);
      } else {
        if (existsSync(file) && !o.force) throw new Error(`${file} exists; use --force to overwrite or --out FILE`);
        writeFileSync(file, yaml);
        log(`wrote ${file}${problems.length ? ' (with the problems above)' : ''}; next: ogi sites validate ${file} && ogi crawl --site ${String(draft.id)} --dry-run`);
      }
      if (problems.length || r.fetched.every((f) => f.outcome !== 'ok' && !f.outcome.startsWith('read from'))) process.exitCode = EXIT.SOME_SITES_FAILED;
    });
}

function printCheck(c: CheckResult): void {
  console.log(`${c.site.padEnd(14)} ${c.ok ? 'ok' : 'FAILED'}  ${c.reports.length} report links, years ${c.years.join(', ') || 'none'}; ${c.lists} list pages read${c.truncated ? ' (page budget spent)' : ''}`);
  for (const s of c.start) console.log(`  start    ${s.url}  ${s.outcome}${s.status ? ` ${s.status}` : ''}`);
  for (const m of c.missingEvidence) console.log(`  not seen ${m.url}${m.year ? ` (${m.year})` : ''}  ${m.what}`);
  for (const p of c.problems) console.log(`  problem  ${p}`);
}

export function registerCheck(sites: Command): void {
  sites.command('check')
    .description('one polite pass per site: do the start URLs answer, which report links and years are found, what the evidence predicted but the pass missed; stamps verified: DATE on success')
    .option('--site <id...>', 'only these site ids')
    .option('--max-pages <n>', 'list pages and data calls read per site at most', '30')
    .option('--no-write', 'do not write verified: DATE back into passing configs')
    .option('--replay <host:port>', 'send every request to a portal replay at this loopback address (no DNS)')
    .option('--delay <ms>', 'per-host delay in ms (default: the configs and config/ogi.yaml)')
    .option('--now <iso>', 'the date to stamp (tests)')
    .option('--config <dir>', 'configuration folder', defaultConfigDir)
    .option('--json', 'print JSON')
    .action(async (o: { site?: string[]; maxPages: string; write: boolean; replay?: string; delay?: string; now?: string; config: string; json?: boolean }) => {
      const global = loadGlobalConfig(o.config);
      const { sites: all, errors } = loadSites(o.config);
      for (const e of errors) for (const p of e.problems) console.error(`${e.file}: ${p}`);
      const want = o.site?.length ? new Set(o.site) : null;
      if (want) {
        const unknown = [...want].filter((id) => !all.some((s) => s.id === id));
        if (unknown.length) throw new Error(`unknown site id(s): ${unknown.join(', ')} (see \`ogi sites list\`)`);
      }
      const list = want ? all.filter((s) => want.has(s.id)) : all;
      const now = o.now ? new Date(o.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new Error(`--now: not a date: ${o.now}`);
      const hostMap = o.replay ? replayHostMap(o.replay) : undefined;
      const results: CheckResult[] = [];
      for (const site of list) {
        let c: CheckResult;
        try {
          c = await checkSite(site, { global, hostMap, delayMs: o.delay !== undefined ? Number(o.delay) : undefined, maxPages: Number(o.maxPages) || 30, now });
        } catch (e) {
          c = { site: site.id, when: now.toISOString(), start: [], lists: 0, reports: [], years: [], missingEvidence: [], missingYears: [], problems: [(e as Error).message], truncated: false, ok: false };
        }
        results.push(c);
        if (c.ok && o.write) stampVerified(join(o.config, 'sites', `${site.id}.yaml`), now.toISOString().slice(0, 10));
        if (!o.json) printCheck(c);
      }
      if (o.json) console.log(JSON.stringify(results, null, 2));
      else console.log(`${results.filter((c) => c.ok).length} passed, ${results.filter((c) => !c.ok).length} failed${o.write ? ' (passing configs stamped verified)' : ''}`);
      if (results.some((c) => !c.ok) || errors.length) process.exitCode = EXIT.SOME_SITES_FAILED;
    });
}

/** Sites grouped by province: count, dialects, evidence, verified. */
export function printByProvince(list: readonly SiteConfig[], json: boolean): void {
  const groups = new Map<string, SiteConfig[]>();
  for (const s of list) {
    const p = s.province ?? '(province not set)';
    groups.set(p, [...(groups.get(p) ?? []), s]);
  }
  const rows = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0], 'zh'));
  if (json) {
    console.log(JSON.stringify(rows.map(([province, ss]) => ({ province, sites: ss.map((s) => ({ id: s.id, name: s.name, dialect: s.dialect, evidence: s.evidence.length, verified: s.verified })) })), null, 2));
    return;
  }
  for (const [province, ss] of rows) {
    console.log(`${province}  ${ss.length} site(s)`);
    for (const s of ss) console.log(`  ${s.id.padEnd(14)} ${s.name.padEnd(12, '　')} ${s.dialect.padEnd(9)} evidence ${String(s.evidence.length).padStart(2)}  ${s.verified === false ? 'unverified' : s.verified === true ? 'verified' : `verified ${s.verified}`}`);
  }
  console.log(`${list.length} sites in ${groups.size} province group(s)`);
}
