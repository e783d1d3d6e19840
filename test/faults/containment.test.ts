// Containment (issue 7, §5): an archived page's scripts never run in HTTP mode; in browser mode
// they run only as the site's own origin serves them, and nothing the page tries (fetches to
// other hosts, scripts from other hosts, WebSockets, pop-ups, beacons, iframes to loopback)
// leaves the allowed hosts. Archived content never executes when shown later: the CLI prints
// archived text without terminal control characters.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from './simulator.js';
import { faultSite, simHostMap, crawlSim, fetchesOf, offHostRequests } from './helpers.js';
import { report } from './pages.js';
import { ogi } from './cli.js';
import { findChromium } from '../../src/fetch/browser.js';
import { defaultConfigDir } from '../../src/config/load.js';
import { tempStorage } from '../helpers/crawl.js';

const hasBrowser = !!findChromium();
const HOST = 'www.browser.fault.gov.cn';
const ALLOWED = ['*.fault.gov.cn'];

/** A list page whose scripts try every way out; only its own-origin script adds the report link. */
function hostilePage(port: number): string {
  const ip = `127.0.0.1:${port}`;
  return `<html><head><meta charset="utf-8"><title>浏览器市政府信息公开年报</title>
<script src="/js/own.js"></script>
<script src="http://cdn.example.org/lib.js"></script>
</head><body><ul id="list"><li><a href="/r/static.html">浏览器市2020年政府信息公开工作年度报告</a></li></ul>
<img src="http://${ip}/pixel.png">
<script>
fetch('http://evil.example.com/data.json').catch(function () {});
fetch('http://${ip}/fetch-ip').catch(function () {});
try { var x = new XMLHttpRequest(); x.open('GET', 'http://${ip}/xhr'); x.send(); } catch (e) {}
try { var ws = new WebSocket('ws://${ip}/ws'); ws.onerror = function () {}; } catch (e) {}
try { window.open('http://${ip}/popup'); } catch (e) {}
try { navigator.sendBeacon('http://${ip}/beacon', 'x'); } catch (e) {}
try { new EventSource('http://${ip}/sse'); } catch (e) {}
var f = document.createElement('iframe'); f.src = 'http://${ip}/iframe'; document.body.appendChild(f);
location.hash = 'x';
</script></body></html>`;
}
const OWN_JS = `document.addEventListener('DOMContentLoaded', function () {
  document.getElementById('list').insertAdjacentHTML('beforeend', '<li><a href="/r/from-own-script.html">浏览器市2021年政府信息公开工作年度报告</a></li>');
});`;
const OFFHOST_JS = `document.addEventListener('DOMContentLoaded', function () {
  document.getElementById('list').insertAdjacentHTML('beforeend', '<li><a href="/r/from-offhost-script.html">浏览器市2019年政府信息公开工作年度报告</a></li>');
});`;

describe('containment of archived pages', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
    sim.set('/list/index.html', { kind: 'page', body: hostilePage(sim.port) });
    sim.set('/js/own.js', { kind: 'page', body: OWN_JS, headers: { 'Content-Type': 'application/javascript' } });
    sim.set('/lib.js', { kind: 'page', body: OFFHOST_JS, headers: { 'Content-Type': 'application/javascript' } });
    for (const [i, p] of ['/r/static.html', '/r/from-own-script.html', '/r/from-offhost-script.html'].entries()) sim.set(p, { kind: 'page', body: report(70 + i).bytes });
  });
  afterAll(async () => { await sim?.close(); });

  it('HTTP mode: no script of an archived page runs or is even fetched', async () => {
    const host = 'www.http.fault.gov.cn';
    const dir = tempStorage();
    const { summary, db } = await crawlSim(dir, [faultSite('http', host)], simHostMap(sim));
    try {
      expect(summary.status).toBe('completed');
      expect(fetchesOf(db, `http://${host}/r/static.html`).map((f) => f.outcome)).toEqual(['ok']);
      expect(fetchesOf(db, `http://${host}/r/from-own-script.html`)).toEqual([]);
      const paths = sim.requestsTo(host).map((r) => r.path);
      expect(paths).not.toContain('/js/own.js');
      expect(sim.log.filter((r) => r.host === '127.0.0.1')).toEqual([]);
      expect(offHostRequests(sim, ALLOWED)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it.skipIf(!hasBrowser)('browser mode: the own origin\'s script runs; nothing the page tries leaves the allowed hosts', async () => {
    const dir = tempStorage();
    const mark = sim.log.length;
    const { summary, db } = await crawlSim(dir, [faultSite('browser', HOST, { render: 'browser' })], simHostMap(sim));
    await new Promise((r) => setTimeout(r, 300)); // anything the browser might still send
    try {
      expect(summary.status).toBe('completed');
      // the site's own script ran in the browser and its link was followed
      expect(fetchesOf(db, `http://${HOST}/r/from-own-script.html`).map((f) => f.outcome)).toEqual(['ok']);
      // the other host's script was never fetched, so never ran
      expect(fetchesOf(db, `http://${HOST}/r/from-offhost-script.html`)).toEqual([]);
      const seen = sim.log.slice(mark);
      expect(seen.filter((r) => r.host === 'cdn.example.org' || r.host === 'evil.example.com')).toEqual([]);
      expect(seen.filter((r) => r.host === '127.0.0.1').map((r) => r.path)).toEqual([]);
      expect(seen.map((r) => r.host).filter((h) => h !== HOST)).toEqual([]);
      expect(offHostRequests(sim, ALLOWED)).toEqual([]);
    } finally {
      db.close();
    }
  }, 90_000);
});

describe('archived content shown later', () => {
  const ESC = '\u001b';
  const hostile = `${ESC}]0;owned${ESC}\\${ESC}]52;c;ZWNobyBvd25lZA==\u0007${ESC}[2J${ESC}[8m`;
  /** The report's title (so its title and issuer) with a clear-screen and a conceal sequence before the year. */
  const hostileTitle = (html: string, title: string) => {
    const at = title.search(/20\d\d/);
    return html.split(title).join(`${title.slice(0, at)}${ESC}[2J${ESC}[8m${title.slice(at)}`);
  };

  it('`ogi extract` prints a page\'s text without terminal control characters (JSON escapes them)', async () => {
    const g = report(80);
    const dir = mkdtempSync(join(tmpdir(), 'ogi-esc-'));
    const file = join(dir, 'page.html');
    writeFileSync(file, hostileTitle(g.html, g.truth.title));
    const text = await ogi(['extract', file]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/title: .*\u241b\[2J/); // shown, as a visible ␛
    expect(text.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const json = await ogi(['extract', file, '--json']);
    expect(json.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(() => JSON.parse(json.out)).not.toThrow();
  });

  it('`ogi crawl`, `ogi search` and `ogi query` print archived text without terminal control characters', async () => {
    const sim = await startSimulator();
    try {
      const host = 'www.esc.fault.gov.cn';
      const g = report(81);
      const page = hostileTitle(g.html, g.truth.title).replace(/(<p[^>]*>)/, `$1控制字符测试${hostile}。`);
      sim.set('/list/index.html', { kind: 'page', body: `<html><head><meta charset="utf-8"></head><body><a href="/r/1.html">转义市2022年政府信息公开工作年度报告</a></body></html>` });
      sim.set('/r/1.html', { kind: 'page', body: page });
      const cfg = mkdtempSync(join(tmpdir(), 'ogi-esc-cfg-'));
      mkdirSync(join(cfg, 'sites'));
      copyFileSync(join(defaultConfigDir, 'ogi.yaml'), join(cfg, 'ogi.yaml'));
      writeFileSync(join(cfg, 'sites', 'esc.yaml'), `id: esc\nname: 转义市人民政府\nregion: 转义市\nlevel: prefecture\nhomepage: http://${host}/\ndialect: linklist\nstart_urls: [http://${host}/list/index.html]\nreport_link_patterns: ['/r/']\nallowed_hosts: ['*.fault.gov.cn']\n`);
      const storage = mkdtempSync(join(tmpdir(), 'ogi-esc-st-'));
      const crawled = await ogi(['crawl', '--config', cfg, '--storage', storage, '--replay', `127.0.0.1:${sim.port}`, '--delay', '5', '--log-json']);
      expect(crawled.code, crawled.err.slice(-1500)).toBe(0);
      expect(crawled.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      const found = await ogi(['search', '控制字符测试', '--storage', storage, '--config', cfg]);
      expect(found.code, found.err).toBe(0);
      expect(found.out).toContain('控制字符测试');
      expect(found.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      const q = await ogi(['query', "SELECT substr(main_text, instr(main_text, '控制字符测试'), 40) AS text FROM documents WHERE instr(main_text, '控制字符测试') > 0", '--storage', storage, '--config', cfg, '--max-width', '0']);
      expect(q.code, q.err).toBe(0);
      expect(q.out).toContain('控制字符测试');
      expect(q.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
