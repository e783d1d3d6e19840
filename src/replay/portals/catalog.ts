// The content of one simulated portal: its reports (one per year), notices that mention
// annual reports, a robots-disallowed trap link, and the control state tests mutate.
// Everything is derived from (seed, site id, state), so answers are deterministic.
import { createHash } from 'node:crypto';
import type { SiteConfig } from '../../config/schema.js';
import { profileOf, type SiteProfile } from './profiles.js';

export type Era = 'pre2019' | '2019' | '2021';

export interface CatalogItem {
  /** Stable key: r2019 (report), n1 (notice), trap. */
  key: string;
  kind: 'report' | 'notice' | 'trap';
  /** Position among reports in ascending year order (-1 for other items). */
  index: number;
  year: number;
  title: string;
  /** Publication date, YYYY-MM-DD. */
  date: string;
  /** Numeric article id, unique within the site. */
  id: number;
  attachment?: 'pdf' | 'docx';
  /** Listed only as a direct link to its attachment. */
  fileOnly?: boolean;
}

export const LAST_YEAR = 2023;

export function eraOf(year: number): Era {
  return year <= 2018 ? 'pre2019' : year <= 2020 ? '2019' : '2021';
}

/** A deterministic 32-bit number from any parts. */
export function hashNum(...parts: Array<string | number>): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}

function dateIn(seed: number, siteId: string, key: string, year: number, fromMonth: number, toMonth: number): string {
  const h = hashNum(seed, siteId, key, 'date');
  const month = fromMonth + (h % (toMonth - fromMonth + 1));
  const day = 1 + ((h >>> 8) % 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The base date of Last-Modified: pages are dated at least this, plus a day per mutation. */
const EPOCH = Date.UTC(2024, 5, 1);

export class SiteModel {
  readonly profile: SiteProfile;
  /** Bumped by every control mutation (feeds Last-Modified). */
  version = 0;
  chromeVariant = 0;
  readonly revisions = new Map<number, number>();
  published = 0;
  wall = false;
  broken = false;
  robotsOverride: string | undefined;

  constructor(readonly site: SiteConfig, readonly seed: number, readonly reportsPerSite: number) {
    this.profile = profileOf(site.id);
  }

  get issuer(): string {
    return this.site.name;
  }
  get region(): string {
    return this.site.region;
  }

  /** A site-unique numeric id for an item key, `digits` long. */
  idOf(key: string, digits = 7): number {
    const lo = 10 ** (digits - 1);
    return lo + (hashNum(this.seed, this.site.id, key, 'id') % (9 * lo));
  }

  /** Reports in ascending year order, published ones last. */
  reports(): CatalogItem[] {
    const first = LAST_YEAR - this.reportsPerSite + 1;
    const years = Array.from({ length: this.reportsPerSite + this.published }, (_, i) => first + i);
    const desc = [...years].slice(0, this.reportsPerSite).reverse();
    return years.map((year, index) => {
      const key = `r${year}`;
      const rank = desc.indexOf(year);
      const attachment = rank === 0 ? 'pdf' : rank === 2 ? 'docx' : undefined;
      const fileOnly = this.profile.fileOnlyOldest && this.reportsPerSite >= 3 && index === 0;
      return {
        key, kind: 'report' as const, index, year, title: this.profile.title(year, this.issuer, this.region),
        date: dateIn(this.seed, this.site.id, key, year + 1, 1, 3), id: this.idOf(key),
        attachment: fileOnly ? 'pdf' : attachment, fileOnly,
      };
    });
  }

  notices(): CatalogItem[] {
    const n = (key: string, year: number, title: string, from: number, to: number): CatalogItem => ({
      key, kind: 'notice', index: -1, year, title, date: dateIn(this.seed, this.site.id, key, year, from, to), id: this.idOf(key),
    });
    return [
      n('n1', 2020, `关于做好2020年政府信息公开工作年度报告编制发布工作的通知`, 12, 12),
      n('n2', 2022, `图解：${this.issuer}2021年政府信息公开工作年度报告`, 4, 5),
      n('n3', 2022, `${this.region}2022年政务公开工作要点`, 6, 7),
    ];
  }

  /** A report-like link into a path robots.txt disallows (a naive crawler would follow it). */
  trap(): CatalogItem {
    return {
      key: 'trap', kind: 'trap', index: -1, year: LAST_YEAR, title: `${this.issuer}${LAST_YEAR}年政府信息公开工作年度报告（内部校对稿）`,
      date: dateIn(this.seed, this.site.id, 'trap', LAST_YEAR + 1, 4, 4), id: this.idOf('trap'),
    };
  }

  /** What the lists show, newest first: reports, notices and (on the first page) the trap. */
  listed(): CatalogItem[] {
    const items = [...this.reports(), ...this.notices()].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id));
    return [this.trap(), ...items];
  }

  /** The item with this numeric id, if any. */
  byId(id: number): CatalogItem | undefined {
    return this.listed().find((i) => i.id === id);
  }

  revisionOf(index: number): number {
    return this.revisions.get(index) ?? 0;
  }

  /** Last-Modified of a page dated `date`: never before the site's last mutation. */
  modified(date?: string): Date {
    const m = EPOCH + this.version * 86_400_000;
    const d = date ? Date.parse(`${date}T08:00:00Z`) : 0;
    return new Date(Math.max(m, d));
  }

  /** The robots.txt body: the override, or one disallowing the trap path and site search. */
  robots(disallow: string[]): string {
    if (this.robotsOverride !== undefined) return this.robotsOverride;
    return ['User-agent: *', ...disallow.map((p) => `Disallow: ${p}`), ''].join('\n');
  }

  /** Splits `items` into pages of the profile's size (at least one page). */
  pages<T>(items: T[], perPage = this.profile.perPage): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += perPage) out.push(items.slice(i, i + perPage));
    return out.length ? out : [[]];
  }
}
