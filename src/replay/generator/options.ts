// Owns option resolution: fills every GenOptions field a caller left out from the seed
// (era, year, issuer, encoding, layout, chrome …) and coerces impossible combinations.
import { Rng, mixSeed } from './prng.js';
import { PLACES, type Place } from './places.js';
import { pubDate } from './format.js';
import type { Layout } from './layouts.js';

export type Era = 'pre2019' | '2019' | '2021';
export type { Layout };

export interface GenOptions {
  seed: number;
  era: Era;
  year: number;
  issuer: string;
  region: string;
  encoding: 'utf-8' | 'gbk';
  declareCharset: 'correct' | 'none' | 'wrong';
  script: 'simplified' | 'traditional';
  layout: Layout;
  chrome: boolean;
  spam: boolean;
  blanks: boolean;
  publishedDate: string;
  siteIdCode?: string;
  indexNo?: string;
  revision?: number;
  chromeVariant?: number;
  /** deliberate corruption of the requests table (2019/2021 only): a 总计 that does not add up, or a row shifted by one column */
  corrupt?: 'none' | 'bad-total' | 'shifted-column';
}

export const ERAS: readonly Era[] = ['pre2019', '2019', '2021'];
export const LAYOUTS: readonly Layout[] = ['table', 'merged', 'flattened-pipe', 'flattened-lines', 'whitespace', 'prose', 'flattened-run'];

export function eraOfYear(y: number): Era {
  return y <= 2018 ? 'pre2019' : y <= 2020 ? '2019' : '2021';
}

export function yearRange(era: Era): [number, number] {
  return era === 'pre2019' ? [2008, 2018] : era === '2019' ? [2019, 2020] : [2021, 2024];
}

/** Finds a place in the pool or makes one for an unknown issuer. */
export function placeFor(issuer: string, region?: string): Place {
  const known = PLACES.find((p) => p.issuer === issuer);
  if (known) return region && region !== known.region ? { ...known, region } : known;
  const gov = /人民政府$/.test(issuer);
  const reg = region ?? (gov ? issuer.replace(/人民政府$/, '') : (/^(.+?[省市县区旗])/.exec(issuer)?.[1] ?? issuer));
  const kind: Place['kind'] = !gov ? 'dept' : /区$/.test(reg) ? 'district' : /县$|旗$/.test(reg) ? 'county' : 'city';
  const base = PLACES[0];
  return {
    ...base,
    issuer,
    region: reg,
    kind,
    office: gov ? `${issuer}办公室` : issuer,
    selfRef: kind === 'city' ? '我市' : kind === 'county' ? '我县' : kind === 'district' ? '我区' : '本机关',
    domain: 'www.example.gov.cn',
    scale: kind === 'city' ? 1 : 0.2,
  };
}

/** Resolves the full options; deterministic in the given fields and the seed. */
export function resolveOptions(o: Partial<GenOptions> & { seed: number }): { opts: GenOptions; place: Place } {
  const rng = new Rng(mixSeed(o.seed, 1));
  let era = o.era ?? (o.year !== undefined ? eraOfYear(o.year) : rng.weighted([['pre2019', 4], ['2019', 3], ['2021', 3]] as const));
  const [y0, y1] = yearRange(era);
  const year = o.year ?? rng.int(y0, y1);
  if (o.era === undefined && o.year !== undefined) era = eraOfYear(year);
  const place = o.issuer ? placeFor(o.issuer, o.region) : (() => {
    const p = rng.weighted(PLACES.map((p, i) => [p, i < 5 ? 4 : 1] as const));
    return o.region ? { ...p, region: o.region } : p;
  })();
  const layoutDraw: Layout = era === 'pre2019'
    ? rng.weighted([['prose', 4], ['table', 1], ['merged', 1], ['flattened-pipe', 1], ['flattened-lines', 1], ['whitespace', 1]] as const)
    : rng.weighted([['table', 3], ['merged', 3], ['flattened-pipe', 2], ['flattened-lines', 1], ['whitespace', 1], ['flattened-run', 1]] as const);
  let layout = o.layout ?? layoutDraw;
  if (layout === 'prose' && era !== 'pre2019') layout = 'table';
  // run-together cells are a form of the 2019/2021 tables here (pre-2019 statistics tables are drawn as such elsewhere)
  if (layout === 'flattened-run' && era === 'pre2019') layout = 'flattened-lines';
  const encoding = o.encoding ?? (rng.chance(0.55) ? 'utf-8' : 'gbk');
  const declareCharset = o.declareCharset ?? rng.weighted([['correct', 7], ['none', 2], ['wrong', 1.5]] as const);
  const script = o.script ?? (rng.chance(0.15) ? 'traditional' : 'simplified');
  const chrome = o.chrome ?? rng.chance(0.75);
  const spam = o.spam ?? rng.chance(0.2);
  const blanks = o.blanks ?? rng.chance(0.35);
  const publishedDate = o.publishedDate ?? pubDate(rng, year);
  const siteIdCode = o.siteIdCode ?? `${place.code.slice(0, 4)}${String(rng.int(0, 999999)).padStart(6, '0')}`;
  const org = String(rng.int(0, 999999999)).padStart(9, '0');
  const indexNo = o.indexNo ?? `11${place.code}${org}${rng.pick([...'0123456789X'])}/${publishedDate.slice(0, 4)}-${String(rng.int(1, 99999)).padStart(5, '0')}`;
  const opts: GenOptions = {
    seed: o.seed, era, year, issuer: place.issuer, region: place.region, encoding, declareCharset, script, layout, chrome, spam, blanks, publishedDate,
    siteIdCode, indexNo,
    revision: o.revision ?? 0, chromeVariant: o.chromeVariant ?? rng.int(0, 3), corrupt: era === 'pre2019' ? 'none' : o.corrupt ?? 'none',
  };
  return { opts, place };
}
