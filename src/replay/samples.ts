// Replay-only sample sites (src/replay/samples/*.yaml): one per dialect that no configured city
// uses yet, on reserved .invalid hosts, so the demo crawls every dialect. Never crawled on the
// internet: `ogi crawl` reads config/sites only.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSiteFile, projectRoot } from '../config/load.js';
import type { SiteConfig } from '../config/schema.js';

export const samplesDir = join(projectRoot, 'src', 'replay', 'samples');

/** The sample sites, validated like real configs (a broken sample throws its ConfigError). */
export function sampleSites(): SiteConfig[] {
  return readdirSync(samplesDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => loadSiteFile(join(samplesDir, f)));
}
