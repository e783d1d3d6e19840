// Owns the HTML building blocks of `ogi serve`'s pages: escaping, the page frame with its
// navigation, tables, links. Pages are server-rendered strings; the only script is the chart
// code served from /assets (uPlot and trends.js), never inline. The page's CSS is inline, so the
// layout (and the archived page's frame size) is final before the frame loads: the frame's
// #ogi-hl fragment scroll then lands on the mark.

export const esc = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A query string from the parameters that have a value. */
export function qs(params: Record<string, string | number | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export function fmtNum(v: unknown): string {
  if (v === null || v === undefined) return '<span class="null">–</span>';
  if (typeof v === 'number') return esc(Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
  return esc(v);
}

const NAV: Array<[string, string]> = [['/reports', 'Reports'], ['/coverage', 'Coverage'], ['/trends', 'Trends'], ['/search', 'Search']];

export function page(title: string, body: string, opts: { active?: string; scripts?: string[]; wide?: boolean } = {}): string {
  const nav = NAV.map(([href, label]) => `<a href="${href}"${opts.active === href ? ' class="on"' : ''}>${label}</a>`).join(' ');
  const scripts = (opts.scripts ?? []).map((s) => `<script src="${esc(s)}"></script>`).join('');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · ogi-archive</title><style>${APP_CSS}</style>${opts.scripts?.some((x) => x.includes('uPlot')) ? '<link rel="stylesheet" href="/assets/uPlot.min.css">' : ''}</head>
<body${opts.wide ? ' class="wide"' : ''}><header><strong>ogi-archive</strong> <nav>${nav}</nav></header><main>${body}</main>${scripts}</body></html>`;
}

export function table(headers: string[], rows: string[][], cls = ''): string {
  return `<table class="grid ${cls}"><thead><tr>${headers.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export const APP_CSS = `body{font:14px/1.45 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
header{background:#1f3a5f;color:#fff;padding:.5em 1em}header a{color:#dde;margin-left:1em;text-decoration:none}header a.on{color:#fff;font-weight:bold;text-decoration:underline}
main{padding:1em;max-width:1400px}body.wide main{max-width:none}
table.grid{border-collapse:collapse;margin:.5em 0}table.grid th,table.grid td{border:1px solid #ccc;padding:2px 6px;vertical-align:top}table.grid th{background:#f0f3f7;text-align:left}
table.grid td.n{text-align:right}.null{color:#999}.flag{display:inline-block;background:#eee;border-radius:3px;padding:0 4px;margin:0 2px;font-size:12px}.flag.bad{background:#fbb}
form.filters label{margin-right:.8em}.split{display:flex;gap:1em;align-items:flex-start}.split>.left{flex:1 1 48%;min-width:0;overflow:auto;max-height:92vh}.split>.right{flex:1 1 52%;position:sticky;top:0}
iframe.snapshot{width:100%;height:88vh;border:2px solid #1f3a5f;background:#fff}table.metrics{font-size:12px}table.metrics td:first-child{white-space:nowrap}table.metrics td:last-child{min-width:16em}tr.sel td{background:#fff6c0}.how{color:#555;font-size:12px}
.cov td{width:2.5em;text-align:center;font-size:12px}.cov .found{background:#8fd18f}.cov .notfound{background:#eee}.cov .failed{background:#f08080}.cov .notcrawled{background:#fff;color:#aaa}
.legend span{display:inline-block;padding:0 .6em;margin-right:.5em;border:1px solid #ccc}.chart{margin:1em 0}mark{background:#ff0}.snip{color:#333}
`;
