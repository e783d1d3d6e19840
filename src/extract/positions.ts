// Owns storing where each value is printed: after the readers have chosen the metrics, each
// metric's origin (the line or cell it was read from, and its span there) is placed in the
// decoded snapshot text (sourcemap.ts) — or, for an attachment, in its document's text —
// and written on its locator: `pos` (the printed value), `path` (an HTML table cell's element
// path), for prose `sentencePos` and `verbatim` (the sentence as printed), or `noPos` (why
// not). Pure: no I/O.
import { origins, type Origin } from './metric.js';
import { keyOf, placeGap, placeRef, verbatim } from './sourcemap.js';
import { normalizeText } from './normalize.js';
import type { Metric, Position } from './types.js';
import { documentTextMap } from '../documents/text.js';
import { elementPath } from './html.js';

export type PositionsIn = 'snapshot' | 'document_text';

/** The printed value's span inside [mt] of the main text (narrowed to `raw` when it is inside). */
function inMain(mainText: string, mt: [number, number], raw?: string): Position {
  const seg = mainText.slice(mt[0], mt[1]);
  if (raw && raw !== seg) {
    const i = seg.indexOf(raw);
    if (i >= 0) return { start: mt[0] + i, end: mt[0] + i + raw.length };
    const j = mainText.indexOf(raw, mt[0]);
    if (j >= 0 && j <= mt[1]) return { start: j, end: j + raw.length };
  }
  return { start: mt[0], end: mt[1] };
}

type DocMap = ReturnType<typeof documentTextMap>;

function placeOne(m: Metric, o: Origin | undefined, into: PositionsIn, mainText: string, doc: () => DocMap): void {
  const s = m.source as Metric['source'] & Record<string, unknown>;
  delete s.pos; delete s.path; delete s.noPos; delete s.sentencePos; delete s.verbatim; delete s.posIn;
  if (!o) { s.noPos = 'the reader kept no place for this value'; return; }
  if (into === 'document_text') {
    // in the document's text (documents/text.ts), the same for every version that shares the document
    if (!o.mt) { s.noPos = 'the value was read from text outside the main text'; return; }
    const p = inMain(mainText, o.mt, o.raw);
    const d = doc().place(p.start, p.end);
    if (!d) { s.noPos = 'the value was read from a line the document text leaves out'; return; }
    s.pos = { start: d[0], end: d[1] };
    s.posIn = 'document_text';
    const sp = s.type === 'prose' && o.sentence ? doc().place(o.sentence.mt[0], o.sentence.mt[1]) : null;
    if (sp) { s.sentencePos = { start: sp[0], end: sp[1] }; s.verbatim = doc().text.slice(sp[0], sp[1]); }
    return;
  }
  if (!o.ref) { s.noPos = 'the text it was read from has no place in the page'; return; }
  let pos = o.ref.a === o.ref.b ? placeGap(o.ref) : placeRef(o.ref, o.raw);
  const cell = o.ref.src.cell !== undefined;
  // a blank cell prints nothing: its place is the cell itself
  if (!pos && cell && o.ref.src.el && !o.ref.text.trim()) pos = { start: o.ref.src.el[0], end: o.ref.src.el[1] };
  if (!pos) { s.noPos = o.ref.text.slice(o.ref.a, o.ref.b).trim() ? 'its text was not found among the page characters it was read from' : 'nothing is printed where it was read'; return; }
  s.pos = pos;
  s.posIn = 'snapshot';
  if (cell && s.type === 'table') s.path = elementPath(o.ref.src.cell as Parameters<typeof elementPath>[0], (o.ref.src.page.paths ??= new Map()) as Parameters<typeof elementPath>[1]);
  if (s.type === 'prose' && o.sentence?.ref) {
    const sp = placeRef(o.sentence.ref);
    if (sp) { s.sentencePos = sp; s.verbatim = verbatim(o.sentence.ref.src, sp); }
  }
}

/** Writes each metric's position on its locator (into the decoded snapshot text, or into `mainText` for an attachment). */
export function placeMetrics(metrics: Metric[], into: PositionsIn, mainText: string): void {
  let map: DocMap | null = null;
  const doc = (): DocMap => (map ??= documentTextMap(mainText));
  for (const m of metrics) placeOne(m, origins.get(m.source), into, mainText, doc);
}

/** What a reader sees of [start, end) of a decoded page: markup left out, entities decoded. */
export function textAt(decoded: string, pos: Position, html: boolean): string {
  const slice = decoded.slice(pos.start, pos.end);
  if (!html) return slice;
  return slice.replace(/<!--[^]*?-->/g, '').replace(/<[^>]*>/g, '').replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi, (e, n: string) => {
    if (/^#x/i.test(n)) return String.fromCodePoint(parseInt(n.slice(2), 16));
    if (n[0] === '#') return String.fromCodePoint(Number(n.slice(1)));
    return ({ nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[n.toLowerCase()] ?? e;
  });
}

/**
 * Whether a stored position points at the value: the text there contains the printed value
 * (both in matching form). Null when the locator has no position; otherwise ok and what is there.
 */
export function checkPosition(decoded: string, html: boolean, source: Metric['source'], raw: string): { ok: boolean; text: string } | null {
  if (!source.pos) return null;
  const text = textAt(decoded, source.pos, html);
  const want = keyOf(raw, true);
  // a blank (nothing printed) points at a place with nothing printed
  return { ok: want ? keyOf(text, true).includes(want) : normalizeText(text, true).replace(/\s+/g, '') === '', text };
}
