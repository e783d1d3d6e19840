// Owns the browser side of `ogi serve`'s pages (served from /assets, no build step): the trends
// page reads the series from its JSON block and draws them with uPlot; the report page sends the
// archived page's frame to the marked value once laid out.
export const TRENDS_JS = `(function () {
  var el = document.getElementById('trend-data');
  var box = document.getElementById('chart');
  if (!el || !box || !window.uPlot) return;
  var d = JSON.parse(el.textContent);
  var pts = d.points || [];
  if (!pts.length) { box.textContent = 'No reports.'; return; }
  var xs = pts.map(function (p) { return p.year; });
  var col = function (k) { return pts.map(function (p) { return p[k] === null ? null : p[k]; }); };
  var series = [
    ['received', 'requests received', '#1f77b4'], ['granted', 'granted', '#2ca02c'], ['decided', 'decided', '#9467bd'],
    ['reconsiderations', 'reconsiderations', '#ff7f0e'], ['lawsuits', 'lawsuits', '#d62728']
  ];
  var opts = {
    title: d.title, width: Math.min(1000, box.clientWidth || 900), height: 360,
    scales: { x: { time: false } },
    axes: [{ values: function (u, v) { return v.map(function (x) { return String(x); }); } }, {}],
    series: [{ label: 'year' }].concat(series.map(function (s) { return { label: s[1], stroke: s[2], width: 2, points: { show: true }, spanGaps: false }; }))
  };
  var data = [xs].concat(series.map(function (s) { return col(s[0]); }));
  new window.uPlot(opts, data, box);
  box.setAttribute('data-rendered', String(xs.length));
})();`;

// The report page: once the archived page has loaded and laid out, the frame is sent to the mark's
// second anchor (a fragment navigation: no reload, no script in the frame), because the first
// fragment scroll happens while the page is still being laid out and can land beside it.
export const REPORT_JS = `(function () {
  var f = document.querySelector('iframe.snapshot');
  if (!f || f.src.indexOf('#ogi-hl') < 0) return;
  var base = f.src.replace(/#.*$/, '');
  var go = function () { f.src = base + '#ogi-hl-at'; };
  f.addEventListener('load', function () { setTimeout(go, 50); }, { once: true });
  setTimeout(go, 1500);
})();`;
