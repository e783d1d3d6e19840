// Owns injected spam: gambling ad lines a compromised portal page carries between paragraphs
// and around the page. Spam is inserted after script conversion (it stays simplified).
import type { Rng } from './prng.js';

export const SPAM_LINES = [
  '乐趣江苏麻将最新版本',
  '请问昨晚开什么特马',
  '香港开马开奖现场直播',
  '重庆时时彩玩法技巧',
  '重庆时时彩八方集团开奖结果',
  '吉林时时公告',
  '云南快乐十中奖技巧',
  '时时彩内部管理计划群',
  '福彩3D开奖近5000期走势图',
  '老时时号码历史',
  '北京赛车pk10开奖直播',
  '澳门威尼斯人官网注册送38元',
  '即时比分足球直播',
  '六合彩资料大全免费',
  '皇冠体育在线投注',
  '真人百家乐首存送100%',
  '体育彩票大乐透开奖号码查询',
  '幸运飞艇计划稳赚',
];

export function spamLine(rng: Rng): string {
  const n = rng.int(1, 3);
  const lines = rng.sample(SPAM_LINES, n);
  if (rng.chance(0.4)) return `<p>${lines.map((l) => `<a href="http://www.${rng.pick(['am888', 'js77', 'bet365x', 'hg0088'])}.com/">${l}</a>`).join(' ')}</p>`;
  return `<p>${lines.join(' ')}</p>`;
}

/** Inserts spam markers between blocks; returns the new block list and the spam HTML per marker. */
export function injectSpam(rng: Rng, blocks: string[]): { blocks: string[]; spam: string[] } {
  const out = blocks.slice();
  const spam: string[] = [];
  const k = rng.int(2, 5);
  for (let i = 0; i < k; i++) {
    const at = rng.int(1, out.length - 1);
    out.splice(at, 0, `@@SPAM${spam.length}@@`);
    spam.push(spamLine(rng));
  }
  return { blocks: out, spam };
}
