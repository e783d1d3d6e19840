// What the replay knows about each simulated portal beyond its config: how it titles its
// reports, its encoding and the shape of its pages. Unknown sites get neutral defaults.

export type TitleStyle = (y: number, issuer: string, region: string) => string;

export interface SiteProfile {
  /** Encoding of HTML pages. A 'gbk' site sends no charset in Content-Type. */
  encoding: 'utf-8' | 'gbk';
  title: TitleStyle;
  /** Items per list page. */
  perPage: number;
  /** The oldest report is listed only as a direct link to its PDF. */
  fileOnlyOldest: boolean;
  /** Report page chrome style (informative; the generator draws its own chrome). */
  chrome: string;
  /** Years whose report page is in traditional characters (as the 廊坊 seed). */
  traditionalYears: number[];
  /** Years whose report page carries injected gambling spam (as the 廊坊 and 鞍山 seeds). */
  spamYears: number[];
}

const nianbao: TitleStyle = (y, issuer) => `${issuer}${y}年政府信息公开工作年报`;
const annual: TitleStyle = (y, _i, region) => `${region}${y}年政府信息公开工作年度报告`;

const PROFILES: Record<string, Partial<SiteProfile>> = {
  panan: { title: nianbao, chrome: 'hanweb' },
  anqing: {
    title: (y, issuer) => (y < 2019 ? `${issuer}${y}年政府信息公开工作报告` : `${issuer}${y}年政府信息公开工作年度报告`),
    chrome: 'portal',
  },
  langfang: { title: annual, fileOnlyOldest: true, chrome: 'portal', traditionalYears: [2017], spamYears: [2017] },
  xianning: { title: annual, chrome: 'trs' },
  anshan: {
    encoding: 'gbk',
    title: (y, _i, region) => `${region.replace(/市$/, '')}市政府${y}年度政府信息公开工作报告`,
    chrome: 'portal',
    spamYears: [2019],
  },
  jiangmen: { title: (y, issuer) => `${issuer}${y}年政府信息公开工作年度报告`, chrome: 'gkmlpt' },
  // A platform no dialect knows (Hunan's portal shape), crawled by the generic dialect.
  yueyang: { title: (y, issuer) => `${issuer}${y}年政府信息公开年度报告`, chrome: 'portal', perPage: 4, fileOnlyOldest: true },
};

/** True for the sites the replay plays by default (the seed portals and the platform examples). */
export function hasReplayProfile(siteId: string): boolean {
  return Object.prototype.hasOwnProperty.call(PROFILES, siteId);
}

export function profileOf(siteId: string): SiteProfile {
  return {
    encoding: 'utf-8',
    title: (y, issuer) => `${issuer}${y}年政府信息公开工作年度报告`,
    perPage: 5,
    fileOnlyOldest: false,
    chrome: 'portal',
    traditionalYears: [],
    spamYears: [],
    ...PROFILES[siteId],
  };
}
