// Owns the body of a pre-2019 report (regulations of 2008): prose sections whose sentences
// carry the statistics (with wording variants by style), zeros stated in words, approximate
// and cumulative distractors, and optional 附表 or the 2014–2018 national 统计表.
// The truth is exactly what the page states.
import { STAT_TABLE_ROWS, type StatRow } from './labels.js';
import { renderTable, esc, type Layout, type RenderOpts } from './layouts.js';
import { PRE_OVERVIEW, PROBLEMS, type Ctx } from './phrases.js';
import { statTable } from './tables.js';
import { cnDate, hanCount, hanDate, wan } from './format.js';
import type { PreValues } from './values.js';
import type { BodyParts } from './era-modern.js';

export interface PreOpts {
  layout: Layout;
  revision: number;
  signDate: string;
  render: RenderOpts;
  /** which appendix the page carries (decided before values are drawn) */
  tables: 'none' | 'stat' | 'appendix';
}

/** Appendix (附表) rows of local tables, 2008–2018. */
const APPX_REQUESTS: StatRow[] = [
  { label: '受理申请总数', unit: '件', key: 'requests.new_received.total' },
  { label: '其中：当面申请', unit: '件', key: 'requests.channel.in_person' },
  { label: '网络申请', unit: '件', key: 'requests.channel.online' },
  { label: '信函申请', unit: '件', key: 'requests.channel.letter' },
  { label: '传真申请', unit: '件', key: 'requests.channel.fax' },
  { label: '对申请的答复总数', unit: '件', key: 'requests.answered.total' },
  { label: '其中：属已主动公开范围', unit: '件', key: 'requests.already_public.total' },
  { label: '同意公开', unit: '件', key: 'requests.granted.total' },
  { label: '同意部分公开', unit: '件', key: 'requests.partial.total' },
  { label: '不同意公开', unit: '件', key: 'requests.denied.total' },
  { label: '不属于本行政机关公开', unit: '件', key: 'requests.not_this_agency.total' },
  { label: '申请信息不存在', unit: '件', key: 'requests.not_exist.total' },
  { label: '告知作出更改补充', unit: '件', key: 'requests.correction_notice.total' },
  { label: '告知通过其他途径办理', unit: '件', key: 'requests.other_channel.total' },
];
const APPX_REVIEW: StatRow[] = [
  { label: '行政复议数', unit: '件', key: 'review.reconsideration.total' },
  { label: '行政诉讼数', unit: '件', key: 'review.litigation.total' },
  { label: '申诉数', unit: '件', key: 'review.complaint.total' },
];

const STAT_EXTRAS: Record<string, string> = {
  '其中：主要负责同志参加新闻发布会次数': 'x.press_conferences_leaders',
  '其中：主要负责同志参加政府网站在线访谈次数': 'x.interviews_leaders',
  '4.微博微信回应事件数': 'x.weibo_responses',
  '5.其他方式回应事件数': 'x.other_responses',
  '其中：涉及国家秘密': 'x.denied.state_secret',
  '涉及商业秘密': 'x.denied.commercial_secret',
  '涉及个人隐私': 'x.denied.privacy',
  '危及国家安全、公共安全、经济安全和社会稳定': 'x.denied.security',
  '不是《条例》所指政府信息': 'x.denied.not_gov_info',
  '法律法规规定的其他情形': 'x.denied.other',
  '（一）维持具体行政行为数|complaints': 'x.complaints.upheld',
};

const OUTCOMES: Array<[key: string, plain: string, reply: string]> = [
  ['already_public', '属于已主动公开范围', '属已主动公开范围'],
  ['granted', '同意公开', '同意公开答复'],
  ['partial', '同意部分公开', '同意部分公开答复'],
  ['denied', '不同意公开', '不同意公开答复'],
  ['not_this_agency', '不属于本行政机关公开', '不属于本行政机关公开'],
  ['not_exist', '申请信息不存在', '申请信息不存在'],
  ['correction_notice', '告知作出更改补充', '告知作出更改补充'],
  ['other_channel', '告知通过其他途径办理', '告知通过其他途径办理'],
];

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : '0%');

export function pre2019Body(c: Ctx, vIn: PreValues, o: PreOpts): BodyParts {
  const { rng, place, year } = c;
  const v = { ...vIn };
  const S: Record<string, number> = {};
  const say = (key: string, n = v[key]) => {
    S[key] = n;
    return String(n);
  };
  /** records a value the sentence states in words (未收取费用 → 0); prints nothing */
  const state = (key: string, n: number) => {
    S[key] = n;
    return '';
  };
  const hanSmall = rng.chance(0.25);
  /** like say, but small counts may be written in Chinese numerals (两件, 一起) */
  const sayH = (key: string, n = v[key]) => (hanSmall && n > 0 && n <= 10 ? (say(key, n), hanCount(n)) : say(key, n));
  // provinces had house styles (安徽 detailed statistics, 河北 condensed, 湖北 few numbers); others vary
  const house: Record<string, [number, number, number]> = { 安徽省: [8, 1, 1], 河北省: [2, 7, 1], 湖北省: [2, 2, 6], 浙江省: [6, 3, 1], 辽宁省: [4, 4, 2] };
  const [wd, wc, wm] = house[place.province] ?? [5, 3, 2];
  const style = rng.weighted([['detailed', wd], ['condensed', wc], ['minimal', wm]] as const);
  const indent = rng.chance(0.7);
  const P = (s: string) => (indent ? `<p style="text-indent:2em;">${esc(s)}</p>` : `<p>${esc(s)}</p>`);
  const head = (s: string) => (rng.chance(0.4) ? `<p><strong>${esc(s)}</strong></p>` : `<p>${esc(s)}</p>`);
  const blocks: string[] = [];
  const W = c.whole;

  // proactive items: exact, in 万 with two decimals, approximate, or after a cumulative figure
  const itemsForm = rng.weighted([['exact', 5], ['wan', v['proactive.items.total'] >= 10000 ? 2 : 0], ['approx', 2], ['cumulative', 1]] as const);
  if (itemsForm === 'wan') v['proactive.items.total'] = Math.round(v['proactive.items.total'] / 100) * 100;

  const sections: string[] =
    style === 'detailed'
      ? ['一、概述', '二、主动公开政府信息情况', '三、依申请公开政府信息情况', '四、因政府信息公开申请提起行政复议、行政诉讼的情况', '五、政府信息公开的收费及减免情况', '六、政府信息公开工作机构、人员情况', '七、存在的主要问题和改进措施']
      : style === 'condensed'
        ? ['一、概述', '二、主动公开政府信息情况', '三、依申请公开政府信息情况及行政复议行政诉讼情况', '四、收费及减免情况', '五、存在问题及改进措施']
        : ['一、概述', '二、主动公开政府信息情况', '三、依申请公开信息办理情况', '四、信息公开收费及减免情况', '五、因政府信息公开申请行政复议、诉讼和申诉的情况', '六、工作中存在的问题及改进措施', '七、其他需报告的事项'];

  blocks.push(P(`本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）${rng.chance(0.5) ? `和《${place.province}政府信息公开规定》` : ''}要求，由${place.office}编制。全文包括${sections.map((s) => s.slice(2)).join('，')}${style === 'minimal' ? '' : '，以及有关附表'}。本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。本报告的电子版可在“${place.issuer}”门户网站（http://${place.domain}）下载。如对本报告有任何疑问，请与${place.office}联系（电话：0${rng.int(310, 939)}—${rng.int(2000000, 8999999)}）。`));

  // 一、概述
  blocks.push(head(sections[0]));
  for (const p of rng.sample(PRE_OVERVIEW, rng.int(2, 5))) blocks.push(P(p(c)));

  // 二、主动公开
  blocks.push(head(sections[1]));
  const items = v['proactive.items.total'];
  if (itemsForm === 'exact') blocks.push(P(`${year}年，${W}${rng.pick(['共', ''])}主动公开政府信息${say('proactive.items.total')}条${rng.chance(0.5) ? `，其中${c.gov}${Math.round(items * 0.2)}条，部门及下级单位${items - Math.round(items * 0.2)}条` : ''}。`));
  else if (itemsForm === 'wan') {
    S['proactive.items.total'] = items;
    const a = Math.round(items * 0.13), b = Math.round(items * 0.31);
    blocks.push(P(`${year}年，${W}主动公开政府信息${wan(items)}万条，其中${c.gov}${a}条，部门${b}条，县（市）区及乡镇${items - a - b - rng.int(0, 30)}条。`));
  } else if (itemsForm === 'approx') {
    const t = items >= 10000 ? `${Math.floor(items / 10000)}万${rng.pick(['多', '余'])}条` : items >= 100 ? `${Math.floor(items / 100) * 100}余条` : `${items}条左右`;
    blocks.push(P(`${year}年，通过政府门户网站公开各类政府信息${t}，制作视频访谈${rng.int(2, 30)}期，政府网站英文版更新信息${rng.int(50, 900)}余条。`));
  } else {
    const cum = items + rng.int(items, items * 8 + 1000);
    blocks.push(P(`截至${year}年底，${W}累计主动公开政府信息${cum}条，其中${year}年新增主动公开政府信息${say('proactive.items.total')}条。`));
  }
  if (rng.chance(0.6)) blocks.push(P(`主动公开的方式主要有：政府门户网站、政府公报、新闻发布会、政务微博微信、政府信息公开查阅点等。全年编印政府公报${rng.int(4, 12)}期，召开新闻发布会${v['response.press_conferences']}场，发布政策解读稿件${v['response.interpretations']}篇。`));

  // 三、依申请公开
  blocks.push(head(sections[2]));
  const R = v['requests.new_received.total'];
  const reqSentences: string[] = [];
  if (R === 0) {
    reqSentences.push(rng.pick([`${year}年，${W}未收到政府信息公开申请。`, `${year}年，${W}没有收到公民、法人或其他组织提出的政府信息公开申请。`]));
    S['requests.new_received.total'] = 0;
  } else if (style === 'minimal') {
    reqSentences.push(`${year}年，${place.office.replace(place.issuer, c.gov)}收到民众递交的政府信息公开申请${say('requests.new_received.total')}件，均已按期回复申请人。`);
  } else {
    const chans: Array<[string, string]> = [['in_person', '当面申请'], ['online', rng.pick(['网络申请', '网上申请'])], ['letter', '信函申请'], ['fax', '传真申请'], ['email', '电子邮件申请'], ['other', '其他形式申请']];
    const mention = (k: string) => v[`requests.channel.${k}`] > 0 || (['in_person', 'online', 'letter'].includes(k) && rng.chance(0.5));
    const listed = chans.filter(([k]) => mention(k));
    const withPct = rng.chance(0.3);
    const chanText = () => listed.map(([k, l]) => `${l}${say(`requests.channel.${k}`)}件${withPct ? `，占${pct(v[`requests.channel.${k}`], R)}` : ''}`).join(withPct ? '；' : rng.pick(['，', '、']));
    const prev = Math.max(0, R + rng.int(-Math.min(R, 30), 30));
    const lead = rng.pick([`${year}年，${W}共受理政府信息公开申请${say('requests.new_received.total')}件，${prev === R ? '与上年持平' : `较上年的${prev}件${R > prev ? '增加' : '减少'}${Math.abs(R - prev)}件`}。`, `${year}年，${W}受理政府信息公开申请${say('requests.new_received.total')}件。`, `${year}年，${W}共收到政府信息公开申请${say('requests.new_received.total')}件，`, `全年共受理依申请公开${say('requests.new_received.total')}件，`]);
    if (style === 'condensed' && rng.chance(0.5)) {
      reqSentences.push(`${year}年，${W}各级各部门共受理政府信息公开申请${say('requests.new_received.total')}件，经认真审查，均按《条例》和有关规定予以答复和处理${v['fees.amount_yuan'] === 0 ? `，并无任何收费事项${state('fees.amount_yuan', v['fees.amount_yuan'])}` : ''}。`);
    } else {
      reqSentences.push(`${lead}${lead.endsWith('。') ? '其中，' : '其中'}${chanText()}。${rng.chance(0.5) ? '申请内容主要涉及征地拆迁、社会保障、规划建设、环境保护等方面。' : ''}`);
    }
    const A = v['requests.answered.total'];
    if (style === 'detailed' && A > 0) {
      const form = rng.weighted([['answered', 5], ['closed', 2]] as const);
      const list = OUTCOMES.filter(([k]) => v[`requests.${k}.total`] > 0 || rng.chance(0.4));
      const reply = rng.chance(0.4);
      const denyDetail = v['requests.denied.total'] > 0 && rng.chance(0.4) ? `（涉及个人隐私${v['x.denied.privacy']}件、法律法规规定的其他情形${v['requests.denied.total'] - v['x.denied.privacy']}件）` : '';
      const parts = list.map(([k, plain, rep]) => `${form === 'closed' ? plain + '的' : reply ? rep : plain}${say(`requests.${k}.total`)}件${k === 'denied' ? denyDetail : ''}`);
      if (form === 'answered') reqSentences.push(`${rng.pick([`${W}已答复政府信息公开申请${say('requests.answered.total')}件`, `已答复${say('requests.answered.total')}件`, `全年共答复${say('requests.answered.total')}件`])}。其中，${parts.join(rng.pick(['，', '、']))}。${A < R ? `其余${R - A}件正在办理中。` : ''}`);
      else reqSentences.push(`在已办结的申请中，${parts.join('；')}。`);
    } else if (A > 0 && rng.chance(0.5)) {
      reqSentences.push('所有申请均在规定时限内予以答复，答复率100%。');
    }
  }
  for (const s of reqSentences) blocks.push(P(s));

  // 复议、诉讼 (section of its own or part of the requests section)
  const rec = v['review.reconsideration.total'], lit = v['review.litigation.total'], comp = v['review.complaint.total'];
  let reviewText: string;
  const minimalReview = style === 'minimal';
  if (rec === 0 && lit === 0 && (comp === 0 || !minimalReview)) {
    say('review.reconsideration.total', 0);
    say('review.litigation.total', 0);
    if (minimalReview) {
      say('review.complaint.total', 0);
      reviewText = `${year}年，${rng.pick(['我市', W])}严格按照《条例》的规定公开政府信息，没有因政府信息公开申请行政复议、诉讼和申诉的情况发生。`;
    } else reviewText = rng.pick([`${year}年，${W}没有发生因政府信息公开申请提起行政复议、行政诉讼的情况。`, `${year}年，${W}未发生因政府信息公开引起的行政复议和行政诉讼案件。`]);
  } else if (rec > 0 && lit === 0 && rng.chance(0.5)) {
    reviewText = `${year}年，${W}因政府信息公开引发行政复议${sayH('review.reconsideration.total')}件，${rng.pick(['未发生行政诉讼', '无因政府信息公开引发的行政应诉案件'])}${state('review.litigation.total', 0)}。`;
  } else if (rec === 0 && lit > 0 && rng.chance(0.5)) {
    reviewText = `${year}年，${W}未发生因政府信息公开申请提起的行政复议${state('review.reconsideration.total', 0)}，发生行政诉讼${sayH('review.litigation.total')}${rng.pick(['件', '起'])}。`;
  } else {
    const litUnit = rng.pick(['件', '起']);
    reviewText = `${year}年，${W}因政府信息公开工作引起的行政复议${sayH('review.reconsideration.total')}件，行政诉讼${say('review.litigation.total')}${litUnit}${minimalReview ? `，申诉${say('review.complaint.total')}件` : ''}。`;
  }

  const feeText = () => {
    const f = v['fees.amount_yuan'];
    if (f === 0) return rng.pick([`${year}年，${W}在提供政府信息时未收取任何费用${state('fees.amount_yuan', 0)}。`, `${year}年，${W}各级各部门为申请人办理、提供政府信息公开文件资料全部予以免费${state('fees.amount_yuan', 0)}。`, `${year}年，${place.office.replace(place.issuer, c.gov)}未收取与政府信息公开相关的信息复制、邮寄等费用${state('fees.amount_yuan', 0)}。`, `${W}各地、各部门在提供信息时未收取费用${state('fees.amount_yuan', 0)}。`]);
    return rng.pick([`${year}年，${W}依申请提供政府信息共收取检索、复制、邮寄等费用${say('fees.amount_yuan')}元，无减免情况。`, `${year}年，${W}收取政府信息公开相关费用${say('fees.amount_yuan')}元。`]);
  };

  if (style === 'condensed') {
    blocks.push(P(reviewText));
    blocks.push(head(sections[3]));
    blocks.push(P(feeText()));
    blocks.push(head(sections[4]));
  } else if (style === 'detailed') {
    blocks.push(head(sections[3]));
    blocks.push(P(reviewText));
    blocks.push(head(sections[4]));
    blocks.push(P(feeText()));
    blocks.push(head(sections[5]));
    if (rng.chance(0.5)) blocks.push(P(`${place.office.replace(place.issuer, c.gov)}为${W}政府信息公开工作主管部门，负责组织协调${W}政府信息公开工作。${W}从事政府信息公开工作专兼职人员${say('staff.total')}人。`));
    else blocks.push(P(`${W}共有政府信息公开工作专职人员${say('staff.full_time')}人，兼职人员${say('staff.part_time')}人${rng.chance(0.5) ? `，合计${say('staff.total')}人` : ''}。`));
    blocks.push(head(sections[6]));
  } else {
    blocks.push(head(sections[3]));
    blocks.push(P(feeText()));
    blocks.push(head(sections[4]));
    blocks.push(P(reviewText));
    blocks.push(head(sections[5]));
  }
  for (const p of rng.sample(PROBLEMS, rng.int(1, 2))) blocks.push(P(p(c)));
  if (style === 'minimal') {
    blocks.push(head(sections[6]));
    blocks.push(P(`本报告中所列数据的统计期限自${year}年1月1日起至${year}年12月31日止，电子版可以在${place.issuer}门户网站（http://${place.domain}）下载。`));
  }

  // appendix tables
  if (o.tables !== 'none' && o.layout !== 'prose') {
    if (o.tables === 'stat') {
      const cum = rng.chance(0.35);
      const heads: [string, string] | [string] = cum ? rng.pick([['统计数', '累计数'], ['本年度', '历年累计']] as const).slice() as [string, string] : ['统计数'];
      blocks.push(head(`附件：${rng.chance(0.5) ? place.region : place.issuer}${year}年政府信息公开情况统计表`));
      let lastGroup = '';
      const t = statTable(STAT_TABLE_ROWS, (r) => {
        if (r.label.startsWith('六、')) lastGroup = 'complaints';
        else if (/^[四五七八九]、/.test(r.label)) lastGroup = '';
        if (r.key) return S[r.key] = v[r.key];
        const extraKey = STAT_EXTRAS[r.label] ?? (lastGroup === 'complaints' ? { '（一）维持具体行政行为数': 'x.complaints.upheld', '（二）被纠错数': 'x.complaints.corrected', '（三）其他情形数': 'x.complaints.other' }[r.label] : undefined);
        return extraKey ? v[extraKey] : 0;
      }, { heads, role: 'stat', headingDash: rng.chance(0.4), cumulative: (r, x) => (r.key?.startsWith('staff') || r.key?.startsWith('org') ? x + rng.int(0, 5) : x + rng.int(x, x * 6 + 20)) });
      blocks.push(renderTable(t, o.layout, rng, o.render));
    } else {
      blocks.push(head(`附表一：${year}年依申请公开政府信息情况统计表`));
      const t1 = statTable(APPX_REQUESTS.filter((r) => r.key !== 'requests.channel.fax' || v[r.key] > 0 || rng.chance(0.3)), (r) => (S[r.key!] = v[r.key!]), { heads: [rng.pick(['数量', '统计数', '件数'])], role: 'appendix', headingDash: false });
      blocks.push(renderTable(t1, o.layout, rng, o.render));
      blocks.push(head(`附表二：${year}年政府信息公开行政复议、诉讼及申诉情况统计表`));
      const t2 = statTable(APPX_REVIEW, (r) => (S[r.key!] = v[r.key!]), { heads: ['数量'], role: 'appendix', headingDash: false });
      blocks.push(renderTable(t2, o.layout, rng, o.render));
    }
  }
  if (o.revision > 0) blocks.push(P(`（本报告已于${cnDate(o.signDate)}更正部分统计数据）`));
  blocks.push(`<p style="text-align:right;">${esc(place.office)}</p>`);
  blocks.push(`<p style="text-align:right;">${esc(rng.chance(0.2) ? hanDate(o.signDate) : cnDate(o.signDate))}</p>`);
  return { blocks, metrics: S };
}
