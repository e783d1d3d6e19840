// Owns the body of a 2019- or 2021-format report (国办公开办函〔2019〕60号 / 〔2021〕30号):
// the six sections with their official titles, the three tables in the chosen layout
// (flattened copies may run digits together or carry OCR misreads of a few figures),
// prose with distractor numbers, and the truth metrics the tables state.
import { COL_KEYS, REVIEW_COLS, REVIEW_GROUPS, requestRows } from './labels.js';
import { renderTable, esc, type Layout, type RenderOpts } from './layouts.js';
import { MODERN_OVERVIEW, PROBLEMS, otherMatters, provincialNotice, type Ctx } from './phrases.js';
import { proactiveTable, randomLabelStyle, requestsTable, reviewTable, styleTable, type BlankPolicy, type Table } from './tables.js';
import { cnDate, hanDate } from './format.js';
import { fusable } from './fuse.js';
import type { ModernValues } from './values.js';

export interface BodyParts {
  /** blocks of HTML in reading order (paragraphs, headings, tables); spam may go between them */
  blocks: string[];
  metrics: Record<string, number>;
  /** metric keys an extractor must flag (deliberate corruption) */
  expectFlags?: string[];
}

export type Corruption = 'none' | 'bad-total' | 'shifted-column';

export interface ModernOpts {
  era: '2019' | '2021';
  layout: Layout;
  blanks: boolean;
  spam: boolean;
  revision: number;
  corrupt: Corruption;
  signDate: string;
  render: RenderOpts;
}

const para = (s: string, indent: boolean) => (indent ? `<p style="text-indent:2em;">${esc(s)}</p>` : `<p>${esc(s)}</p>`);

export function modernMetrics(era: '2019' | '2021', v: ModernValues): Record<string, number> {
  const m: Record<string, number> = {};
  for (const r of requestRows(era)) for (const c of COL_KEYS) m[`requests.${r.key}.${c}`] = v.requests[r.key][c];
  for (const g of REVIEW_GROUPS) for (const c of REVIEW_COLS) m[`review.${g.key}.${c.key}`] = v.review[g.key][c.key];
  for (const [row, cols] of Object.entries(v.proactive)) for (const [col, n] of Object.entries(cols)) m[`proactive.${row}.${col}`] = n;
  return m;
}

export function modernBody(c: Ctx, v: ModernValues, o: ModernOpts): BodyParts {
  const { rng, place, year } = c;
  const indent = o.layout !== 'flattened-pipe' && o.layout !== 'flattened-lines' && rng.chance(0.6);
  const P = (s: string) => para(s, indent);
  const head = (s: string) => (rng.chance(0.5) ? `<p><strong>${esc(s)}</strong></p>` : o.layout.startsWith('flattened') ? `<p>${esc(s)}</p>` : `<h3>${esc(s)}</h3>`);
  const blocks: string[] = [];
  const spamGov = o.spam && rng.chance(0.3) ? rng.pick(['即时比分办公厅', '澳门威尼斯人办公厅', '北京赛车pk10办公厅']) : undefined;
  const period = rng.chance(0.1)
    ? rng.pick([`本报告所列数据的统计期限自${year}11日起至${year}1231日止。`, '本报告所列数据的统计期限自至。'])
    : `本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`;
  const contact = `如对本报告有疑问，请与${place.office}联系（地址：${place.region}${rng.pick(['人民路', '政务大道', '行政中心', '中山路'])}${rng.int(1, 300)}号，邮编：${place.code.slice(0, 4)}00，电话：0${rng.int(310, 939)}-${rng.int(2000000, 8999999)}）。`;
  blocks.push(P(`本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和${provincialNotice(c, spamGov)}要求，由${place.office}编制。本报告内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。${period}本报告电子版可在“${place.issuer}”门户网站（${place.domain}）查阅或下载。${rng.chance(0.6) ? contact : ''}`));
  blocks.push(head('一、总体情况'));
  // overview sub-sections: a subset in canonical order, numbered as printed
  const groups = [...new Set(MODERN_OVERVIEW.map(([t]) => t.replace(/^（.）/, '')))];
  const chosen = groups.filter((g) => g.startsWith('依申请') || rng.chance(0.7));
  chosen.forEach((g, gi) => {
    const paras = MODERN_OVERVIEW.filter(([t]) => t.replace(/^（.）/, '') === g);
    blocks.push(head(`（${'一二三四五六'[gi]}）${g}`));
    for (const [, body] of rng.sample(paras, rng.int(1, paras.length))) blocks.push(P(body(c)));
    if (g.startsWith('依申请')) {
      // prose about requests: agrees with the table or counts one office only — never the statistic
      const total = v.requests.new_received.total;
      const form = rng.weighted([['same', 5], ['office', 3], ['with-carried', 2]] as const);
      const n = form === 'same' ? total : form === 'office' ? Math.max(0, Math.round(total * rng.next() * 0.6)) : total + v.requests.carried_over.total;
      blocks.push(P(`${year}年，${rng.chance(0.5) ? c.whole + '共' : place.office.replace(place.issuer, c.gov) + '共'}受理政府信息公开申请${n}件${rng.chance(0.5) ? '次' : ''}，全部在法定期限内予以答复，答复率100%。`));
    }
  });
  const blankPolicy: BlankPolicy = o.blanks && (o.layout === 'table' || o.layout === 'merged' || o.layout === 'flattened-pipe') ? rng.pick(['some', 'orgs', 'all'] as const) : 'none';
  const cut = o.layout === 'flattened-pipe' && rng.chance(0.2);
  const labelStyle = randomLabelStyle(rng);
  if (o.layout === 'whitespace') labelStyle.wrapSpace = false;
  const tbl = (t: Table) => {
    t = styleTable(t, labelStyle, rng);
    if (cut) {
      // the first header row is lost and the next one cut (a copy that started mid-table)
      t = { ...t, rows: t.rows.slice(1).map((r, i) => (i === 0 ? r.map((x, j) => (j === 0 ? { ...x, text: x.text.slice(2) } : x)) : r)) };
    }
    return renderTable(t, o.layout, rng, o.render);
  };
  blocks.push(head('二、主动公开政府信息情况'));
  blocks.push(tbl(proactiveTable(o.era, v.proactive, { changeStyle: rng.weighted([['zengjian', 5], ['signed', 2], ['plain', 2]] as const), amountInCell: rng.chance(0.6), thousands: (o.layout === 'table' || o.layout === 'merged') && rng.chance(0.15) })));
  blocks.push(head('三、收到和处理政府信息公开申请情况'));
  const metrics = modernMetrics(o.era, v);
  const expectFlags: string[] = [];
  // a table that leaves the 总计 column empty: those blanks are not zeros, the truth has no totals
  const blankTotals = blankPolicy !== 'none' && o.corrupt === 'none' && rng.chance(0.1);
  const reqTable = requestsTable(rng, o.era, v.requests, { blanks: blankPolicy, identityHeader: rng.chance(0.85), flatLabels: o.layout === 'table' && rng.chance(0.35) });
  const defs = requestRows(o.era);
  if (blankTotals) {
    for (const row of reqTable.rows.slice(3)) row[row.length - 1] = { text: '', kind: 'blank' };
    for (const r of defs) delete metrics[`requests.${r.key}.total`];
  }
  if (o.corrupt === 'bad-total') {
    const r = rng.pick(['processed', 'new_received', 'granted']);
    const row = reqTable.rows[3 + defs.findIndex((d) => d.key === r)];
    const printed = v.requests[r].total + rng.int(1, 3);
    row[row.length - 1] = { text: String(printed), kind: 'value' };
    metrics[`requests.${r}.total`] = printed;
    expectFlags.push(`requests.${r}.total`);
  } else if (o.corrupt === 'shifted-column') {
    // one row lost its first value cell: every later value sits one column to the left
    const cands = defs.filter((d) => v.requests[d.key].total > 0);
    const r = rng.pick(cands.length ? cands : defs);
    const row = reqTable.rows[3 + defs.findIndex((d) => d.key === r.key)];
    const firstValue = row.findIndex((c) => c.kind === 'value' || c.kind === 'blank');
    row.splice(firstValue, 1);
    row.push({ text: '', kind: 'blank' });
    for (const c of COL_KEYS) {
      delete metrics[`requests.${r.key}.${c}`];
      expectFlags.push(`requests.${r.key}.${c}`);
    }
  }
  if (o.corrupt === 'none' && !blankTotals && blankPolicy === 'none' && o.layout.startsWith('flattened') && rng.chance(0.3)) {
    // digits of neighbouring cells run together on a few rows, only where the row total makes the split unique
    let fused = 0;
    for (const d of rng.shuffle(defs)) {
      if (fused >= 3) break;
      const vals = COL_KEYS.map((c) => v.requests[d.key][c]);
      if (vals[6] < 10 || !fusable(vals)) continue;
      const row = reqTable.rows[3 + defs.indexOf(d)];
      const first = row.findIndex((c) => c.kind === 'value');
      row.splice(first, 7, { text: vals.join(''), kind: 'value' });
      fused++;
    }
  }
  if (o.corrupt === 'none' && !blankTotals && o.layout === 'flattened-pipe' && rng.chance(0.2)) {
    // an OCR'd copy: a few figures read with look-alike letters (0 → O, 1 → l) state no value any more
    let misread = 0;
    for (const d of rng.shuffle(defs)) {
      if (misread >= 2) break;
      const row = reqTable.rows[3 + defs.indexOf(d)];
      const first = row.findIndex((c) => c.kind === 'value');
      if (first < 0 || row.length - first < 7) continue;
      const j = COL_KEYS.findIndex((c, k) => k < 6 && /^\d*[01]\d*$/.test(row[first + k].text) && row[first + k].text.length >= 2);
      if (j < 0) continue;
      row[first + j] = { ...row[first + j], text: row[first + j].text.replace(/[01]/, (x) => (x === '0' ? 'O' : 'l')) };
      delete metrics[`requests.${d.key}.${COL_KEYS[j]}`];
      misread++;
    }
  }
  blocks.push(renderTable(styleTable(reqTable, labelStyle, rng), o.layout, rng, o.render));
  blocks.push(head('四、政府信息公开行政复议、行政诉讼情况'));
  blocks.push(renderTable(styleTable(reviewTable(rng, v.review, blankPolicy, rng.chance(0.3)), labelStyle, rng), o.layout, rng, o.render));
  blocks.push(head(rng.pick(['五、存在的主要问题及改进情况', '五、政府信息公开工作存在的主要问题及改进情况'])));
  for (const p of rng.sample(PROBLEMS, 2)) blocks.push(P(p(c)));
  blocks.push(head('六、其他需要报告的事项'));
  blocks.push(P(otherMatters(c, o.era)));
  if (o.revision > 0) blocks.push(P(`注：本报告于${cnDate(o.signDate)}发布后，经核实对第三部分部分数据进行了更正（第${o.revision}次修订），以本版本为准。`));
  blocks.push(`<p style="text-align:right;">${esc(place.office)}</p>`);
  blocks.push(`<p style="text-align:right;">${esc(rng.chance(0.1) ? hanDate(o.signDate) : cnDate(o.signDate))}</p>`);
  return { blocks, metrics, expectFlags: expectFlags.length ? expectFlags : undefined };
}
