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

/**
 * documentText with where each character came from: `text` equals documentText(mainText), and
 * `place` maps a range of the main text to the range of the same characters in `text` (null
 * when none of them is kept). Positions in it hold for every snapshot that shares the document.
 */
export function documentTextMap(mainText: string): { text: string; place: (start: number, end: number) => [number, number] | null } {
  const to = new Int32Array(mainText.length).fill(-1);
  let text = '';
  let lineStart = 0;
  for (const line of mainText.split('\n')) {
    const l = line.replace(/\s+/g, ' ').trim();
    const c = l.replace(/\s+/g, '');
    if (l && !(c.length < 160 && (META_START.test(c) || META_ANYWHERE.test(c)))) {
      if (text) text += '\n';
      // the line folded as documentText folds it: leading and trailing white space dropped, runs of it one space
      let i = 0;
      while (i < line.length && /\s/.test(line[i])) i++;
      let end = line.length;
      while (end > i && /\s/.test(line[end - 1])) end--;
      for (; i < end; i++) {
        if (/\s/.test(line[i])) { if (!/\s/.test(line[i - 1])) { to[lineStart + i] = text.length; text += ' '; } continue; }
        to[lineStart + i] = text.length;
        text += line[i];
      }
    }
    lineStart += line.length + 1;
  }
  const place = (start: number, end: number): [number, number] | null => {
    if (end <= start) {
      // an empty place (a blank cell): before the next character kept
      for (let i = Math.max(0, start); i < to.length; i++) if (to[i] >= 0) return [to[i], to[i]];
      return [text.length, text.length];
    }
    let a = -1, b = -1;
    for (let i = Math.max(0, start); i < Math.min(end, to.length); i++) if (to[i] >= 0) { if (a < 0) a = to[i]; b = to[i] + 1; }
    return a >= 0 ? [a, b] : null;
  };
  return { text, place };
}

export function documentHash(mainText: string): string {
  return createHash('sha256').update(documentText(mainText)).digest('hex');
}
