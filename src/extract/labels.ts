// Owns the Chinese-label → metric-key vocabulary (the one place that maps labels to keys):
// rows and columns of the 2019/2021 tables, rows of the 2014–2018 统计表 and local appendix
// tables, the era markers, and the phrases prose statistics are read from.
// Labels are matched against "compact" text: simplified, half-width, whitespace removed.

/** Columns of the requests table (收到和处理政府信息公开申请情况), in official order. */
export const REQUEST_COLUMNS = [
  { key: 'natural_person', label: '自然人' },
  { key: 'commercial', label: '商业企业' },
  { key: 'research', label: '科研机构' },
  { key: 'social_org', label: '社会公益组织' },
  { key: 'legal_service', label: '法律服务机构' },
  { key: 'other_org', label: '其他' },
  { key: 'total', label: '总计' },
] as const;

export interface RowLabel { key: string; re: RegExp; label: string }

/** Rows of the requests table. Order matters: the first match wins. `group` rows carry no values. */
export const REQUEST_ROWS: RowLabel[] = [
  { key: 'new_received', re: /本年新收/, label: '一、本年新收政府信息公开申请数量' },
  { key: 'carried_over', re: /上年结转/, label: '二、上年结转政府信息公开申请数量' },
  { key: 'carried_forward', re: /结转下年/, label: '四、结转下年度继续办理' },
  { key: 'partial', re: /部分公开/, label: '(二)部分公开' },
  { key: 'granted', re: /予以公开$/, label: '(一)予以公开' },
  { key: 'denied.state_secret', re: /国家秘密/, label: '1.属于国家秘密' },
  { key: 'denied.law_forbidden', re: /法律、?行政法规禁止|法律、?法规禁止|法律法规规定禁止/, label: '2.其他法律行政法规禁止公开' },
  { key: 'denied.security_stability', re: /三安全一稳定|危及/, label: '3.危及"三安全一稳定"' },
  { key: 'denied.third_party', re: /第三方/, label: '4.保护第三方合法权益' },
  { key: 'denied.internal_affairs', re: /内部事务/, label: '5.属于三类内部事务信息' },
  { key: 'denied.process_info', re: /过程性/, label: '6.属于四类过程性信息' },
  { key: 'denied.enforcement_file', re: /执法案卷/, label: '7.属于行政执法案卷' },
  { key: 'denied.inquiry_matter', re: /查询事项/, label: '8.属于行政查询事项' },
  { key: 'unable.not_held', re: /不掌握/, label: '1.本机关不掌握相关政府信息' },
  { key: 'unable.needs_creation', re: /另行制作/, label: '2.没有现成信息需要另行制作' },
  { key: 'unable.unclear', re: /仍不明确|补正后/, label: '3.补正后申请内容仍不明确' },
  { key: 'not_processed.petition', re: /信访|举报投诉/, label: '1.信访举报投诉类申请' },
  { key: 'not_processed.duplicate', re: /重复申请/, label: '2.重复申请' },
  { key: 'not_processed.publication', re: /出版物/, label: '3.要求提供公开出版物' },
  { key: 'not_processed.mass_repeated', re: /大量反复/, label: '4.无正当理由大量反复申请' },
  { key: 'not_processed.confirm_reissue', re: /确认或重新出具|重新出具/, label: '5.要求行政机关确认或重新出具已获取信息' },
  { key: 'other.overdue_correction', re: /逾期不补正/, label: '1.申请人无正当理由逾期不补正' },
  { key: 'other.overdue_fee', re: /缴纳费用|收费通知/, label: '2.申请人逾期未按收费通知要求缴纳费用' },
  { key: 'other', re: /^(\([六6]\))?其他处理$/, label: '(六)其他处理' },
  { key: 'other.other', re: /^(3\.?)?其他$/, label: '3.其他' },
  { key: 'processed', re: /^(\([七7]\))?(总计|合计)$/, label: '(七)总计' },
];

/** Group headings of the requests table (no values of their own). */
export const REQUEST_GROUPS = /^(三、)?本年度办理结果$|^(\([三四五]\))?(不予公开|无法提供|不予处理)$|^申请人情况$|^法人或其他组织$/;

/** Review table (政府信息公开行政复议、行政诉讼情况): groups × columns in official order. */
export const REVIEW_GROUPS = [
  { key: 'reconsideration', label: '行政复议' },
  { key: 'litigation_direct', label: '行政诉讼 未经复议直接起诉' },
  { key: 'litigation_after_reconsideration', label: '行政诉讼 复议后起诉' },
] as const;
export const REVIEW_COLUMNS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
  { key: 'total', label: '总计' },
] as const;
/** Header words of the review table (anything else that is not a number ends it). */
export const REVIEW_HEADER = /^(行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|总计|合计|(行政诉讼)?(未经复议直接起诉|复议后起诉|直接起诉)|行政诉讼\((未经复议直接起诉|复议后起诉|直接起诉)\)|维持|纠正|其他|结果)$/;

/** Proactive table (主动公开政府信息情况) rows. */
export const PROACTIVE_ROWS: RowLabel[] = [
  { key: 'regulations', re: /^规章$/, label: '规章' },
  { key: 'normative_docs', re: /^(行政)?规范性文件$/, label: '规范性文件' },
  { key: 'licensing', re: /^行政许可$/, label: '行政许可' },
  { key: 'other_services', re: /^其他对外管理服务事项$/, label: '其他对外管理服务事项' },
  { key: 'penalty', re: /^行政处罚$/, label: '行政处罚' },
  { key: 'coercion', re: /^行政强制$/, label: '行政强制' },
  { key: 'fees', re: /^行政事业性收费$/, label: '行政事业性收费' },
  { key: 'procurement', re: /^政府集中采购$/, label: '政府集中采购' },
];

/** Column headers of the proactive table → column key. */
export const PROACTIVE_COLUMNS: Array<{ key: string; re: RegExp }> = [
  { key: 'made', re: /新制作/ },
  { key: 'published', re: /新公开/ },
  { key: 'public_total', re: /对外公开总/ },
  { key: 'prev_items', re: /上一年项目/ },
  { key: 'change', re: /增\/?减/ },
  { key: 'decisions', re: /处理决定/ },
  { key: 'projects', re: /采购项目/ },
  { key: 'amount_yuan', re: /采购总金额|收费金额/ },
  { key: 'issued', re: /制发/ },
  { key: 'repealed', re: /废止/ },
  { key: 'in_force', re: /现行有效/ },
];

/** Default column layout per row kind and era when headers are cut or missing. */
export const PROACTIVE_DEFAULT_COLUMNS: Record<'2019' | '2021', Record<string, string[]>> = {
  '2019': {
    regulations: ['made', 'published', 'public_total'],
    normative_docs: ['made', 'published', 'public_total'],
    licensing: ['prev_items', 'change', 'decisions'],
    other_services: ['prev_items', 'change', 'decisions'],
    penalty: ['prev_items', 'change', 'decisions'],
    coercion: ['prev_items', 'change', 'decisions'],
    fees: ['prev_items', 'change'],
    procurement: ['projects', 'amount_yuan'],
  },
  '2021': {
    regulations: ['issued', 'repealed', 'in_force'],
    normative_docs: ['issued', 'repealed', 'in_force'],
    licensing: ['decisions'],
    penalty: ['decisions'],
    coercion: ['decisions'],
    fees: ['amount_yuan'],
  },
};

/** Era markers (compact text). */
export const ERA_MARKERS = {
  f2021: /本年制发件数|本年废止件数|现行有效件数|逾期不补正|逾期未按收费通知/,
  // table header words and rows (政府集中采购 and 采购总金额 alone are words a pre-2019 text uses too)
  f2019: /本年新制作数量|本年新公开数量|对外公开总数量|采购项目数量|其他对外管理服务事项|上一年项目数量/,
  tables2019: /本年新收政府信息公开申请|申请人情况|社会公益组织|法律服务机构/,
  /** the format notices a report says it follows (国办公开办函〔2021〕30号, 〔2019〕60号) */
  notice2021: /公开办函\(?〔?\[?2021\]?〕?\)?30号|年度报告格式》?\(?2021/,
  notice2019: /公开办函\(?〔?\[?2019\]?〕?\)?60号/,
  /** section names of the 2019/2021 template */
  sections2019: /收到和处理政府信息公开申请情况|政府信息公开行政复议、?行政诉讼情况/,
  pre2019: /统计指标|主动公开政府信息数|收到申请数|申请答复数|依申请公开政府信息情况|政府信息公开的收费及减免情况|收费及减免|因政府信息公开申请(提起)?行政复议|举报投诉数量|不同意公开|同意部分公开|告知通过其他途径/,
};

/**
 * Rows of the 2014–2018 统计表 and of local appendix tables (label | unit | value).
 * `ctx` restricts a row to a section (the last section heading seen: 'reconsideration' or 'litigation').
 */
export interface StatRow { key: string; re: RegExp; ctx?: 'reconsideration' | 'litigation' }
export const STAT_ROWS: StatRow[] = [
  { key: 'proactive.normative_docs.published', re: /主动公开规范性文件/ },
  { key: 'proactive.normative_docs.made', re: /制发规范性文件/ },
  { key: 'proactive.channel.gazette', re: /政府公报公开/ },
  { key: 'proactive.channel.website', re: /政府网站公开/ },
  { key: 'proactive.channel.weibo', re: /政务微博公开/ },
  { key: 'proactive.channel.wechat', re: /政务微信公开/ },
  { key: 'proactive.channel.other', re: /其他方式公开/ },
  { key: 'proactive.items.total', re: /主动公开政府信息(总)?(数|条数|总数)?$|主动公开政府信息数/ },
  { key: 'response.hot_topics', re: /回应公众关注热点|重大舆情数/ },
  { key: 'response.press_conferences_leader', re: /主要负责同志参加新闻发布会/ },
  { key: 'response.online_interviews_leader', re: /主要负责同志参加政府网站在线访谈/ },
  { key: 'response.press_conferences', re: /举办新闻发布会|新闻发布会总次数/ },
  { key: 'response.online_interviews', re: /在线访谈次数/ },
  { key: 'response.interpretations', re: /政策解读稿件/ },
  { key: 'response.weibo_wechat', re: /微博微信回应/ },
  { key: 'response.other', re: /其他方式回应/ },
  { key: 'requests.channel.in_person', re: /当面申请/ },
  { key: 'requests.channel.fax', re: /传真申请/ },
  { key: 'requests.channel.online', re: /(网络|网上)申请/ },
  { key: 'requests.channel.letter', re: /信函申请/ },
  { key: 'requests.channel.email', re: /电子邮件申请/ },
  { key: 'requests.new_received.total', re: /^收到申请(数|总数)?$|依申请公开受理|受理(政府信息公开)?申请(数|总数)?$|^申请总数$/ },
  { key: 'requests.closed.on_time', re: /按时办结/ },
  { key: 'requests.closed.extended', re: /延期办结/ },
  { key: 'requests.closed.total', re: /申请办结数|^办结数$/ },
  { key: 'requests.answered.total', re: /申请答复数|对申请(的)?答复|^答复数$/ },
  { key: 'requests.already_public.total', re: /已主动公开/ },
  { key: 'requests.partial.total', re: /同意部分公开/ },
  { key: 'requests.denied.total', re: /不同意公开|不予公开答复/ },
  { key: 'requests.granted.total', re: /同意公开/ },
  { key: 'requests.denied_reason.state_secret', re: /涉及国家秘密/ },
  { key: 'requests.denied_reason.business_secret', re: /涉及商业秘密/ },
  { key: 'requests.denied_reason.privacy', re: /涉及个人隐私/ },
  { key: 'requests.denied_reason.security_stability', re: /危及国家安全/ },
  { key: 'requests.denied_reason.not_gov_info', re: /不是《?条例》?所指/ },
  { key: 'requests.denied_reason.other', re: /法律法规规定的其他情形/ },
  { key: 'requests.not_this_agency.total', re: /不属于本(行政)?机关/ },
  { key: 'requests.not_exist.total', re: /信息不存在/ },
  { key: 'requests.correction_notice.total', re: /更改补充/ },
  { key: 'requests.other_channel.total', re: /其他途径/ },
  { key: 'review.reconsideration.total', re: /^(因政府信息公开(申请)?(提起|引发|引起)(的)?)?行政复议(数量|数|案件数|总数)$/ },
  { key: 'review.litigation.total', re: /^(因政府信息公开(申请)?(提起|引发|引起)(的)?)?行政诉讼(数量|数|案件数|总数)$/ },
  { key: 'review.complaint.total', re: /^申诉(数量|数|案件数)$/ },
  { key: 'review.reconsideration.upheld', re: /维持/, ctx: 'reconsideration' },
  { key: 'review.reconsideration.corrected', re: /纠错|纠正/, ctx: 'reconsideration' },
  { key: 'review.reconsideration.other', re: /其他情形/, ctx: 'reconsideration' },
  { key: 'review.litigation.upheld', re: /维持|驳回/, ctx: 'litigation' },
  { key: 'review.litigation.corrected', re: /纠错|纠正/, ctx: 'litigation' },
  { key: 'review.litigation.other', re: /其他情形/, ctx: 'litigation' },
  { key: 'complaints.total', re: /举报投诉数/ },
  { key: 'fees.amount_yuan', re: /收取(的)?费用|收费(金额|总额)/ },
  { key: 'org.dedicated_units', re: /专门机构数/ },
  { key: 'org.reading_points', re: /查阅点数|查阅场所数/ },
  { key: 'staff.full_time', re: /专职人员/ },
  { key: 'staff.part_time', re: /兼职人员/ },
  { key: 'staff.total', re: /工作人员数|专兼职人员/ },
  { key: 'funding.amount_yuan', re: /专项经费/ },
  { key: 'training.meetings', re: /会议或专题会议|工作会议/ },
  { key: 'training.courses', re: /培训班数/ },
  { key: 'training.trainees', re: /接受培训人员/ },
];

/** Section headings inside a 统计表 that set the context for 维持/纠错/其他情形 rows. */
export const STAT_SECTIONS: Array<{ ctx: 'reconsideration' | 'litigation' | null; re: RegExp }> = [
  { ctx: 'reconsideration', re: /行政复议/ },
  { ctx: 'litigation', re: /行政诉讼/ },
  { ctx: null, re: /举报投诉|收取的费用|机构建设|会议和培训|依申请公开情况|主动公开情况|回应解读/ },
];

/** Units that may stand in their own cell of a 统计表 row. */
export const UNIT_CELL = /^(条|件|个|人|次|篇|人次|份|项|期|家|场|件次|万条|万元|元|万件|万份|万次)$/;

/** Header words of value columns: which column holds the year's value. */
export const YEAR_COLUMN = /本年|本期|统计数|数量|当年|年度/;
export const CUMULATIVE_COLUMN = /累计|历年|上年/;

/**
 * Prose statistics. Each pattern is tried on one clause of normalised text; `n` captures the
 * number (with optional 万), the unit follows. `zero` patterns state a zero in words.
 * `need`/`not` test the whole sentence.
 */
export interface ProsePattern { key: string; re: RegExp; need?: RegExp; not?: RegExp; section?: RegExp }
// a figure: Arabic digits (optionally in 万) or a Chinese numeral (两件, 十二件, 一百零五件);
// a Chinese numeral must not continue one (数十, 几十, 第一, 每一, 唯一, 统一).
const N = String.raw`(?<n>\d[\d,]*(?:\.\d+)?万?|(?<![数几第每唯统同逐单〇零一二两三四五六七八九十百千万])[〇零一二两三四五六七八九十百千万]+)`;
/** Administrative fees (行政事业性收费, 行政收费, 事业性收费, 行政事业收费, …费用): the proactive table's line, not fees for requests. */
const ADMIN_FEE = String.raw`(?:行政|事业)(?:事业)?性?收?费`;
const APX_BEFORE = String.raw`(?<pre>约|近|逾|超过|大约)?`;
export const PROSE_PATTERNS: ProsePattern[] = [
  { key: 'proactive.items.total', re: new RegExp(String.raw`主动(?:公开|发布)(?:各类|各项)?政府信息(?:共|共计|合计|总计|累计|达)?${APX_BEFORE}${N}(?:多|余)?(?:条|件)`) },
  { key: 'proactive.items.total', re: new RegExp(String.raw`(?:共|共计|合计|总计|累计)(?:公开|发布)(?:各类|各项)?政府信息${APX_BEFORE}${N}(?:多|余)?(?:条|件)`), need: /主动/ },
  { key: 'proactive.items.total', re: new RegExp(String.raw`公开(?:各类|各项)?政府信息(?:共|共计|合计|总计|累计|达)?${APX_BEFORE}${N}(?:多|余)?(?:条|件)`), section: /主动公开/ },
  { key: 'requests.new_received.total', re: new RegExp(String.raw`(?:受理|收到|接到|接收|办理)(?:了)?[^,;:。\d]{0,24}?申请(?:共|共计|合计|总计)?${APX_BEFORE}${N}(?:多|余)?(?:件|个|份|条|宗)`), not: /办结|答复/ },
  { key: 'requests.new_received.total', re: new RegExp(String.raw`(?:受理|收到|接到|接收)(?:了)?[^,;:。\d]{0,8}?依申请公开(?:事项|申请)?(?:共|共计)?${APX_BEFORE}${N}(?:件|个|份|条|宗)`) },
  { key: 'requests.channel.in_person', re: new RegExp(String.raw`(?:当面|现场)(?:方式)?(?:申请|提交|提出|递交)?(?:的)?(?:申请)?${N}(?:件|个|份|条)`) },
  { key: 'requests.channel.online', re: new RegExp(String.raw`(?:网络|网上|网站|在线|互联网)(?:方式)?(?:申请|提交|提出|递交)(?:的)?(?:申请)?${N}(?:件|个|份|条)`) },
  { key: 'requests.channel.letter', re: new RegExp(String.raw`(?:信函|邮寄)(?:方式)?(?:申请|提交|提出|递交)?(?:的)?(?:申请)?${N}(?:件|个|份|条)`) },
  { key: 'requests.channel.fax', re: new RegExp(String.raw`传真(?:方式)?(?:申请|提交|提出|递交)?(?:的)?(?:申请)?${N}(?:件|个|份|条)`) },
  { key: 'requests.channel.email', re: new RegExp(String.raw`电子邮件(?:方式)?(?:申请|提交|提出|递交)?(?:的)?(?:申请)?${N}(?:件|个|份|条)`) },
  { key: 'requests.channel.other', re: new RegExp(String.raw`其他(?:方式|形式|渠道)(?:申请|提交|提出|递交)?(?:的)?(?:申请)?${N}(?:件|个|份|条)`), not: /告知|办理|答复/ },
  { key: 'requests.answered.total', re: new RegExp(String.raw`答复[^,;:。\d”"》]{0,16}?${N}(?:件|个|份|条)`), not: /同意|已主动公开|不属于|不存在|更改补充|其他途径|建议|提案|来信|来电|咨询|留言/ },
  { key: 'requests.already_public.total', re: new RegExp(String.raw`已主动公开(?:范围)?(?:的)?(?:信息)?(?:答复)?${N}(?:件|个|份|条)`) },
  { key: 'requests.partial.total', re: new RegExp(String.raw`同意部分公开(?:答复|的)?${N}(?:件|个|份|条)`) },
  { key: 'requests.denied.total', re: new RegExp(String.raw`不(?:同意|予)公开(?:答复|的)?${N}(?:件|个|份|条)`) },
  { key: 'requests.granted.total', re: new RegExp(String.raw`(?<!不|部分)同意公开(?:答复|的)?${N}(?:件|个|份|条)`) },
  { key: 'requests.not_this_agency.total', re: new RegExp(String.raw`不属于本(?:行政)?机关[^,;:。\d]{0,12}?(?:的)?${N}(?:件|个|份|条)`) },
  { key: 'requests.not_exist.total', re: new RegExp(String.raw`信息不存在(?:的)?${N}(?:件|个|份|条)`) },
  { key: 'requests.correction_notice.total', re: new RegExp(String.raw`告知作出更改补充(?:的)?${N}(?:件|个|份|条)`) },
  { key: 'requests.other_channel.total', re: new RegExp(String.raw`告知通过其他途径(?:办理)?(?:的)?${N}(?:件|个|份|条)`) },
  { key: 'review.reconsideration.total', re: new RegExp(String.raw`行政复议(?:申请|案件)?(?:共|共计)?${N}(?:件|起|宗|次|个)`) },
  { key: 'review.litigation.total', re: new RegExp(String.raw`(?:行政诉讼|行政应诉)(?:案件)?(?:共|共计)?${N}(?:件|起|宗|次|个)`) },
  { key: 'review.complaint.total', re: new RegExp(String.raw`申诉(?:案件)?(?:共|共计)?${N}(?:件|起|宗|次|个)`) },
  { key: 'staff.total', re: new RegExp(String.raw`(?:专兼职|专职和兼职|专、兼职)(?:工作)?人员(?:共|共计|总计)?${N}(?:人|名)`) },
  { key: 'staff.total', re: new RegExp(String.raw`从事政府信息公开工作(?:的)?人员(?:共|共计|总计)?${N}(?:人|名)`) },
  { key: 'staff.full_time', re: new RegExp(String.raw`(?<!兼[、和]?|兼职[、和及])专职(?:工作)?人员(?:共|共计)?${N}(?:人|名)`) },
  { key: 'staff.part_time', re: new RegExp(String.raw`(?<!专[、和]?|专职[、和及])兼职(?:工作)?人员(?:共|共计)?${N}(?:人|名)`) },
  { key: 'staff.total', re: new RegExp(String.raw`^(?:合计|共计|总计|共)${N}(?:人|名)`), section: /人员/ },
  // fees charged for information requests; administrative fees (行政事业性收费 and its shorter
  // wordings, a line of the proactive-disclosure table) are another figure and are not read here
  { key: 'fees.amount_yuan', re: new RegExp(String.raw`收取(?:了)?(?![^,;。\d]{0,16}?${ADMIN_FEE})[^,;。\d]{0,16}?(?:费用|费)(?:共|共计|合计)?${N}元`) },
];

/** Sub-figures of a reconsideration/litigation sentence (applied only when the sentence names one of the two). */
export const PROSE_REVIEW_PARTS: Array<{ col: string; re: RegExp }> = [
  { col: 'upheld', re: new RegExp(String.raw`维持(?:具体行政行为|原(?:行政)?行为|原决定)?(?:的)?${N}(?:件|起|宗)`) },
  { col: 'corrected', re: new RegExp(String.raw`(?:被依法纠错|纠错|纠正|撤销)(?:的)?${N}(?:件|起|宗)`) },
  { col: 'other', re: new RegExp(String.raw`其他(?:情形|结果)(?:的)?${N}(?:件|起|宗)`) },
];

/** Zero stated in words. Each entry sets the listed keys to 0 when the clause matches. */
export const PROSE_ZEROS: Array<{ re: RegExp; keys: Array<{ key: string; when: RegExp }>; not?: RegExp; need?: RegExp }> = [
  {
    re: /(?:没有|无|未(?:发生|出现|收到|接到|产生)?|不存在)[^,;。]{0,40}?(?:行政复议|复议|行政诉讼|诉讼|应诉|申诉)/,
    not: /无法|\d/,
    keys: [
      { key: 'review.reconsideration.total', when: /复议/ },
      { key: 'review.litigation.total', when: /诉讼|应诉/ },
      { key: 'review.complaint.total', when: /申诉/ },
    ],
  },
  {
    re: /(?:行政复议|复议|行政诉讼|诉讼|申诉)[^,;。]{0,20}?(?:为零|为0|均为零|均为0|数量为零)/,
    keys: [
      { key: 'review.reconsideration.total', when: /复议/ },
      { key: 'review.litigation.total', when: /诉讼|应诉/ },
      { key: 'review.complaint.total', when: /申诉/ },
    ],
  },
  {
    re: /(?:没有|未|无)(?:收到|受理|接到|发生)[^,;。]{0,30}?申请/,
    not: /复议|诉讼|申诉|\d/,
    keys: [{ key: 'requests.new_received.total', when: /./ }],
  },
  {
    re: /未收取[^,;。]{0,30}?费|没有收取[^,;。]{0,30}?费|无任何收费|未(?:发生|产生)?收费|不收取任何费用|均未收费|没有收费|全部(?:予以)?免费|一律免费|免费(?:提供|办理)/,
    not: new RegExp(String.raw`公报|邮寄至|${ADMIN_FEE}|\d`),
    need: /申请|信息公开|收费|费用/,
    keys: [{ key: 'fees.amount_yuan', when: /./ }],
  },
];

/** Report-title words and the parts of a title that are not the issuer. */
export const TITLE_WORDS = /(政府信息公开|政务公开|信息公开)(工作)?(年度报告|年报|工作报告|报告)/;
export const TITLE_TAIL = /(关于)?(政府信息公开|政务公开|信息公开)(工作)?(年度报告|年报|工作报告|报告)(全文)?$/;

/** Lines that are portal chrome, not report text. */
export const CHROME_LINE = /^(当前位置|您的位置|您现在的位置|首页\s*[>»]|来源[::]|信息来源[::]|发布时间[::]|发布日期[::]|作者[::]|浏览次数|浏览量|访问量|点击数|点击量|阅读次数|字体[::]|【字体|字号[::]|【打印】|打印本页|关闭窗口|【关闭】|分享到|更多$|索引号|发文字号|主题分类|发布机构|成文日期|生成日期|有效性|文号[::]|上一篇|下一篇|正在加载|Loading)/;
export const FOOTER_LINE = /^(设为首页|设为主页|加入收藏|网站地图|关于我们|联系我们|版权所有|Copyright|主办单位|主办[::]|承办[::]|承办单位|技术支持|网站标识码|网站识别码|相关链接|相关文章|相关阅读|扫一扫)|ICP备|公网安备|版权所有/;
export const SPAM_LINE = /时时彩|彩票|开奖|特马|六合彩|麻将|棋牌|百家乐|博彩|赌场|娱乐城|老虎机|真人娱乐|投注|即时比分|比分直播|葡京|威尼斯人|赌博|快乐十|福彩|pk10|北京赛车|幸运飞艇|太阳城|竞猜|开马|娱乐平台|电子游戏|捕鱼/;

// ---- Flattened official tables (text whose 2019/2021 tables lost every cell separator) ----
// Used by flattened.ts to find the tables inside one long line and to cut header runs into
// their words. Matched against character-normalised text (half-width, spaces kept).

/** Where an official table starts inside a flattened line. */
export const FLAT_TABLE_START = /第二十条第|信息内容|申请人情况|本年新收政府信息公开申请数量|行政复议[、\s]*行政诉讼|结果维持/;
/** Where the tables end: the next report section or a sentence. */
export const FLAT_TABLE_END = /[五六七]、|存在的主要问题|其他需要报告|。/;
/** Header words of the proactive and review tables, each cut out as a token of its own. */
export const FLAT_HEADER_WORDS = /第二十条第\s*\(?[一二三四五六七八九十\d]+\)?\s*项|信息内容|本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\/?减|(?:本年)?处理决定数量|采购项目数量|采购总金额(?:\s*\((?:单位:)?\s*万?元\))?|本年制发件数|本年废止件数|现行有效件数|本年收费金额(?:\s*\(单位:\s*万元\))?|行政复议|行政诉讼|结果维持|结果纠正|其他结果|尚未审结|未经复议直接起诉|复议后起诉|总计/g;

// ---------------------------------------------------------------------------------------------
// Pre-2019 local appendix tables and prose as real reports word them (helper ex2's block).
// Row labels of the 2008–2013 local 统计表 (指标名称 | 计量单位 | YYYY年度 | 历年累计) that the
// national rows above do not cover, tried before STAT_ROWS. An empty key marks a row that names
// two statistics at once (信函、传真申请数): it is read as no statistic rather than as one of them.
// ---------------------------------------------------------------------------------------------
export const PRE2019_ROWS: StatRow[] = [
  { key: '', re: /(信函|传真|电子邮件|网上|网络|当面)[、和及与\/](信函|传真|电子邮件|网上|网络|当面)/ },
  { key: 'proactive.items.total', re: /^主动公开(政府)?信息(总)?(数|条数|总数|数量)$/ },
  { key: 'proactive.channel.website', re: /^(门户)?网站公开(信息)?(数|条数)?$/ },
  { key: 'requests.new_received.total', re: /^(受理|收到)(依申请公开|政府信息公开申请|申请公开)(政府)?(信息)?(申请)?(总数|数|数量|件数)$/ },
  { key: 'requests.channel.other', re: /^其[它他](形式|方式|途径)申请(数|件数)?$/ },
  { key: 'requests.denied.total', re: /^(否决|不予)公开(答复)?(总数|数|件数)?$/ },
  { key: 'requests.not_this_agency.total', re: /非本(部门|机关|单位)掌握|不属于本(部门|单位)/ },
  { key: 'requests.denied_reason.not_gov_info', re: /^"?非《?(规定|条例)》?所指/ },
  { key: 'review.complaint.total', re: /^行政申诉(数|数量|件数)$/ },
];

/**
 * Header of a statistics table flattened into running text: its label, unit, an optional
 * row-code column (代码: 01, 02 … before the figures, as provincial statistics forms print) and
 * its value columns.
 */
export const FLAT_STAT_HEADER = /(?:指标名称|统计指标|指标|项目)\s*(?:计量单位|单位)\s*(代码|行次|序号|编号)?\s*((?:(?:(?:19|20)\d{2}\s*年度?|本年度?|本期(?:实际)?|统计数|当年|数量|历年累计|累计数?|本年累计|上年度?|同比)\s*){1,4})/;
/** One value column's header inside FLAT_STAT_HEADER's column group. */
export const FLAT_STAT_COLUMN = /(?:19|20)\d{2}\s*年度?|本年累计|本年度?|本期(?:实际)?|统计数|当年|数量|历年累计|累计数?|上年度?|同比/g;
/** Units printed in their own column of such a table (the longest first). */
export const FLAT_STAT_UNIT = /(人次|件次|万元|万条|条|件|个|项|人|次|元|篇|份|期|场|家|宗)$/;

/**
 * Words that make a figure in a sentence something other than a disclosure request: approvals,
 * licences, enquiries, petitions, suggestions, hotline calls (受理行政审批申请136437件, 解答咨询
 * 3000人次). A requests figure whose matched words contain one is not read.
 */
export const PROSE_REQUEST_DISTRACTOR = /审批|许可|咨询|信访|投诉|举报|建议|提案|来信|来电|留言|热线|办件|服务事项|业务|审核|登记|备案|查询|求助|诉求/;
/** Words that make a figure of items published something other than the year's count (visits, totals to date). */
export const PROSE_PROACTIVE_DISTRACTOR = /访问|浏览|点击|历年|累计|截至|截止|以来|总量/;


/** More ways pre-2019 reports state the request count (…申请数为3, 依申请公开件数为3件, 申请书5份). */
export const PRE2019_PROSE_PATTERNS: ProsePattern[] = [
  { key: 'requests.new_received.total', re: new RegExp(String.raw`(?:政府信息公开|依申请公开)(?:政府信息)?(?:的)?(?:申请)?(?:数|件数|数量|总数)为${N}(?:件|个|份|条)?`) },
  { key: 'requests.new_received.total', re: new RegExp(String.raw`(?:收到|受理|接到)[^,;:。\d]{0,16}?申请(?:书|表)${N}(?:份|件)`) },
];
/** More ways they state no requests at all (全年无政府信息公开申请, 没有…申请公开政府信息, 依申请公开…为零). */
export const PRE2019_PROSE_ZEROS: typeof PROSE_ZEROS = [
  {
    re: /(?:没有|无|未有)(?:任何)?[^,;。]{0,30}?(?:申请公开政府信息|政府信息公开(?:的)?申请|依申请公开(?:政府信息)?(?:的)?(?:申请|事项|情况))|依申请公开[^,;。]{0,12}?(?:为零|为0|数量为零)/,
    not: /复议|诉讼|申诉|\d|不予公开|无法/,
    keys: [{ key: 'requests.new_received.total', when: /./ }],
  },
];
