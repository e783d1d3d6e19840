// Owns rendering a logical table to HTML in one of the page layouts: clean tables, Word-style
// merged tables with &nbsp;/'?' noise, tables flattened to '|' lines or to one cell per line,
// whitespace-aligned columns in a <pre>, and tables whose cells were run together with no
// separator (a crawler's text of a page: `…申请数量713000074二、上年结转…`), one line per
// table or per row.
import type { Rng } from './prng.js';
import type { Cell, Table } from './tables.js';

export type Layout = 'table' | 'merged' | 'flattened-pipe' | 'flattened-lines' | 'whitespace' | 'prose' | 'flattened-run';

export interface RenderOpts {
  /** stray '?' (a lost non-breaking space) around digits, as in copied Word tables */
  qmarks: boolean;
  /** number of empty trailing cells on flattened '|' rows */
  trailingPipes: number;
  /** flattened '|' rows start with a '|' */
  leadingPipe: boolean;
  /** one-cell-per-line style */
  lineStyle: 'p' | 'br' | 'div';
  /** '|' rows copied one cell per line: each cell keeps its pipe ("8 |"), a bare "|" opens a row or is a blank cell */
  pipeCells?: boolean;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderTable(t: Table, layout: Layout, rng: Rng, o: RenderOpts): string {
  switch (layout) {
    case 'table':
    case 'prose':
      return cleanTable(t, rng);
    case 'merged': {
      // long Word tables break across pages: the export holds two <table>s, the second without a header
      if (t.role === 'requests' && rng.chance(0.25)) {
        const [a, b] = splitAt(t, rng.int(6, t.rows.length - 2));
        return `${mergedTable(a, rng, o)}\n<p class="MsoNormal">&nbsp;</p>\n${mergedTable(b, rng, o)}`;
      }
      return mergedTable(t, rng, o);
    }
    case 'flattened-pipe':
      return pipeRows(t, o);
    case 'flattened-lines':
      return cellLines(t, o);
    case 'whitespace':
      return preTable(t);
    case 'flattened-run':
      return runTogether(t, rng);
  }
}

/** Splits a table before row k; merged cells crossing the break continue as empty cells, as Word does. */
export function splitAt(t: Table, k: number): [Table, Table] {
  const top = t.rows.slice(0, k).map((r) => r.map((c) => ({ ...c })));
  const carry: Cell[] = [];
  top.forEach((r, i) => {
    for (const c of r) {
      const rs = c.rowspan ?? 1;
      if (i + rs > k) {
        carry.push({ text: '', kind: c.kind, rowspan: i + rs - k, colspan: c.colspan });
        c.rowspan = k - i;
      }
    }
  });
  const bottom = t.rows.slice(k).map((r, i) => (i === 0 ? [...carry, ...r] : r));
  return [{ ...t, rows: top }, { ...t, rows: bottom }];
}

const span = (c: Cell) => (c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : '') + (c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : '');

function cleanTable(t: Table, rng: Rng): string {
  const th = rng.chance(0.3);
  const rows = t.rows.map((r) => '<tr>' + r.map((c) => {
    const tag = th && c.kind === 'head' ? 'th' : 'td';
    return `<${tag}${span(c)}>${esc(c.text)}</${tag}>`;
  }).join('') + '</tr>');
  return `<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;width:100%;">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** Splits a head/label text into spans or line breaks the way Word exports do. */
function wordText(text: string, c: Cell, rng: Rng): string {
  if (c.kind === 'head' && /^结果|^其他结果|^尚未审结|^总计$/.test(text.replace(/\s/g, '')) && rng.chance(0.6)) {
    const s = text.replace(/\s/g, '');
    return `${esc(s.slice(0, 2))}<br/>${esc(s.slice(2))}`;
  }
  if (text.length > 8 && rng.chance(0.3)) {
    const k = rng.int(2, text.length - 2);
    return `<span style="font-family:宋体;">${esc(text.slice(0, k))}</span><span style="font-family:宋体;">${esc(text.slice(k))}</span>`;
  }
  return esc(text);
}

function noisyValue(text: string, rng: Rng, o: RenderOpts): string {
  if (!/\d/.test(text)) return esc(text);
  const r = rng.next();
  if (o.qmarks && r < 0.45) return rng.chance(0.5) ? `?${esc(text)}` : `${esc(text)}?`;
  if (r < 0.65) return rng.chance(0.5) ? `&nbsp;${esc(text)}` : `${esc(text)}&nbsp;`;
  return esc(text);
}

function blankText(rng: Rng, o: RenderOpts): string {
  const opts = ['', '&nbsp;', '<p>&nbsp;</p>', ' '];
  if (o.qmarks) opts.push('?', '?');
  return rng.pick(opts);
}

function mergedTable(t: Table, rng: Rng, o: RenderOpts): string {
  const w = Math.round(560 / t.ncols);
  const rows = t.rows.map((r) => '<tr style="height:20.25pt">' + r.map((c) => {
    const width = ` width="${w * (c.colspan ?? 1)}"`;
    let inner: string;
    if (c.kind === 'blank') inner = blankText(rng, o);
    else if (c.kind === 'value') inner = noisyValue(c.text, rng, o);
    else inner = wordText(c.text, c, rng);
    const align = c.kind === 'label' && c.text.length > 6 ? 'left' : 'center';
    return `<td${width}${span(c)} valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt;"><p class="MsoNormal" align="${align}" style="text-align:${align};"><span style="font-size:10.5pt;font-family:宋体;">${inner}</span></p></td>`;
  }).join('') + '</tr>');
  return `<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="${w * t.ncols}" style="border-collapse:collapse;border:none;">\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function pipeRows(t: Table, o: RenderOpts): string {
  if (o.pipeCells) {
    // a blank cell is a bare "|" as well, and the row opener is always there
    const lines = t.rows.flatMap((r) => ['|', ...r.map((c) => (c.kind === 'blank' || !c.text.trim() ? '|' : `${c.text} |`))]);
    return `<div class="tbl-flat">\n${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}\n</div>`;
  }
  const lines = t.rows.map((r) => {
    const cells = r.map((c) => (c.kind === 'blank' ? '' : c.text));
    let line = cells.join(' | ');
    for (let i = 0; i < o.trailingPipes; i++) line += ' |';
    if (o.leadingPipe) line = '| ' + line;
    return `<p>${esc(line)}</p>`;
  });
  return `<div class="tbl-flat">\n${lines.join('\n')}\n</div>`;
}

/**
 * Cells run together with no separator, as a crawler's text keeps them: blanks vanish, a space
 * is left here and there (between a label and its figures, or inside a run of figures), and
 * the whole table is one line or each row is one.
 */
function runTogether(t: Table, rng: Rng): string {
  const rowText = (r: Cell[]): string => {
    let line = '';
    let prev: Cell | null = null;
    for (const c of r) {
      if (c.kind === 'blank' || !c.text.trim()) continue;
      const text = c.text.replace(/\s+/g, '');
      const gap = prev && ((prev.kind !== 'value' && c.kind === 'value' && rng.chance(0.3)) || (prev.kind === 'value' && c.kind === 'value' && rng.chance(0.06)));
      line += (gap ? ' ' : '') + text;
      prev = c;
    }
    return line;
  };
  if (rng.chance(0.5)) return `<p>${esc(t.rows.map(rowText).join(''))}</p>`;
  return t.rows.map((r) => `<p>${esc(rowText(r))}</p>`).join('\n');
}

function cellLines(t: Table, o: RenderOpts): string {
  const texts: string[] = [];
  for (const r of t.rows) for (const c of r) if (c.kind !== 'blank' && c.text.trim() !== '') texts.push(esc(c.text));
  if (o.lineStyle === 'br') return `<p>${texts.join('<br/>\n')}</p>`;
  const tag = o.lineStyle;
  return texts.map((x) => `<${tag}>${x}</${tag}>`).join('\n');
}

/** Display width: CJK and full-width characters count two columns. */
export function dispWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u201c\u201d]/.test(ch) ? 2 : 1;
  return w;
}
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(1, w - dispWidth(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(1, w - dispWidth(s))) + s;

function preTable(t: Table): string {
  // label cells come first in a row; everything after the first value/blank is a value column
  const stat = t.role === 'stat' || t.role === 'appendix';
  const lw0 = stat ? Math.max(...t.rows.map((r) => dispWidth(r[0].text))) + 2 : 0;
  const split = t.rows.map((r) => {
    const i = r.findIndex((c) => c.kind === 'value' || c.kind === 'blank');
    // in 统计表s the unit is aligned in a column of its own
    const labels = (i < 0 ? r : r.slice(0, i)).map((c, j) => (stat && j === 0 && i > 1 ? padEnd(c.text.trim(), lw0) : c.text.trim())).filter(Boolean);
    const values = i < 0 ? [] : r.slice(i).map((c) => (c.kind === 'blank' ? '' : c.text));
    return { labels: labels.join('  '), values, head: i < 0 };
  });
  const lw = Math.max(...split.filter((s) => !s.head).map((s) => dispWidth(s.labels)), 8) + 2;
  const vw = Math.max(6, ...split.flatMap((s) => s.values.map((v) => dispWidth(v) + 2)));
  const lines = split.map((s) => (s.head ? s.labels : (s.labels ? padEnd(s.labels, lw) : ' '.repeat(lw)) + s.values.map((v) => padStart(v, vw)).join('')).replace(/\s+$/, ''));
  return `<pre style="font-family:宋体,monospace;">\n${esc(lines.join('\n'))}\n</pre>`;
}
