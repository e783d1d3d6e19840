// Owns the labels of the official tables (requests, review, proactive; 2019 and 2021 forms)
// that OCR'd table labels are snapped to when they are nearly the same text, and the text
// similarity used for that and for recognising repeated header rows.

const LABELS = [
  // requests table
  '申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计',
  '一、本年新收政府信息公开申请数量', '二、上年结转政府信息公开申请数量', '三、本年度办理结果',
  '（一）予以公开', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '（三）不予公开',
  '1.属于国家秘密', '2.其他法律行政法规禁止公开', '3.危及“三安全一稳定”', '4.保护第三方合法权益',
  '5.属于三类内部事务信息', '6.属于四类过程性信息', '7.属于行政执法案卷', '8.属于行政查询事项',
  '（四）无法提供', '1.本机关不掌握相关政府信息', '2.没有现成信息需要另行制作', '3.补正后申请内容仍不明确',
  '（五）不予处理', '1.信访举报投诉类申请', '2.重复申请', '3.要求提供公开出版物', '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息', '（六）其他处理',
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '3.其他',
  '（七）总计', '四、结转下年度继续办理',
  '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
  // review table
  '行政复议', '行政诉讼', '结果维持', '结果纠正', '其他结果', '尚未审结', '未经复议直接起诉', '复议后起诉',
  // proactive table
  '信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '规章', '行政规范性文件', '规范性文件',
  '本年处理决定数量', '行政许可', '行政处罚', '行政强制', '本年收费金额（单位：万元）', '行政事业性收费',
  '本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '处理决定数量',
  '其他对外管理服务事项', '采购项目数量', '采购总金额（万元）', '政府集中采购',
];

const norm = (s: string): string => s.replace(/[^\p{L}\p{N}]/gu, '');

/** Similarity of two texts (0..1) by longest common subsequence, punctuation ignored. */
export function similar(a: string, b: string): number {
  const x = norm(a), y = norm(b);
  if (x === y) return 1;
  if (!x.length || !y.length) return 0;
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return (2 * prev[y.length]) / (x.length + y.length);
}

/**
 * The official label an OCR'd label stands for, when it is close (≥ 0.8) and clearly closer
 * than any other; otherwise the text as read.
 */
export function snapLabel(text: string): string {
  const n = norm(text);
  if (n.length < 2 || /^\d+$/.test(n)) return text;
  let best = '', b1 = 0, b2 = 0;
  for (const l of LABELS) {
    const ln = norm(l);
    if (Math.abs(ln.length - n.length) > Math.max(3, n.length * 0.3)) continue;
    const s = similar(n, ln);
    if (s > b1) { b2 = b1; b1 = s; best = l; } else if (s > b2) b2 = s;
  }
  return b1 >= 0.8 && b1 - b2 >= 0.05 ? best : text;
}
