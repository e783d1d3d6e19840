// Owns turning an HTML page into segments: text lines (block elements, <br>) marked when they
// are link-only (navigation), and data tables as grids (rowspan/colspan expanded). Layout
// tables (nested tables, long text cells) are walked as blocks, not read as data.
import * as cheerio from 'cheerio';
import { expandGrid, type SourceCell } from './grid.js';
import type { Segment, SegCell } from './segments.js';
import { subPiece, type PageSource, type Piece, type Src, type TextNodeLike } from './sourcemap.js';

interface Node { type: string; name?: string; data?: string; attribs?: Record<string, string>; children?: Node[]; parent?: Node | null; startIndex?: number | null; endIndex?: number | null }

/** A text node's place in the decoded page. */
function pieceOf(n: Node): Piece | null {
  return typeof n.startIndex === 'number' && typeof n.endIndex === 'number' ? { start: n.startIndex, end: n.endIndex + 1, data: n.data ?? '' } : null;
}

/** The element path of an element: e.g. html[1]/body[1]/table[2]/tbody[1]/tr[5]/td[3], 1-based among siblings of that name. */
export function elementPath(n: Node, cache: Map<Node, string> = new Map()): string {
  const hit = cache.get(n);
  if (hit !== undefined) return hit;
  if (n.type !== 'tag') return '';
  let k = 0;
  for (const c of n.parent?.children ?? []) { if (c.type === 'tag' && c.name === n.name) k++; if (c === n) break; }
  const up = n.parent ? elementPath(n.parent, cache) : '';
  const out = up ? `${up}/${n.name}[${k}]` : `${n.name}[${k}]`;
  cache.set(n, out);
  return out;
}

const SKIP = new Set(['script', 'style', 'noscript', 'iframe', 'select', 'option', 'button', 'input', 'textarea', 'form', 'svg', 'canvas', 'object', 'embed', 'template', 'head', 'title', 'map', 'audio', 'video', 'nav']);
const BLOCK = new Set(['p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'td', 'th', 'table', 'tbody', 'thead', 'tfoot', 'section', 'article', 'header', 'footer', 'aside', 'main', 'blockquote', 'pre', 'hr', 'center', 'form', 'fieldset', 'address', 'figure', 'figcaption', 'caption', 'body', 'html']);

class Walker {
  segs: Segment[] = [];
  private line = '';
  private linkChars = 0;
  private inLink = 0;
  private pieces: TextNodeLike[] = [];
  constructor(private page: PageSource) {}

  flush(): void {
    const text = this.line.replace(/[ \t\r\n\f]+/g, ' ').trim();
    if (text) {
      const total = text.replace(/\s/g, '').length;
      const link = total > 0 && this.linkChars >= total * 0.9;
      this.segs.push({ t: 'line', text, link, src: { page: this.page, pieces: this.pieces } });
    }
    this.line = '';
    this.linkChars = 0;
    this.pieces = [];
  }

  text(s: string, n?: Node): void {
    this.line += s;
    if (n && typeof n.startIndex === 'number') this.pieces.push(n);
    if (this.inLink) this.linkChars += s.replace(/\s/g, '').length;
  }

  walk(nodes: Node[] | undefined): void {
    if (!nodes) return;
    for (const n of nodes) {
      if (n.type === 'text') { this.text(n.data ?? '', n); continue; }
      if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') continue;
      const name = n.name ?? '';
      if (SKIP.has(name)) continue;
      if (name === 'br') { this.flush(); continue; }
      const style = n.attribs?.style;
      if (style && /display\s*:\s*none/i.test(style)) continue;
      if (name === 'table' && isDataTable(n)) { this.flush(); this.table(n); continue; }
      if (name === 'pre') {
        this.flush();
        for (const l of preLines(n, this.page)) if (l.text.trim()) this.segs.push({ t: 'line', text: l.text.replace(/\s+$/, ''), link: false, pre: true, src: { page: this.page, pieces: l.pieces } });
        continue;
      }
      const block = BLOCK.has(name);
      if (block) this.flush();
      if (name === 'a') this.inLink++;
      this.walk(n.children);
      if (name === 'a') this.inLink--;
      if (block) this.flush();
    }
  }

  table(t: Node): void {
    const rows: SourceCell[][] = [];
    let caption = '';
    let captionSrc: Src | undefined;
    let stray = ''; // text standing in the table outside any cell (a browser shows it above the table)
    const strayPieces: TextNodeLike[] = [];
    const visit = (nodes: Node[] | undefined): void => {
      for (const n of nodes ?? []) {
        if (n.type === 'text') { stray += n.data ?? ''; if (typeof n.startIndex === 'number') strayPieces.push(n); continue; }
        if (n.type !== 'tag') continue;
        if (n.name === 'caption') { caption = cellText(n); captionSrc = { page: this.page, pieces: cellPieces(n) }; }
        else if (n.name === 'tr') {
          const cells: SourceCell[] = [];
          for (const c of n.children ?? []) {
            if (c.type === 'tag' && (c.name === 'td' || c.name === 'th')) {
              const el: [number, number] | undefined = typeof c.startIndex === 'number' && typeof c.endIndex === 'number' ? [c.startIndex, c.endIndex + 1] : undefined;
              cells.push({ text: cellText(c), rowspan: Number(c.attribs?.rowspan) || 1, colspan: Number(c.attribs?.colspan) || 1, src: { page: this.page, pieces: cellPieces(c), el, cell: c } });
            }
          }
          rows.push(cells);
        } else if (n.name !== 'table') visit(n.children);
      }
    };
    visit(t.children);
    stray = stray.replace(/[ \t\r\n\f]+/g, ' ').trim();
    if (stray) this.segs.push({ t: 'line', text: stray, link: false, src: { page: this.page, pieces: strayPieces } });
    if (caption) this.segs.push({ t: 'line', text: caption, link: false, src: captionSrc });
    const grid = expandGrid(rows);
    // positions no source cell covers (a row shorter than the table) are not cells
    const out: SegCell[][] = grid.map((row) => row.filter((g) => !g.pad).map((g): SegCell => {
      const cell: SegCell = { text: g.text, col: g.c, dup: g.or !== g.r && g.oc === g.c ? 'row' : (g.oc !== g.c ? 'col' : 'none') };
      if (g.src) cell.ref = { src: g.src, text: g.text, a: 0, b: g.text.length };
      return cell;
    }));
    this.segs.push({ t: 'table', rows: out, source: 'html' });
  }
}

/** The lines of a <pre> (tabs as four spaces), each with the pieces of the page it is made of. */
function preLines(n: Node, page: PageSource): Array<{ text: string; pieces: Piece[] }> {
  const out: Array<{ text: string; pieces: Piece[] }> = [{ text: '', pieces: [] }];
  const rec = (nodes: Node[] | undefined): void => {
    for (const c of nodes ?? []) {
      if (c.type === 'text') {
        const data = c.data ?? '';
        const p = pieceOf(c);
        let at = 0;
        for (const part of data.split('\n')) {
          const cur = out[out.length - 1];
          cur.text += part.replace(/\t/g, '    ');
          const sp = p ? subPiece(page, p, at, at + part.length) : null;
          if (sp) cur.pieces.push(sp);
          at += part.length + 1;
          if (at <= data.length) out.push({ text: '', pieces: [] });
        }
      } else if (c.type === 'tag') { if (c.name === 'br') out.push({ text: '', pieces: [] }); else rec(c.children); }
    }
  };
  rec(n.children);
  return out;
}

/** The pieces of a cell's text (the text nodes cellText reads). */
function cellPieces(n: Node): TextNodeLike[] {
  const out: TextNodeLike[] = [];
  const rec = (nodes: Node[] | undefined): void => {
    for (const c of nodes ?? []) {
      if (c.type === 'text') { if (typeof c.startIndex === 'number') out.push(c); } else if (c.type === 'tag' && !SKIP.has(c.name ?? '')) rec(c.children);
    }
  };
  rec(n.children);
  return out;
}

const cellTextCache = new WeakMap<Node, string>();
function cellText(n: Node): string {
  const hit = cellTextCache.get(n);
  if (hit !== undefined) return hit;
  const out = cellTextOf(n);
  cellTextCache.set(n, out);
  return out;
}

function cellTextOf(n: Node): string {
  let s = '';
  const rec = (nodes: Node[] | undefined): void => {
    for (const c of nodes ?? []) {
      if (c.type === 'text') s += c.data ?? '';
      else if (c.type === 'tag' && !SKIP.has(c.name ?? '')) {
        if (c.name === 'br' || c.name === 'p' || c.name === 'div') s += ' ';
        rec(c.children);
      }
    }
  };
  rec(n.children);
  return s.replace(/[ \t\r\n\f]+/g, ' ').trim();
}

/** A table is read as data when it has no nested table and no long text cell. */
function isDataTable(t: Node): boolean {
  let nested = false, longCell = false, cells = 0, rows = 0;
  const rec = (nodes: Node[] | undefined, depth: number): void => {
    for (const n of nodes ?? []) {
      if (nested || longCell) return;
      if (n.type !== 'tag') continue;
      if (n.name === 'table') { nested = true; return; }
      if (n.name === 'tr') rows++;
      if (n.name === 'td' || n.name === 'th') {
        cells++;
        if (cellText(n).length > 300) { longCell = true; return; }
      }
      rec(n.children, depth + 1);
    }
  };
  rec(t.children, 0);
  return !nested && !longCell && rows >= 1 && cells >= 2;
}

const SITE_META = /^(sitename|site_name|og:site_name|site)$/i;

// htmlparser2 (through cheerio's `xml` option, in HTML mode): a plain DOM is all the walker
// needs, and it builds one several times faster than parse5's spec tree construction.
// start and end indices: every text node knows its place in the decoded page (sourcemap.ts)
const PARSE_OPTS = { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false, withStartIndices: true, withEndIndices: true } };

/** <title> text and the site name (<meta name="SiteName">), found without a selector engine. */
function headFacts(root: Node): { title: string | null; siteName: string | null } {
  let title: string | null = null, siteName: string | null = null;
  const rec = (nodes: Node[] | undefined, depth: number): void => {
    for (const n of nodes ?? []) {
      if (n.type !== 'tag' || (title !== null && siteName !== null)) continue;
      if (n.name === 'title' && title === null) title = textOf(n).trim() || null;
      else if (n.name === 'meta' && siteName === null) {
        const a = n.attribs ?? {};
        if (SITE_META.test(a.name ?? a.property ?? '') && a.content?.trim()) siteName = a.content.trim();
      } else if (n.name !== 'body' && depth < 3) rec(n.children, depth + 1);
      else if (n.name === 'body') rec(n.children?.filter((c) => c.type === 'tag' && (c.name === 'title' || c.name === 'meta')), depth + 1);
    }
  };
  rec(root.children, 0);
  return { title, siteName };
}

function textOf(n: Node): string {
  let s = '';
  for (const c of n.children ?? []) s += c.type === 'text' ? c.data ?? '' : textOf(c);
  return s;
}

export function htmlToSegments(html: string): { segments: Segment[]; title: string | null; siteName: string | null; page: PageSource } {
  const $ = cheerio.load(html, PARSE_OPTS);
  const page: PageSource = { text: html, trad: false };
  const w = new Walker(page);
  const root = $.root()[0] as unknown as Node;
  const { title, siteName } = headFacts(root);
  w.walk(root.children);
  w.flush();
  return { segments: w.segs, title, siteName, page };
}

/** Cheap test whether a decoded body is HTML rather than plain text. */
export function looksLikeHtml(text: string, contentType?: string | null): boolean {
  if (contentType && /html|xml/i.test(contentType)) return true;
  if (contentType && /text\/plain/i.test(contentType)) return false;
  const head = text.slice(0, 2048).toLowerCase();
  return /<(!doctype html|html|head|body|meta|div|p|table|title)[\s>]/.test(head);
}
