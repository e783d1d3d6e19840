// Owns the report prose that carries no statistic: overview paragraphs, problems and measures,
// closing sections, with the wording of real reports and distractor numbers (meetings held,
// items in lists, hotline calls) that are not metrics.
import type { Rng } from './prng.js';
import { provinceGov, shortIssuer, type Place } from './places.js';

export interface Ctx {
  rng: Rng;
  place: Place;
  year: number;
  /** 全市 / 全县 / 全区 / 本机关 */
  whole: string;
  /** 市政府 / 县政府 / … */
  gov: string;
}

export function makeCtx(rng: Rng, place: Place, year: number): Ctx {
  const whole = place.kind === 'city' ? '全市' : place.kind === 'county' ? (place.region.endsWith('市') ? '全市' : '全县') : place.kind === 'district' ? '全区' : '本机关';
  return { rng, place, year, whole, gov: shortIssuer(place) };
}

type P = (c: Ctx) => string;

const n = (c: Ctx, lo: number, hi: number) => c.rng.int(lo, hi);

/** Overview paragraphs for the 2019/2021 formats' 总体情况 (each may be headed by a sub-title). */
export const MODERN_OVERVIEW: Array<[title: string, body: P]> = [
  ['（一）主动公开', (c) => `${c.year}年，${c.whole}坚持以公开为常态、不公开为例外，围绕${c.place.region}经济社会发展重点任务，通过政府门户网站公开各类政府信息${n(c, 800, 20000)}条，其中政策文件${n(c, 20, 400)}条，政策解读${n(c, 10, 200)}条，召开新闻发布会${n(c, 3, 60)}场。编发《${c.place.region}人民政府公报》${n(c, 4, 12)}期。`],
  ['（一）主动公开', (c) => `严格落实《条例》规定，及时公开机构职能、规划计划、财政预决算、重大建设项目等信息。全年在政府信息公开平台发布信息${n(c, 1000, 30000)}条，更新“重点领域信息公开”专栏信息${n(c, 100, 3000)}条，发布政策解读材料${n(c, 10, 300)}篇，其中图解${n(c, 5, 80)}篇。`],
  ['（二）依申请公开', (c) => `进一步规范依申请公开办理流程，严格落实登记、审核、办理、答复、归档等环节要求，做到依法依规、按时答复。全年未发生因超期答复被纠错的情况。`],
  ['（三）政府信息管理', (c) => `建立健全政府信息公开审查机制，落实“先审查、后公开”和“一事一审”制度。对${c.gov}及各部门规范性文件进行清理，开展保密审查${n(c, 50, 900)}次，动态更新政府信息公开指南和目录。`],
  ['（三）政府信息管理', (c) => `加强政府信息公开属性源头认定，将公开属性审查纳入公文办理程序。全年审核拟公开文件${n(c, 40, 600)}件，对涉及个人隐私的信息开展专项排查，整改问题${n(c, 3, 90)}个。`],
  ['（四）平台建设', (c) => `推进政府网站集约化建设，优化政府信息公开专栏，完善政策文件库。加强政务新媒体管理，${c.whole}共有政务微博、微信公众号${n(c, 5, 120)}个，全年发布信息${n(c, 2000, 60000)}条。${c.place.region}12345政务服务便民热线受理群众诉求${n(c, 3000, 300000)}件，办结率${n(c, 95, 99)}.${n(c, 0, 9)}%。`],
  ['（四）平台建设', (c) => `以政府门户网站为第一平台，整合政务服务网、政务新媒体等渠道，推动政务公开与政务服务深度融合。全年开展在线访谈${n(c, 2, 30)}期，收集网民留言${n(c, 100, 9000)}条，答复率100%。`],
  ['（五）监督保障', (c) => `将政务公开工作纳入年度绩效考核，分值权重不低于${n(c, 3, 5)}%。组织开展政务公开业务培训${n(c, 1, 12)}次，培训${n(c, 40, 800)}人次。开展季度检查，印发通报${n(c, 2, 12)}期，督促整改问题${n(c, 10, 400)}个。`],
  ['（五）监督保障', (c) => `成立由${c.gov}分管领导任组长的政务公开工作领导小组，明确${c.gov}办公室为政务公开工作主管部门，配备专兼职工作人员。${c.year}年，${c.whole}未发生政府信息公开工作责任追究情况。`],
];

/** Overview paragraphs of pre-2019 reports (概述). */
export const PRE_OVERVIEW: P[] = [
  (c) => `${c.year}年，${c.whole}认真贯彻落实《中华人民共和国政府信息公开条例》和${c.place.province}有关规定，紧紧围绕${c.gov}中心工作，以“五公开”为抓手，加大主动公开力度，规范依申请公开办理，政府信息公开工作取得新进展。`,
  (c) => `一是加强组织领导。调整充实了政府信息公开工作领导小组，明确分管领导和具体工作人员，形成了主要领导亲自抓、分管领导具体抓、工作人员抓落实的工作格局。全年召开专题会议${n(c, 1, 8)}次，研究部署政府信息公开工作。`,
  (c) => `二是完善制度建设。先后制定和完善了政府信息主动公开、依申请公开、保密审查、考核评议、责任追究等制度，印发了《${c.place.region}政府信息公开工作考核办法》，政府信息公开工作逐步走上规范化、制度化轨道。`,
  (c) => `三是拓宽公开渠道。充分发挥政府门户网站第一平台作用，积极利用政府公报、新闻发布会、政务微博微信以及档案馆、图书馆、政务服务中心设立的${n(c, 2, 12)}个政府信息查阅点等载体，方便公众获取政府信息。`,
  (c) => `四是推进重点领域信息公开。重点做好财政预决算、“三公”经费、保障性住房、食品药品安全、环境保护、征地拆迁、安全生产等领域的信息公开工作，及时回应社会关切。市长信箱全年收到群众来信${n(c, 200, 5000)}件，办结率${n(c, 95, 99)}%。`,
  (c) => `五是加强监督检查。将政府信息公开工作纳入目标管理考核体系，组织开展专项检查${n(c, 1, 6)}次，对检查中发现的问题及时督促整改，确保政府信息公开工作落到实处。`,
];

export const PROBLEMS: P[] = [
  (c) => `${c.year}年，${c.whole}政府信息公开工作虽然取得了一定成效，但仍存在一些不足：一是部分单位对政府信息公开工作重视程度不够，信息更新不够及时；二是政策解读形式较为单一，解读质量有待提高；三是工作人员业务水平有待进一步提升。`,
  (c) => `下一步，我们将重点做好以下工作：一是进一步加强组织领导，压实工作责任；二是进一步规范依申请公开办理，提高答复质量；三是进一步加强业务培训，提升工作人员业务能力；四是进一步加强监督考核，推动政务公开工作再上新台阶。`,
  (c) => `针对上述问题，${c.year + 1}年将着力抓好三个方面：一是深化重点领域信息公开，围绕社会关切加大公开力度；二是加强政府网站和政务新媒体建设，提升信息发布质量；三是完善考核评估机制，强化督查问责。`,
];

/** 六、其他需要报告的事项 (2019/2021), sometimes about fees — not a table value. */
export function otherMatters(c: Ctx, era: '2019' | '2021'): string {
  const r = c.rng.next();
  if (era === '2021' && r < 0.5) return `依据《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定的按件、按量收费标准，本年度${c.rng.chance(0.7) ? '没有收取信息处理费' : `共发出收费通知${n(c, 1, 3)}件，总金额${n(c, 1, 9)}00元，实际收取${n(c, 0, 5)}00元`}。`;
  if (r < 0.75) return '无其他需要报告的事项。';
  return `${c.year}年，${c.whole}办理人大代表建议${n(c, 20, 400)}件、政协委员提案${n(c, 20, 500)}件，办结率100%，办理结果均已按规定公开。`;
}

/** Citation of the provincial notice (replaced by spam text on compromised pages). */
export function provincialNotice(c: Ctx, spamGov?: string): string {
  const who = spamGov ?? provinceGov(c.place);
  return `《${who}关于做好${c.year}年度政府信息公开工作年度报告编制发布工作的通知》`;
}
