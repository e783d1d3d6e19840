import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSites, loadSiteFile, loadGlobalConfig, ConfigError, defaultConfigDir } from '../../src/config/load.js';

const good = `id: demo
name: 示例市人民政府
region: 示例市
level: prefecture
homepage: https://www.example.gov.cn/
dialect: linklist
start_urls: ["https://www.example.gov.cn/zfxxgk/ndbg/index.html"]
`;

function siteFile(text: string, name = 'demo.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ogi-cfg-'));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

function problems(text: string, name?: string): string[] {
  try { loadSiteFile(siteFile(text, name)); return []; } catch (e) { expect(e).toBeInstanceOf(ConfigError); return (e as ConfigError).problems; }
}

describe('site configs', () => {
  it('every shipped config is valid and names a real portal host', () => {
    const { sites, errors } = loadSites();
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(sites.length).toBeGreaterThanOrEqual(5);
    for (const s of sites) expect(new URL(s.homepage).hostname).toMatch(/\.gov\.cn$/);
    expect(readdirSync(join(defaultConfigDir, 'sites')).length).toBe(sites.length);
  });

  it('accepts a minimal config with defaults', () => {
    const s = loadSiteFile(siteFile(good));
    expect(s.allowed_hosts).toEqual(['*.gov.cn']);
    expect(s.render).toBe('http');
    expect(s.verified).toBe(false);
  });

  it('names the file and the field of each problem', () => {
    const f = siteFile(good.replace('level: prefecture', 'level: galaxy'));
    expect(() => loadSiteFile(f)).toThrow(f);
    expect(problems(good.replace('level: prefecture', 'level: galaxy'))[0]).toMatch(/^level:/);
    expect(problems(good + 'colour: red\n')[0]).toMatch(/colour/);
    expect(problems(good.replace('dialect: linklist', 'dialect: nosuch'))[0]).toMatch(/^dialect: unknown dialect "nosuch"/);
    expect(problems(good.replace('https://www.example.gov.cn/zfxxgk', 'https://www.copysite.com/zfxxgk'))[0]).toMatch(/^start_urls\.0: host www\.copysite\.com is not in allowed_hosts/);
    expect(problems(good + 'politeness: { delay_ms: -5 }\n')[0]).toMatch(/^politeness\.delay_ms/);
    expect(problems(good + 'report_link_patterns: ["(unclosed"]\n')[0]).toMatch(/^report_link_patterns\.0: invalid regular expression/);
    expect(problems(good, 'other.yaml')[0]).toMatch(/does not match the file name/);
    expect(problems('id: [unclosed\n')[0]).toMatch(/^YAML/);
  });

  it('reports invalid files without hiding the valid ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-cfgdir-'));
    mkdirSync(join(dir, 'sites'));
    writeFileSync(join(dir, 'sites', 'demo.yaml'), good);
    writeFileSync(join(dir, 'sites', 'bad.yaml'), 'id: bad\n');
    const r = loadSites(dir);
    expect(r.sites.map((s) => s.id)).toEqual(['demo']);
    expect(r.errors[0].file).toMatch(/bad\.yaml$/);
  });

  it('loads the global config with a User-Agent naming the project and a contact URL', () => {
    const g = loadGlobalConfig();
    expect(g.user_agent).toMatch(/ogi-archive/);
    expect(g.user_agent).toContain(g.contact_url);
    expect(g.politeness.delay_ms).toBeGreaterThanOrEqual(2000);
  });
});
