import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSites, projectRoot } from '../../src/config/load.js';
import { COVERAGE_END, COVERAGE_START, coverageTable, platformOf, withCoverage } from '../../src/discover/coverage.js';
import { ogi } from '../helpers/ogi.js';

describe('coverage of the configured sites', () => {
  const { sites, errors } = loadSites();

  it('every config is valid and carries evidence of at least one report', () => {
    expect(errors.map((e) => e.message)).toEqual([]);
    expect(sites.length).toBeGreaterThanOrEqual(46);
    for (const s of sites) expect({ id: s.id, reports: s.evidence.some((e) => e.kind === 'report' || e.kind === 'attachment') }).toEqual({ id: s.id, reports: true });
    const prefecture = sites.filter((s) => s.level === 'prefecture');
    expect(prefecture.length).toBeGreaterThanOrEqual(46);
    expect(new Set(sites.map((s) => s.province).filter(Boolean)).size).toBeGreaterThanOrEqual(15);
  });

  it('docs/sites.md holds the table the configs give today', () => {
    const doc = readFileSync(join(projectRoot, 'docs', 'sites.md'), 'utf8');
    const table = doc.slice(doc.indexOf(COVERAGE_START) + COVERAGE_START.length, doc.indexOf(COVERAGE_END)).trim();
    expect(table).toBe(coverageTable(sites));
    expect(withCoverage(doc, coverageTable(sites))).toBe(doc);
  });

  it('names each site\'s platform from its URLs', () => {
    const by = new Map(sites.map((s) => [s.id, platformOf(s)]));
    expect(by.get('panan')).toBe('Hanweb JCMS');
    expect(by.get('qingdao')).toBe('TRS WCM (static pages)');
    expect(by.get('yueyang')).toBe('Hunan portal platform (content_N.html)');
  });

  it('ogi sites list --by province groups the sites', async () => {
    const r = await ogi(['sites', 'list', '--by', 'province']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^湖南省  \d+ site\(s\)$/m);
    expect(r.out).toMatch(/^  yueyang\s+岳阳市人民政府/m);
    expect(r.out).toMatch(new RegExp(`^${sites.length} sites in \\d+ province group\\(s\\)$`, 'm'));
  }, 30_000);
});
