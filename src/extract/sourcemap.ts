// Owns where the extractor's text came from in the decoded snapshot, and placing a value there.
// Every line and table cell the readers see keeps the pieces of the page it was read from
// (text nodes of the HTML with their character range in the decoded snapshot text, or the raw
// line of a text file). A span of a line's or cell's normalised text (a figure, a sentence) is
// mapped back by comparing both in matching form (each character normalised the way the
// extractor normalises — simplified, half-width — and white space left out), so the result is
// the range of the decoded snapshot text (the string `decodeBody(bytes, contentType).text`
// returns) that the reader sees the figure in. Pure: no I/O.
import { compact, normalizeText, toSimplified } from './normalize.js';

/** A run of the decoded snapshot text: [start, end) there, and what a reader sees of it (entities decoded). */
export interface Piece { start: number; end: number; data: string }

/** The page a line or cell came from (shared by all its lines and cells). */
export interface PageSource { text: string; trad: boolean; /** element paths computed so far (positions.ts) */ paths?: Map<object, string> }

/** A text node of the parsed page (htmlparser2 with start and end indices): a piece before it is needed as one. */
export interface TextNodeLike { startIndex?: number | null; endIndex?: number | null; data?: string }

/** A piece, from a text node when needed (the walker keeps the nodes themselves: nothing is allocated for pages whose values are not placed). */
function asPiece(x: Piece | TextNodeLike): Piece {
  if ('start' in x) return x;
  return { start: x.startIndex ?? 0, end: (x.endIndex ?? -1) + 1, data: x.data ?? '' };
}
/** A Src's pieces as pieces (converted once). */
function piecesOf(src: Src): Piece[] {
  if (!src.asPieces) { for (let i = 0; i < src.pieces.length; i++) src.pieces[i] = asPiece(src.pieces[i]); src.asPieces = true; }
  return src.pieces as Piece[];
}

/** The pieces behind one line or cell (text nodes until needed); `el` and `cell` for an HTML table cell (the <td> itself). */
export interface Src {
  page: PageSource; pieces: Array<Piece | TextNodeLike>; asPieces?: boolean; el?: [number, number]; /** the <td> node (its element path is computed when the value is placed) */ cell?: object;
  /** keys computed when a value is placed (character by character, and converted as a whole) */
  keys?: [SrcKey | undefined, SrcKey | undefined];
  texts?: [Map<string, TextKey> | undefined, Map<string, TextKey> | undefined];
}

/** A span [a, b) of `text` (a line's or cell's normalised text) and the pieces it was read from. */
export interface SrcRef { src: Src; text: string; a: number; b: number }

/** A position in the decoded snapshot text. */
export interface Span { start: number; end: number }

export interface SrcKey { key: string; from: Int32Array; to: Int32Array }

/** Each character of `data` → its [from, to) in the source (an entity stands for the characters it decodes to). */
export function charMap(page: PageSource, p: Piece): { from: number[]; to: number[] } {
  const from: number[] = [];
  const to: number[] = [];
  const src = page.text;
  if (p.end - p.start === p.data.length) {
    for (let i = 0; i < p.data.length; i++) { from.push(p.start + i); to.push(p.start + i + 1); }
    return { from, to };
  }
  let j = p.start;
  for (let i = 0; i < p.data.length;) {
    if (j < p.end && src[j] === p.data[i]) { from.push(j); to.push(j + 1); i++; j++; continue; }
    const ent = src[j] === '&' ? /^&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)/.exec(src.slice(j, j + 40)) : null;
    const len = ent ? ent[0].length : 1;
    // an entity decodes to one character (two for one outside the BMP)
    const n = /[\ud800-\udbff]/.test(p.data[i]) ? 2 : 1;
    for (let k = 0; k < n && i < p.data.length; k++, i++) { from.push(Math.min(j, p.end)); to.push(Math.min(j + len, p.end)); }
    j += len;
  }
  return { from, to };
}

const keyMemo = [new Map<string, string>(), new Map<string, string>()];
/** The matching form of one character (what it contributes to a key). */
function keyChar(ch: string, trad: boolean): string {
  const cp = ch.codePointAt(0) as number;
  if (cp < 0x80) return cp <= 0x20 ? '' : ch === "'" ? '"' : ch;
  if (cp >= 0x4e00 && cp <= 0x9fff && !trad) return ch;
  const memo = keyMemo[trad ? 1 : 0];
  let k = memo.get(ch);
  if (k === undefined) { k = compact(normalizeText(ch, trad)).replace(/\s+/g, ''); memo.set(ch, k); }
  return k;
}

/**
 * The characters of a text as they are matched: a traditional text is converted as a whole
 * (phrases convert in context: 答覆 → 答复, where 覆 alone stays), character for character
 * when the conversion keeps its length; `perChar` says whether each character still needs its own.
 */
function simplified(s: string, trad: boolean, phrase = true): { s: string; perChar: boolean } {
  if (!trad) return { s, perChar: false };
  if (!phrase) return { s, perChar: true };
  const c = toSimplified(s);
  return c.length === s.length ? { s: c, perChar: false } : { s, perChar: true };
}

/** A text in matching form. */
export function keyOf(s: string, trad: boolean, phrase = true): string {
  const c = simplified(s, trad, phrase);
  let k = '';
  for (const ch of c.s) k += keyChar(ch, c.perChar);
  return k;
}

export interface TextKey { key: string; at: Int32Array; base: number }
/**
 * A ref's text in matching form, the key length before each of its characters, and where the key
 * starts in the source key. `phrase`: a traditional text converted as a whole (slower; needed only
 * where a phrase converts in context).
 */
function textKey(src: Src, text: string, phrase: boolean): TextKey {
  const texts = (src.texts ??= [undefined, undefined]);
  const m = (texts[phrase ? 1 : 0] ??= new Map());
  const hit = m.get(text);
  if (hit) return hit;
  const at = new Int32Array(text.length + 1);
  let key = '';
  const c = simplified(text, src.page.trad, phrase);
  const str = c.s;
  for (let i = 0; i < text.length;) {
    const code = str.charCodeAt(i);
    at[i] = key.length;
    // the common characters without a look-up: ASCII, and CJK on a simplified page
    if (code < 0x80) { if (code > 0x20) key += code === 39 ? '"' : str[i]; i++; continue; }
    if (code >= 0x4e00 && code <= 0x9fff && !c.perChar) { key += str[i]; i++; continue; }
    const ch = String.fromCodePoint(str.codePointAt(i) as number);
    if (ch.length === 2) at[i + 1] = key.length;
    key += keyChar(ch, c.perChar);
    i += ch.length;
  }
  at[text.length] = key.length;
  const out = { key, at, base: srcKey(src, phrase).key.indexOf(key) };
  m.set(text, out);
  return out;
}

function srcKey(src: Src, phrase: boolean): SrcKey {
  const hit = src.keys?.[phrase ? 1 : 0];
  if (hit) return hit;
  let key = '';
  const from: number[] = [];
  const to: number[] = [];
  for (const p of piecesOf(src)) {
    if (p.end - p.start === p.data.length && (!src.page.trad || !phrase)) {
      // no entity in it: each character is at its own offset
      for (let i = 0; i < p.data.length;) {
        const code = p.data.charCodeAt(i);
        if (code < 0x80 || (code >= 0x4e00 && code <= 0x9fff && !src.page.trad)) {
          if (code > 0x20) { key += code === 39 ? '"' : p.data[i]; from.push(p.start + i); to.push(p.start + i + 1); }
          i++;
          continue;
        }
        const ch = String.fromCodePoint(p.data.codePointAt(i) as number);
        for (const kc of keyChar(ch, src.page.trad)) { key += kc; from.push(p.start + i); to.push(p.start + i + ch.length); }
        i += ch.length;
      }
      continue;
    }
    const m = charMap(src.page, p);
    const c = simplified(p.data, src.page.trad, phrase);
    const str = c.s;
    for (let i = 0; i < p.data.length;) {
      const code = str.charCodeAt(i);
      if (code < 0x80 || (code >= 0x4e00 && code <= 0x9fff && !c.perChar)) {
        if (code > 0x20) { key += code === 39 ? '"' : str[i]; from.push(m.from[i]); to.push(m.to[i]); }
        i++;
        continue;
      }
      const ch = String.fromCodePoint(str.codePointAt(i) as number);
      const k = keyChar(ch, c.perChar);
      const f = m.from[i], t = m.to[i + ch.length - 1] ?? m.to[i];
      for (const kc of k) { key += kc; from.push(f); to.push(t); }
      i += ch.length;
    }
  }
  const out = { key, from: Int32Array.from(from), to: Int32Array.from(to) };
  (src.keys ??= [undefined, undefined])[phrase ? 1 : 0] = out;
  return out;
}

/** Index of the n-th (0-based) occurrence of `needle` in `hay`, or -1. */
function nth(hay: string, needle: string, n: number): number {
  let at = -1;
  for (let k = 0; k <= n; k++) { at = hay.indexOf(needle, at + 1); if (at < 0) return -1; }
  return at;
}
function count(hay: string, needle: string, before: number): number {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0 && at < before; at = hay.indexOf(needle, at + 1)) n++;
  return n;
}

/** Where [a, b) of the ref's text lies in the source key: [ka, kb), or null. */
function keySpan(ref: SrcRef): { k: SrcKey; ka: number; kb: number; phrase: boolean } | null {
  // character by character first; a traditional page whose text does not match so is compared
  // converted as a whole (答覆 → 答复)
  const modes = ref.src.page.trad ? [false, true] : [false];
  for (const phrase of modes) {
    const k = srcKey(ref.src, phrase);
    const t = textKey(ref.src, ref.text, phrase);
    const pre = t.at[ref.a];
    const tk = t.key.slice(pre, t.at[ref.b]);
    if (!tk) return null;
    const base = t.base;
    if (base >= 0 && k.key.startsWith(tk, base + pre)) return { k, ka: base + pre, kb: base + pre + tk.length, phrase };
    if (phrase !== modes[modes.length - 1]) continue;
    // the text differs from its source somewhere (a prefix cut, a character normalised in context):
    // the same occurrence of the figure, counted from the start
    const at = nth(k.key, tk, count(t.key, tk, pre));
    return at >= 0 ? { k, ka: at, kb: at + tk.length, phrase } : null;
  }
  return null;
}

/**
 * The decoded-snapshot range of [a, b) of the ref's text. With `raw` (the printed text of the
 * value when it is not the whole span: a figure inside its cell, several cells run together),
 * the range narrows to, or starts at, that text when it is found there.
 */
export function placeRef(ref: SrcRef, raw?: string): Span | null {
  // the common cell: one text node without entities that holds the printed text once
  if (raw && ref.src.pieces.length === 1 && ref.a === 0 && ref.b === ref.text.length) {
    const p = ref.src.pieces[0];
    const start = 'start' in p ? p.start : p.startIndex ?? -1;
    const end = 'start' in p ? p.end : (p.endIndex ?? -2) + 1;
    const data = p.data ?? '';
    if (start >= 0 && end - start === data.length) {
      const i = data.indexOf(raw);
      if (i >= 0 && data.indexOf(raw, i + 1) < 0) return { start: start + i, end: start + i + raw.length };
    }
  }
  const s = keySpan(ref);
  if (!s) return null;
  let { ka, kb } = s;
  if (raw) {
    const rk = keyOf(raw, ref.src.page.trad, s.phrase);
    if (rk && !s.k.key.slice(ka, kb).includes(rk)) {
      const j = s.k.key.indexOf(rk, ka);
      if (j >= 0 && j <= kb) { ka = j; kb = j + rk.length; }
    } else if (rk) { ka += s.k.key.slice(ka, kb).indexOf(rk); kb = ka + rk.length; }
  }
  return { start: s.k.from[ka], end: s.k.to[kb - 1] };
}

/** The empty place at [a] of the ref's text (a blank cell between '|'s): the characters between its neighbours in the source. */
export function placeGap(ref: SrcRef): Span | null {
  let phrase = false;
  let t = textKey(ref.src, ref.text, phrase);
  if (t.base < 0 && ref.src.page.trad) { phrase = true; t = textKey(ref.src, ref.text, phrase); }
  const k = srcKey(ref.src, phrase);
  if (t.base < 0) return null;
  const ka = t.base + t.at[ref.a];
  const pieces = piecesOf(ref.src);
  if (!pieces.length || (ka <= 0 && ka >= k.key.length)) return null;
  // at an edge of the line: from its start, or to its end
  return { start: ka > 0 ? k.to[ka - 1] : pieces[0].start, end: ka < k.key.length ? k.from[ka] : pieces[pieces.length - 1].end };
}

/** What a reader sees of [start, end) of the source: the pieces' text there, verbatim (entities decoded, markup left out). */
export function verbatim(src: Src, span: Span): string {
  let out = '';
  for (const p of piecesOf(src)) {
    if (p.end <= span.start || p.start >= span.end) continue;
    const m = charMap(src.page, p);
    for (let i = 0; i < p.data.length; i++) if (m.from[i] >= span.start && m.to[i] <= span.end) out += p.data[i];
  }
  return out;
}

/** The pieces of [a, b) of a piece's data (a <pre> line inside a text node). */
export function subPiece(page: PageSource, p: Piece, a: number, b: number): Piece | null {
  if (b <= a) return null;
  if (p.end - p.start === p.data.length) return { start: p.start + a, end: p.start + b, data: p.data.slice(a, b) };
  const m = charMap(page, p);
  return { start: m.from[a], end: m.to[b - 1], data: p.data.slice(a, b) };
}

/** A Src made of several (the pieces of a row continued on the next line). */
export function joinSrc(a: Src | undefined, b: Src | undefined): Src | undefined {
  if (!a || !b) return a ?? b;
  return { page: a.page, pieces: [...piecesOf(a), ...piecesOf(b)], asPieces: true };
}

/**
 * Refs for the parts of a text cut into pieces in order (cells of a '|' line, figures of a
 * line): each part is looked up after the one before it.
 */
export function refsInOrder(src: Src | undefined, text: string, parts: string[], sep?: string): Array<SrcRef | undefined> {
  let cur = 0;
  return parts.map((p, k) => {
    if (!src) return undefined;
    if (!p) {
      // a blank between separators: the empty place after the separator that opens it
      if (!sep) return undefined;
      const at = k === 0 ? text.indexOf(sep) : text.indexOf(sep, cur);
      if (at < 0) return undefined;
      cur = k === 0 ? at : at + sep.length;
      return { src, text, a: cur, b: cur };
    }
    let at = text.indexOf(p, cur);
    if (at < 0) at = text.indexOf(p);
    if (at < 0) return undefined;
    cur = at + p.length;
    return { src, text, a: at, b: at + p.length };
  });
}
