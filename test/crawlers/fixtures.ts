// Test support: a site config for dialect tests, validated like a real one.
import { siteSchema, type SiteConfig } from '../../src/config/schema.js';

export function testSite(over: Partial<Record<keyof SiteConfig, unknown>>): SiteConfig {
  return siteSchema.parse({
    id: 'test', name: '测试市人民政府', region: '测试市', level: 'prefecture', homepage: 'http://www.test.gov.cn/', dialect: 'linklist',
    start_urls: ['http://www.test.gov.cn/'], ...over,
  });
}

import { join } from 'node:path';
import { loadSiteFile, projectRoot } from '../../src/config/load.js';

/** The real config of a site, from config/sites. */
export function siteConfig(id: string): SiteConfig {
  return loadSiteFile(join(projectRoot, 'config', 'sites', `${id}.yaml`));
}
