// Owns the official table vocabularies: row and column labels of the 2019/2021 formats and the
// 2014–2018 统计表, each paired with its metric key from shared/spec/metrics.md.

export const APPLICANT_COLS = [
  { key: 'natural_person', label: '自然人' },
  { key: 'commercial', label: '商业企业' },
  { key: 'research', label: '科研机构' },
  { key: 'social_org', label: '社会公益组织' },
  { key: 'legal_service', label: '法律服务机构' },
  { key: 'other_org', label: '其他' },
] as const;
export const COL_KEYS = [...APPLICANT_COLS.map((c) => c.key), 'total'] as const;
export type ColKey = (typeof COL_KEYS)[number];

/** A leaf row of the requests table; `group` is the merged label cell to its left, if any. */
export interface RequestRow {
  key: string;
  label: string;
  group?: string;
  /** row counted in `processed` */
  result: boolean;
}

const RESULT_GROUP = '三、本年度办理结果';

export function requestRows(era: '2019' | '2021'): RequestRow[] {
  const rows: RequestRow[] = [
    { key: 'new_received', label: '一、本年新收政府信息公开申请数量', result: false },
    { key: 'carried_over', label: '二、上年结转政府信息公开申请数量', result: false },
    { key: 'granted', label: '（一）予以公开', group: RESULT_GROUP, result: true },
    { key: 'partial', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', group: RESULT_GROUP, result: true },
  ];
  const denied: Array<[string, string]> = [
    ['state_secret', '1.属于国家秘密'],
    ['law_forbidden', '2.其他法律行政法规禁止公开'],
    ['security_stability', '3.危及“三安全一稳定”'],
    ['third_party', '4.保护第三方合法权益'],
    ['internal_affairs', '5.属于三类内部事务信息'],
    ['process_info', '6.属于四类过程性信息'],
    ['enforcement_file', '7.属于行政执法案卷'],
    ['inquiry_matter', '8.属于行政查询事项'],
  ];
  for (const [k, l] of denied) rows.push({ key: `denied.${k}`, label: l, group: '（三）不予公开', result: true });
  const unable: Array<[string, string]> = [
    ['not_held', '1.本机关不掌握相关政府信息'],
    ['needs_creation', '2.没有现成信息需要另行制作'],
    ['unclear', '3.补正后申请内容仍不明确'],
  ];
  for (const [k, l] of unable) rows.push({ key: `unable.${k}`, label: l, group: '（四）无法提供', result: true });
  const notProcessed: Array<[string, string]> = [
    ['petition', '1.信访举报投诉类申请'],
    ['duplicate', '2.重复申请'],
    ['publication', '3.要求提供公开出版物'],
    ['mass_repeated', '4.无正当理由大量反复申请'],
    ['confirm_reissue', '5.要求行政机关确认或重新出具已获取信息'],
  ];
  for (const [k, l] of notProcessed) rows.push({ key: `not_processed.${k}`, label: l, group: '（五）不予处理', result: true });
  if (era === '2019') {
    rows.push({ key: 'other', label: '（六）其他处理', group: RESULT_GROUP, result: true });
  } else {
    rows.push(
      { key: 'other.overdue_correction', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', group: '（六）其他处理', result: true },
      { key: 'other.overdue_fee', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', group: '（六）其他处理', result: true },
      { key: 'other.other', label: '3.其他', group: '（六）其他处理', result: true },
    );
  }
  rows.push({ key: 'processed', label: '（七）总计', group: RESULT_GROUP, result: false });
  rows.push({ key: 'carried_forward', label: '四、结转下年度继续办理', result: false });
  return rows;
}

export const REVIEW_GROUPS = [
  { key: 'reconsideration', label: '行政复议' },
  { key: 'litigation_direct', label: '未经复议直接起诉' },
  { key: 'litigation_after_reconsideration', label: '复议后起诉' },
] as const;
export const REVIEW_COLS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;

/** 2014–2018 national 统计表 rows; `key` undefined for rows outside the vocabulary. */
export interface StatRow {
  label: string;
  unit: string;
  key?: string;
  /** heading row without a value */
  heading?: boolean;
  /** value is money in 万元, metric in yuan */
  wan?: boolean;
}

export const STAT_TABLE_ROWS: readonly StatRow[] = [
  { label: '一、主动公开情况', unit: '', heading: true },
  { label: '（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）', unit: '条', key: 'proactive.items.total' },
  { label: '其中：主动公开规范性文件数', unit: '条', key: 'proactive.normative_docs.published' },
  { label: '制发规范性文件总数', unit: '件', key: 'proactive.normative_docs.made' },
  { label: '（二）通过不同渠道和方式公开政府信息的情况', unit: '', heading: true },
  { label: '1.政府公报公开政府信息数', unit: '条', key: 'proactive.channel.gazette' },
  { label: '2.政府网站公开政府信息数', unit: '条', key: 'proactive.channel.website' },
  { label: '3.政务微博公开政府信息数', unit: '条', key: 'proactive.channel.weibo' },
  { label: '4.政务微信公开政府信息数', unit: '条', key: 'proactive.channel.wechat' },
  { label: '5.其他方式公开政府信息数', unit: '条', key: 'proactive.channel.other' },
  { label: '二、回应解读情况', unit: '', heading: true },
  { label: '（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）', unit: '次', key: 'response.hot_topics' },
  { label: '（二）通过不同渠道和方式回应解读的情况', unit: '', heading: true },
  { label: '1.参加或举办新闻发布会总次数', unit: '次', key: 'response.press_conferences' },
  { label: '其中：主要负责同志参加新闻发布会次数', unit: '次' },
  { label: '2.政府网站在线访谈次数', unit: '次', key: 'response.online_interviews' },
  { label: '其中：主要负责同志参加政府网站在线访谈次数', unit: '次' },
  { label: '3.政策解读稿件发布数', unit: '篇', key: 'response.interpretations' },
  { label: '4.微博微信回应事件数', unit: '次' },
  { label: '5.其他方式回应事件数', unit: '次' },
  { label: '三、依申请公开情况', unit: '', heading: true },
  { label: '（一）收到申请数', unit: '件', key: 'requests.new_received.total' },
  { label: '1.当面申请数', unit: '件', key: 'requests.channel.in_person' },
  { label: '2.传真申请数', unit: '件', key: 'requests.channel.fax' },
  { label: '3.网络申请数', unit: '件', key: 'requests.channel.online' },
  { label: '4.信函申请数', unit: '件', key: 'requests.channel.letter' },
  { label: '（二）申请办结数', unit: '件', key: 'requests.closed.total' },
  { label: '1.按时办结数', unit: '件', key: 'requests.closed.on_time' },
  { label: '2.延期办结数', unit: '件', key: 'requests.closed.extended' },
  { label: '（三）申请答复数', unit: '件', key: 'requests.answered.total' },
  { label: '1.属于已主动公开范围数', unit: '件', key: 'requests.already_public.total' },
  { label: '2.同意公开答复数', unit: '件', key: 'requests.granted.total' },
  { label: '3.同意部分公开答复数', unit: '件', key: 'requests.partial.total' },
  { label: '4.不同意公开答复数', unit: '件', key: 'requests.denied.total' },
  { label: '其中：涉及国家秘密', unit: '件' },
  { label: '涉及商业秘密', unit: '件' },
  { label: '涉及个人隐私', unit: '件' },
  { label: '危及国家安全、公共安全、经济安全和社会稳定', unit: '件' },
  { label: '不是《条例》所指政府信息', unit: '件' },
  { label: '法律法规规定的其他情形', unit: '件' },
  { label: '5.不属于本行政机关公开数', unit: '件', key: 'requests.not_this_agency.total' },
  { label: '6.申请信息不存在数', unit: '件', key: 'requests.not_exist.total' },
  { label: '7.告知作出更改补充数', unit: '件', key: 'requests.correction_notice.total' },
  { label: '8.告知通过其他途径办理数', unit: '件', key: 'requests.other_channel.total' },
  { label: '四、行政复议数量', unit: '件', key: 'review.reconsideration.total' },
  { label: '（一）维持具体行政行为数', unit: '件', key: 'review.reconsideration.upheld' },
  { label: '（二）被依法纠错数', unit: '件', key: 'review.reconsideration.corrected' },
  { label: '（三）其他情形数', unit: '件', key: 'review.reconsideration.other' },
  { label: '五、行政诉讼数量', unit: '件', key: 'review.litigation.total' },
  { label: '（一）维持具体行政行为或者驳回原告诉讼请求数', unit: '件', key: 'review.litigation.upheld' },
  { label: '（二）被依法纠错数', unit: '件', key: 'review.litigation.corrected' },
  { label: '（三）其他情形数', unit: '件', key: 'review.litigation.other' },
  { label: '六、举报投诉数量', unit: '件', key: 'complaints.total' },
  { label: '（一）维持具体行政行为数', unit: '件' },
  { label: '（二）被纠错数', unit: '件' },
  { label: '（三）其他情形数', unit: '件' },
  { label: '七、依申请公开信息收取的费用', unit: '万元', key: 'fees.amount_yuan', wan: true },
  { label: '八、机构建设和保障经费情况', unit: '', heading: true },
  { label: '（一）政府信息公开工作专门机构数', unit: '个', key: 'org.dedicated_units' },
  { label: '（二）设置政府信息公开查阅点数', unit: '个', key: 'org.reading_points' },
  { label: '（三）从事政府信息公开工作人员数', unit: '人', key: 'staff.total' },
  { label: '1.专职人员数（不包括政府公报及政府网站工作人员数）', unit: '人', key: 'staff.full_time' },
  { label: '2.兼职人员数', unit: '人', key: 'staff.part_time' },
  { label: '（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）', unit: '万元', key: 'funding.amount_yuan', wan: true },
  { label: '九、会议和培训情况', unit: '', heading: true },
  { label: '（一）召开政府信息公开工作会议或专题会议数', unit: '次', key: 'training.meetings' },
  { label: '（二）举办各类培训班数', unit: '次', key: 'training.courses' },
  { label: '（三）接受培训人员数', unit: '人次', key: 'training.trainees' },
];

/** Every metric key the generator may write (the vocabulary of metrics.md it uses). */
export function vocabulary(): Set<string> {
  const v = new Set<string>();
  for (const era of ['2019', '2021'] as const) for (const r of requestRows(era)) for (const c of COL_KEYS) v.add(`requests.${r.key}.${c}`);
  for (const g of REVIEW_GROUPS) for (const c of REVIEW_COLS) v.add(`review.${g.key}.${c.key}`);
  for (const r of ['regulations', 'normative_docs']) for (const c of ['made', 'published', 'public_total', 'issued', 'repealed', 'in_force']) v.add(`proactive.${r}.${c}`);
  for (const r of ['licensing', 'other_services', 'penalty', 'coercion']) for (const c of ['prev_items', 'change', 'decisions']) v.add(`proactive.${r}.${c}`);
  v.add('proactive.fees.prev_items').add('proactive.fees.change').add('proactive.fees.amount_yuan');
  v.add('proactive.procurement.projects').add('proactive.procurement.amount_yuan');
  for (const r of STAT_TABLE_ROWS) if (r.key) v.add(r.key);
  for (const k of ['requests.channel.email', 'requests.channel.other', 'review.complaint.total']) v.add(k);
  return v;
}
