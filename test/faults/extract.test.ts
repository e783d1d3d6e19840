// Bad content through the extractor (issue 7, §2): extract() must not throw, hang or exhaust
// memory on malformed or deeply nested HTML and absurd rowspans; must classify empty pages,
// error pages served with 200 and pages that merely mention 年度报告 as not reports; and must
// flag numbers typed with letters instead of parsing them silently. Each page runs in a worker
// thread with a time and heap limit, so a failure fails its test, not the test process.
import { describe, it, expect, afterAll } from 'vitest';
import { Worker } from 'node:worker_threads';
import type { Extracted } from './extract-worker.js';
import { gbk, report, deepHtml, malformedHtml, deepTables, rowspanBomb, EMPTY, errorPages, mentionPages, invalidBytes, mixedEncodings, lettersInNumbers } from './pages.js';

const workerUrl = new URL('./extract-worker-boot.mjs', import.meta.url);

class Isolated {
  private w: Worker;
  private next = 0;
  private waiting = new Map<number, (r: { result?: Extracted; error?: string }) => void>();
  constructor(heapMb = 1024) {
    this.w = new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    this.w.on('message', (m: { id: number; result?: Extracted; error?: string }) => { this.waiting.get(m.id)?.(m); this.waiting.delete(m.id); });
    this.w.on('error', (e) => this.failAll(`worker died: ${e.message}`));
    this.w.on('exit', (code) => this.failAll(`worker exited (${code})`));
  }
  private failAll(error: string) { for (const r of this.waiting.values()) r({ error }); this.waiting.clear(); }
  /** Extracts in the worker; an error (thrown, out of memory, or over `timeoutMs`) comes back as `error`. */
  run(bytes: Buffer | string, contentType: string | null = 'text/html; charset=utf-8', timeoutMs = 20_000): Promise<{ result?: Extracted; error?: string; ms: number }> {
    const id = ++this.next;
    const t0 = Date.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiting.delete(id); void this.w.terminate(); resolve({ error: `no answer within ${timeoutMs} ms (hang)`, ms: Date.now() - t0 }); }, timeoutMs);
      this.waiting.set(id, (r) => { clearTimeout(timer); resolve({ ...r, ms: Date.now() - t0 }); });
      this.w.postMessage({ id, bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes, contentType });
    });
  }
  close() { return this.w.terminate(); }
}

/** One fresh worker for a page that may hang or blow the heap. */
async function isolated(bytes: Buffer | string, timeoutMs: number, heapMb = 512) {
  const iso = new Isolated(heapMb);
  try { return await iso.run(bytes, 'text/html; charset=utf-8', timeoutMs); } finally { await iso.close(); }
}

describe('bad content through the extractor', () => {
  const shared = new Isolated();
  afterAll(async () => { await shared.close(); });

  it('absurd rowspans/colspans: the grid is capped, no blow-up (rowspan=colspan=100000 on 2 000 rows)', async () => {
    const r = await isolated(rowspanBomb(2000), 20_000, 384);
    expect(r.error).toBeUndefined();
    expect(r.ms).toBeLessThan(10_000);
    expect(r.result!.kind).toBe('report'); // the real report around the bomb is still read
    expect(r.result!.metrics.length).toBeGreaterThan(50);
  }, 30_000);

  it('100 000 nested <div>s: no throw, no hang', async () => {
    const r = await isolated(deepHtml(100_000), 10_000);
    expect(r.error).toBeUndefined();
    expect(r.result!.kind).not.toBe('report');
  }, 20_000);

  it('malformed HTML (30 000 unclosed elements, stray end tags, broken attributes): no throw, no hang', async () => {
    const r = await isolated(malformedHtml(30_000), 10_000);
    expect(r.error).toBeUndefined();
  }, 20_000);

  it('tables nested 20 000 deep: no throw, no hang', async () => {
    const r = await isolated(deepTables(20_000), 10_000);
    expect(r.error).toBeUndefined();
  }, 20_000);

  it('a 0-byte 200 is not a report', async () => {
    for (const ct of ['text/html; charset=utf-8', null, 'application/pdf']) {
      const r = await shared.run(EMPTY, ct);
      expect(r.error, String(ct)).toBeUndefined();
      expect(r.result!.kind, String(ct)).not.toBe('report');
    }
  });

  it('HTML error pages served with 200 are not reports', async () => {
    for (const [name, html] of errorPages) {
      const r = await shared.run(html);
      expect(r.error, name).toBeUndefined();
      expect(r.result!.kind, name).toBe('other');
    }
  });

  it('pages that mention 年度报告 without being one are not reports (a list of reports is a list)', async () => {
    for (const [name, html] of mentionPages) {
      const r = await shared.run(html);
      expect(r.error, name).toBeUndefined();
      expect(r.result!.kind, name).toBe(name === 'list' ? 'list' : 'other');
    }
  });

  it('invalid bytes and mixed encodings: no throw, not a report', async () => {
    for (const [name, bytes, ct] of [['invalid', invalidBytes(), 'text/html'], ['invalid-utf8', invalidBytes(), 'text/html; charset=utf-8'], ['invalid-gbk', invalidBytes(), 'text/html; charset=gbk'], ['mixed', mixedEncodings([['/m/1.html', '某市2018年政府信息公开工作年度报告']]), 'text/html; charset=utf-8']] as const) {
      const r = await shared.run(bytes, ct);
      expect(r.error, name).toBeUndefined();
      expect(r.result!.kind, name).not.toBe('report');
    }
  });

  it('wrong charset declarations both ways: the report is still read', async () => {
    const g = report(41, 2021, 'gbk');
    const asUtf8 = await shared.run(g.bytes, 'text/html; charset=utf-8');
    expect(asUtf8.result?.kind).toBe('report');
    expect(asUtf8.result?.charset).toBe('gb18030');
    expect(asUtf8.result?.title).toBe(g.truth.title);
    const u = report(42, 2020);
    const asGbk = await shared.run(Buffer.from(u.html.replace(/<meta[^>]*charset[^>]*>/i, '<meta charset="gbk">')), 'text/html; charset=gb2312');
    expect(asGbk.result?.kind).toBe('report');
    expect(asGbk.result?.charset).toBe('utf-8');
    expect(asGbk.result?.title).toBe(u.truth.title);
    expect(gbk('x').length).toBe(1);
  });

  it('numbers typed with letters (1O5, 2l) are flagged, never silently parsed or silently dropped', async () => {
    // one damaged cell per page, so a flag on the record can only come from that cell
    const problems: string[] = [];
    let tried = 0;
    for (const seed of [7, 8, 9, 10, 11]) {
      for (const which of [0, 1]) {
        const { html, damaged: d } = lettersInNumbers(seed, which);
        if (!d) continue;
        tried++;
        const r = await shared.run(html);
        if (r.error || !r.result) { problems.push(`seed ${seed}: ${r.error}`); continue; }
        const x = r.result;
        for (const m of x.metrics) {
          if (/[A-Za-z]/.test(m.raw) && !/^N\/A$/i.test(m.raw) && m.value !== null && m.flags.length === 0) problems.push(`seed ${seed}: ${m.key} = ${m.value} parsed from "${m.raw}" without a flag`);
        }
        const m = x.metrics.find((k) => k.key === d.key);
        const where = `seed ${seed}: ${d.key} (cell "${d.now}", was ${d.was})`;
        if (m && m.value !== null && m.value !== d.was && m.flags.length === 0) problems.push(`${where} reported as ${m.value} without a flag`);
        else if (!(m && m.flags.length > 0) && x.flags.length === 0) problems.push(`${where} ${m ? `reported as ${m.value}` : 'dropped'} with no flag on the value or the record`);
      }
    }
    expect(tried).toBeGreaterThanOrEqual(8);
    expect(problems).toEqual([]);
  });
});
