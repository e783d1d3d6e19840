// Owns a cheap, linear look at HTML before it is handed to an HTML parser. parse5 (cheerio's
// parser) takes time quadratic in element nesting: 20 000 nested <div>s take seconds, 100 000
// take minutes, on one thread that also runs every other host's crawl. Real pages nest a few
// dozen levels, so a page nested deeper than the limit is archived as served but not parsed.
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'basefont', 'bgsound', 'frame', 'isindex']);
/** Elements whose end tag is implied by the next sibling: they do not make a page deeper. */
const IMPLIED = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rtc', 'rp']);
/** Elements whose content is text, not markup. */
const RAW = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

/** Nesting beyond which a page is not parsed (parse5 needs about a second at 10 000). */
export const MAX_HTML_NESTING = 4096;

/**
 * Estimated deepest element nesting of an HTML text, counted from start and end tags (void,
 * self-closing and implicitly closed elements do not count; comments and script/style bodies
 * are skipped). Linear in the text; stops counting once past `limit`.
 */
export function htmlNesting(html: string, limit = MAX_HTML_NESTING): number {
  const tag = /<!--|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>/g;
  let depth = 0;
  let max = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    if (m[0] === '<!--') {
      const end = html.indexOf('-->', tag.lastIndex);
      if (end < 0) break;
      tag.lastIndex = end + 3;
      continue;
    }
    const name = m[2].toLowerCase();
    if (VOID.has(name) || IMPLIED.has(name)) continue;
    if (m[1]) { if (depth > 0) depth--; continue; }
    if (m[3].endsWith('/')) continue;
    if (RAW.has(name)) {
      const close = new RegExp(`</${name}[\\s>]`, 'gi');
      close.lastIndex = tag.lastIndex;
      const c = close.exec(html);
      if (!c) break;
      tag.lastIndex = close.lastIndex;
      continue;
    }
    if (++depth > max) {
      max = depth;
      if (max > limit) return max;
    }
  }
  return max;
}
