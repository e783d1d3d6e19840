// Owns the last step from page text to served bytes: simplified → traditional (opencc-js, as a
// portal's 繁體 view does, or character by character like portal JS converters), the charset
// declaration (correct, none, wrong) in header and <meta>, and encoding (UTF-8 or GBK).
import iconv from 'iconv-lite';
import * as OpenCC from 'opencc-js/cn2t';
import type { Rng } from './prng.js';
import { CHARSET_SLOT } from './chrome.js';

export type TradVariant = 'hk' | 'tw' | 'naive';

const converters = new Map<string, (s: string) => string>();
function conv(to: 'hk' | 'tw'): (s: string) => string {
  const known = converters.get(to);
  if (known) return known;
  const made: (s: string) => string = OpenCC.Converter({ from: 'cn', to });
  converters.set(to, made);
  return made;
}

const charCache = new Map<string, string>();
/** Converts one character at a time (no phrase tables), like the 繁體 buttons of many portals. */
function naive(s: string): string {
  const c = conv('hk');
  let out = '';
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x3000) {
      out += ch;
      continue;
    }
    let t = charCache.get(ch);
    if (t === undefined) {
      t = c(ch);
      charCache.set(ch, t);
    }
    out += t;
  }
  return out;
}

export function toTraditional(html: string, variant: TradVariant): string {
  return variant === 'naive' ? naive(html) : conv(variant)(html);
}

/** Replaces characters GBK cannot hold (rare traditional variants) with their simplified form or drops them. */
export function gbkSafe(html: string): string {
  const back = iconv.decode(iconv.encode(html, 'gbk'), 'gbk');
  if (back === html) return html;
  let out = '';
  for (const ch of html) {
    const ok = ch.charCodeAt(0) < 0x80 || iconv.decode(iconv.encode(ch, 'gbk'), 'gbk') === ch;
    out += ok ? ch : '';
  }
  return out;
}

export interface Encoded {
  html: string;
  bytes: Buffer;
  contentType: string;
}

export function encodePage(rng: Rng, html: string, encoding: 'utf-8' | 'gbk', declare: 'correct' | 'none' | 'wrong'): Encoded {
  const gbkLabel = rng.pick(['gbk', 'gb2312', 'GB2312', 'GBK', 'gb18030']);
  const utfLabel = rng.pick(['utf-8', 'UTF-8']);
  let label: string | undefined;
  if (declare === 'correct') label = encoding === 'gbk' ? gbkLabel : utfLabel;
  else if (declare === 'wrong') label = encoding === 'gbk' ? utfLabel : gbkLabel;
  // where the declaration goes: header and meta, header only, or meta only
  let where = declare === 'none' ? 'none' : rng.weighted([['both', 5], ['header', 2], ['meta', 2]] as const);
  if (declare === 'wrong' && where === 'meta') where = 'both';
  const meta = label && where !== 'header' ? (rng.chance(0.5) ? `<meta charset="${label}"/>` : `<meta http-equiv="Content-Type" content="text/html; charset=${label}"/>`) : '';
  let page = html.replace(CHARSET_SLOT, meta);
  if (encoding === 'gbk') page = gbkSafe(page);
  const contentType = label && where !== 'meta' ? `text/html; charset=${label}` : 'text/html';
  const bytes = encoding === 'gbk' ? iconv.encode(page, 'gbk') : Buffer.from(page, 'utf8');
  return { html: page, bytes, contentType };
}
