// Owns the text a document is identified by: the extractor's main text without the lines a
// portal adds around a report (publication metadata, view counters, print/close links), with
// white space folded, so that the same report under other chrome hashes the same.
import { createHash } from 'node:crypto';

// Checked on the line with white space removed. A metadata field at the start of a line
// (名称: …, 索引号: …), or a marker no report sentence carries (浏览次数, 字体: 大 中 小).
const META_START = /^[|｜]?(名称|标题|索引号|发布(单位|机构|时间|日期)|发文(机关|字号|日期)|成文日期|生成日期|主题(分类|词)|体裁分类|组配分类|文号|有效性|来源|信息来源|作者|责任编辑|公开(方式|范围|时限|形式|日期)|所属机构)[:：|｜]/;
const META_ANYWHERE = /(浏览(次数|量)|访问(次数|量)|点击(数|量|次数|率)|阅读(数|量|次数)|字体[:：]?[\[【(]?大|【(打印|关闭|收藏|字体)|来源[:：][^,，。]{0,20}(作者|字体|浏览|发布)|(打印本页|关闭窗口|分享到))/;

export function documentText(mainText: string): string {
  return mainText
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => {
      if (!l) return false;
      const c = l.replace(/\s+/g, '');
      return !(c.length < 160 && (META_START.test(c) || META_ANYWHERE.test(c)));
    })
    .join('\n');
}

export function documentHash(mainText: string): string {
  return createHash('sha256').update(documentText(mainText)).digest('hex');
}
