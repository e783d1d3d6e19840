// Owns the sites table: the validated configs as the archive knew them at each crawl.
import { createHash } from 'node:crypto';
import type { DB } from '../archive/db.js';
import type { SiteConfig } from '../config/schema.js';

export function upsertSites(db: DB, sites: SiteConfig[]): void {
  const stmt = db.prepare(`INSERT INTO sites(id, name, region, level, dialect, homepage, config_hash, config_json, updated_at)
    VALUES (@id, @name, @region, @level, @dialect, @homepage, @config_hash, @config_json, @updated_at)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, region = excluded.region, level = excluded.level, dialect = excluded.dialect,
      homepage = excluded.homepage, config_json = excluded.config_json,
      updated_at = CASE WHEN sites.config_hash = excluded.config_hash THEN sites.updated_at ELSE excluded.updated_at END,
      config_hash = excluded.config_hash`);
  db.transaction(() => {
    for (const s of sites) {
      const json = JSON.stringify(s);
      stmt.run({ id: s.id, name: s.name, region: s.region, level: s.level, dialect: s.dialect, homepage: s.homepage,
        config_hash: createHash('sha256').update(json).digest('hex'), config_json: json, updated_at: new Date().toISOString() });
    }
  })();
}
