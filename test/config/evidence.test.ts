// Evidence as tests (issue 11): every shipped config carries what public material shows about
// its portal, and its report patterns and allowed hosts agree with it: each report (or
// attachment) URL would be taken for a report on an allowed host, each non-report page would not.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSites, loadSiteFile, ConfigError, evidenceProblems } from '../../src/config/load.js';
import { isReportLink, sitePatterns } from '../../crawlers/links.js';
import { hostAllowed } from '../../src/frontier/url.js';

const { sites } = loadSites();

describe('evidence of the shipped configs', () => {
  it('there are configs to check', () => expect(sites.length).toBeGreaterThanOrEqual(6));

  for (const site of sites) {
    describe(site.id, () => {
      it('has evidence, with at least one report seen in public material', () => {
        expect(site.evidence.length, `${site.id} has no evidence: list what public material shows about its portal`).toBeGreaterThan(0);
        expect(site.evidence.some((e) => e.kind === 'report' || e.kind === 'attachment'), `${site.id}: no report evidence`).toBe(true);
      });

      it('takes every evidence report for a report on an allowed host, and no non-report page', () => {
        const patterns = sitePatterns(site);
        for (const e of site.evidence) {
          const taken = isReportLink(e.url, e.title ?? '', patterns);
          if (e.kind === 'report' || e.kind === 'attachment') {
            expect(hostAllowed(new URL(e.url).hostname, site.allowed_hosts), `${e.url} outside ${site.allowed_hosts}`).toBe(true);
            expect(taken, `${e.url} (${e.what}) would not be taken for a report`).toBe(true);
            expect(e.year, `${e.url} has no year`).toBeDefined();
          }
          if (e.kind === 'nonreport') expect(taken, `${e.url} (${e.what}) would be taken for a report`).toBe(false);
        }
        expect(evidenceProblems(site)).toEqual([]);
      });

      it('report patterns name the report column, not every page of the site', () => {
        const patterns = sitePatterns(site);
        for (const p of ['/', '/index.html', '/art/2021/2/5/art_1_1.html', '/html/ASSZF/202608/0178572354367994.html', '/Item/1.aspx', '/public/1/1.html', '/gkmlpt/content/3/3260/post_1.html', '/show.php?id=1']) {
          const url = new URL(p, site.homepage).toString();
          expect(patterns.some((re) => re.test(url)), `${site.id}: a report pattern matches ${url}`).toBe(false);
        }
      });
    });
  }
});

describe('sites validate checks evidence, naming file and field', () => {
  const base = `id: demo
name: 示例市人民政府
region: 示例市
level: prefecture
homepage: https://www.example.gov.cn/
dialect: linklist
start_urls: ["https://www.example.gov.cn/ndbg/index.html"]
report_link_patterns: ['/ndbg/\\d{6}/t\\d+\\.html$']
allowed_hosts: ['*.example.gov.cn']
evidence:
`;
  const check = (evidence: string): string[] => {
    const dir = mkdtempSync(join(tmpdir(), 'ogi-ev-'));
    const f = join(dir, 'demo.yaml');
    writeFileSync(f, base + evidence);
    try {
      loadSiteFile(f);
      return [];
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).file).toBe(f);
      return (e as ConfigError).problems;
    }
  };

  it('accepts evidence that agrees with the config', () => {
    expect(check(`  - { url: "https://www.example.gov.cn/ndbg/202102/t1.html", kind: report, year: 2020, what: the 2020 report, source: stored page }
  - { url: "https://www.example.gov.cn/xwzx/1.html", kind: nonreport, what: news, title: 示例市召开会议, source: stored page }\n`)).toEqual([]);
  });

  it('names a report the patterns miss, a report on another host, a report without a year and a non-report taken for one', () => {
    const p = check(`  - { url: "https://www.example.gov.cn/xwzx/202102/t1.html", kind: report, year: 2020, what: a report in another column, source: x }
  - { url: "https://www.other.gov.cn/ndbg/202102/t2.html", kind: report, year: 2020, what: elsewhere, source: x }
  - { url: "https://www.example.gov.cn/ndbg/202102/t3.html", kind: report, what: no year, source: x }
  - { url: "https://www.example.gov.cn/ndbg/202102/t4.html", kind: nonreport, what: a notice in the report column, source: x }
  - { url: "https://www.example.gov.cn/list.html", kind: list, method: POST, what: a list, source: x }\n`);
    expect(p).toEqual([
      expect.stringMatching(/^evidence\.0\.url: the report https:\/\/www\.example\.gov\.cn\/xwzx\/202102\/t1\.html would not be taken for a report: it matches no report_link_patterns and the evidence gives no title$/),
      expect.stringMatching(/^evidence\.1\.url: the report .* is on www\.other\.gov\.cn, which allowed_hosts/),
      expect.stringMatching(/^evidence\.2\.year: a report needs the year/),
      expect.stringMatching(/^evidence\.3\.url: the non-report page .* would be taken for a report \(report_link_patterns match its URL\)$/),
      expect.stringMatching(/^evidence\.4: method and body describe api evidence only/),
    ]);
  });

  it('takes a report by its title when its URL cannot name the column', () => {
    expect(check(`  - { url: "https://www.example.gov.cn/html/1.html", kind: report, year: 2014, what: x, title: 示例市2014年政府信息公开工作年度报告, source: stored page }\n`)).toEqual([]);
  });
});
