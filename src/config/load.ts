// Owns reading and validating configuration files, with errors that name the file, the field
// and the problem. Site configs are checked against the schema, their dialect's parameters,
// their own allowed hosts and regular expressions.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { globalSchema, siteSchema, type GlobalConfig, type SiteConfig } from './schema.js';
import { getDialect } from '../../crawlers/index.js';
import { isReportLink } from '../../crawlers/links.js';
import { hostAllowed } from '../frontier/url.js';

export class ConfigError extends Error {
  constructor(public file: string, public problems: string[]) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

function issuesOf(err: z.ZodError, prefix = ''): string[] {
  return err.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    const keys = 'keys' in i && Array.isArray(i.keys) ? ` (${(i.keys as string[]).join(', ')})` : '';
    return `${path || '(top level)'}: ${i.message}${keys}`;
  });
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read: ${(e as Error).message}`]);
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) throw new ConfigError(file, doc.errors.map((e) => `YAML ${e.message.split('\n')[0]}`));
  return doc.toJS();
}

export const projectRoot = resolve(new URL('../..', import.meta.url).pathname);
export const defaultConfigDir = join(projectRoot, 'config');

export function loadGlobalConfig(configDir = defaultConfigDir): GlobalConfig {
  const file = join(configDir, 'ogi.yaml');
  const raw = existsSync(file) ? readYaml(file) : {};
  const r = globalSchema.safeParse(raw ?? {});
  if (!r.success) throw new ConfigError(file, issuesOf(r.error));
  return r.data;
}

/** Validates one site config object (as read from `file`); returns the config or throws ConfigError. */
export function validateSite(raw: unknown, file: string): SiteConfig {
  const r = siteSchema.safeParse(raw ?? {});
  if (!r.success) throw new ConfigError(file, issuesOf(r.error));
  const site = r.data;
  const problems: string[] = [];
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (stem !== site.id && !file.startsWith('<')) problems.push(`id: "${site.id}" does not match the file name "${stem}"`);
  const dialect = getDialect(site.dialect);
  if (!dialect) problems.push(`dialect: unknown dialect "${site.dialect}"`);
  else {
    const p = dialect.params.safeParse(site.params);
    if (!p.success) problems.push(...issuesOf(p.error as z.ZodError, 'params'));
  }
  site.start_urls.forEach((u, i) => {
    const host = new URL(u).hostname;
    if (!hostAllowed(host, site.allowed_hosts)) problems.push(`start_urls.${i}: host ${host} is not in allowed_hosts (${site.allowed_hosts.join(', ')})`);
  });
  const home = new URL(site.homepage).hostname;
  if (!hostAllowed(home, site.allowed_hosts)) problems.push(`homepage: host ${home} is not in allowed_hosts`);
  site.report_link_patterns.forEach((p, i) => {
    try { new RegExp(p); } catch (e) { problems.push(`report_link_patterns.${i}: invalid regular expression: ${(e as Error).message}`); }
  });
  site.allowed_hosts.forEach((h, i) => {
    if (!/^(\*\.)?[a-z0-9.-]+$/i.test(h)) problems.push(`allowed_hosts.${i}: "${h}" is not a host name or *.domain pattern`);
  });
  if (site.encoding !== undefined && !/^[\w.:-]+$/.test(site.encoding)) problems.push(`encoding: "${site.encoding}" is not a charset name`);
  problems.push(...evidenceProblems(site));
  if (problems.length) throw new ConfigError(file, problems);
  return site;
}

/**
 * What a site's evidence says against its config: a report or attachment the crawl would not
 * take for one (its URL matches no report pattern and its title does not read as a report), or
 * on a host the site may not fetch; a non-report page the crawl would take for a report.
 */
export function evidenceProblems(site: SiteConfig): string[] {
  const problems: string[] = [];
  const patterns: RegExp[] = [];
  for (const p of site.report_link_patterns) {
    try { patterns.push(new RegExp(p)); } catch { /* reported above */ }
  }
  site.evidence.forEach((e, i) => {
    const at = `evidence.${i}`;
    const host = new URL(e.url).hostname;
    const taken = isReportLink(e.url, e.title ?? '', patterns);
    if (e.kind === 'report' || e.kind === 'attachment') {
      if (!hostAllowed(host, site.allowed_hosts)) problems.push(`${at}.url: the ${e.kind} ${e.url} is on ${host}, which allowed_hosts (${site.allowed_hosts.join(', ')}) leaves out`);
      if (!taken) problems.push(`${at}.url: the ${e.kind} ${e.url} would not be taken for a report: it matches no report_link_patterns${e.title ? ` and its title "${e.title}" does not read as a report` : ' and the evidence gives no title'}`);
      if (e.year === undefined) problems.push(`${at}.year: a ${e.kind} needs the year it reports on`);
    } else if (e.kind === 'nonreport' && taken) {
      problems.push(`${at}.url: the non-report page ${e.url} would be taken for a report (${patterns.some((re) => re.test(e.url)) ? 'report_link_patterns match its URL' : 'its title reads as a report'})`);
    }
    if ((e.method !== undefined || e.body !== undefined) && e.kind !== 'api') problems.push(`${at}: method and body describe api evidence only (this is ${e.kind})`);
  });
  return problems;
}

export function loadSiteFile(file: string): SiteConfig {
  return validateSite(readYaml(file), file);
}

export interface SiteLoadResult { sites: SiteConfig[]; errors: ConfigError[] }

/** Loads every config/sites/*.yaml; invalid files are returned as errors, not thrown. */
export function loadSites(configDir = defaultConfigDir): SiteLoadResult {
  const dir = join(configDir, 'sites');
  const sites: SiteConfig[] = [];
  const errors: ConfigError[] = [];
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  const seen = new Map<string, string>();
  for (const f of files) {
    const file = join(dir, f);
    try {
      const s = loadSiteFile(file);
      if (seen.has(s.id)) throw new ConfigError(file, [`id: "${s.id}" is also used by ${seen.get(s.id)}`]);
      seen.set(s.id, file);
      sites.push(s);
    } catch (e) {
      if (e instanceof ConfigError) errors.push(e);
      else throw e;
    }
  }
  return { sites, errors };
}
