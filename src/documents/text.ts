// Owns the text a document is identified by: the extractor's main text without the lines a
// portal adds around a report (publication metadata, view counters, print/close links), with
// white space folded, so that the same report under other chrome hashes the same.
import { createHash } from 'node:crypto';

const META_LINE = /^(?:[\s\S]{0,6})(发布(单位|机构|时间|日期)|来源[:：]|信息来源|浏览(次数|量)|访问(次数|量)|点击(数|量|次数)|阅读(数|量|次数)|索\s*引\s*号|文\s*号[:：]|发文字号|主题分类|公开(方式|范围|时限|形式)|生成日期|有效性|【\s*(打印|关闭|字体|收藏))/;

export function documentText(mainText: string): string {
  return mainText
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l && !(l.length < 160 && META_LINE.test(l)))
    .join('\n');
}

export function documentHash(mainText: string): string {
  return createHash('sha256').update(documentText(mainText)).digest('hex');
}
