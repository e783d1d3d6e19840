// An attachment reads the same values as the page of the same report (issue 16 item 3): every
// fixture made from a generated report is compared with that report's HTML page, value for
// value and flag for flag, and so is every DOCX the demo's portal replay serves next to its
// page.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { extract } from '../../src/extract/index.js';
import { extractAttachment } from '../../src/extract/attachments/index.js';
import { generateReport } from '../../src/replay/generator/index.js';
import { loadSites } from '../../src/config/load.js';
import { SiteModel } from '../../src/replay/portals/catalog.js';
import { attachmentResponse } from '../../src/replay/portals/html.js';
import { reportPage } from '../../src/replay/portals/reports.js';
import { makeDocx } from '../../src/replay/portals/files.js';
import type { ReportRecord } from '../../src/extract/types.js';
import { FIXTURES, fixture, truthOf } from './helpers.js';
import { needTool } from '../helpers/tools.js';

/** key → "value [flags]" of a record, the attachment's own flag `ocr` left out. */
function values(r: ReportRecord | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of r?.metrics ?? []) out[m.key] = `${m.value} [${m.flags.filter((f) => f !== 'ocr').sort().join(',')}]`;
  return out;
}

const pageOf = (html: string | Buffer, contentType = 'text/html; charset=utf-8') =>
  extract({ bytes: Buffer.isBuffer(html) ? html : Buffer.from(html), contentType, url: 'http://www.example.gov.cn/art/report.html' });

describe('each fixture reads the same values as its report\'s page', () => {
  const names = readdirSync(FIXTURES).filter((f) => /\.(pdf|docx|doc|xlsx)$/.test(f) && !/^(corrupted|scanned)\./.test(f));
  it('there are fixtures of every kind, Word exports and pasted-text Word among them', () => {
    for (const n of ['word-export-2022.docx', 'word-export-2019.docx', 'pasted-text-2023.docx', 'two-page-table.pdf', 'row-split-2023.pdf', 'xlsx-2022.xlsx']) expect(names).toContain(n);
  });
  for (const name of names) {
    it.skipIf(name.endsWith('.doc') && needTool('doc', `${name} against its page`).missing)(name, async () => {
      const t = truthOf(name);
      const page = pageOf(generateReport(t.options).html);
      const att = await extractAttachment({ bytes: fixture(name), url: `http://www.example.gov.cn/files/${name}` });
      expect(Object.keys(values(page.record)).length).toBeGreaterThan(30);
      expect(values(att.record)).toEqual(values(page.record));
      if (name === 'row-split-2023.pdf') {
        // the row cut by the page break is one row again: its whole label, its figures
        const m = att.record!.metrics.find((x) => x.key === 'requests.other.overdue_fee.total')!;
        expect(m.source).toMatchObject({ row: expect.stringMatching(/缴纳费用、行政机关不再处理其政府信息公开申请$/) });
      }
    });
  }
});

describe('the demo replay\'s DOCX attachments read like their pages', () => {
  const items = loadSites().sites.flatMap((site) => {
    const model = new SiteModel(site, 20240601, 9);
    return model.reports().filter((i) => i.attachment === 'docx').map((item) => ({ site: site.id, model, item }));
  });
  it('the demo serves DOCX attachments', () => expect(items.length).toBeGreaterThan(0));
  for (const { site, model, item } of items) {
    it(`${site} ${item.year}: every value as on the page`, async () => {
      const p = reportPage(model, item);
      const file = attachmentResponse(model, item).body;
      expect(values((await extractAttachment({ bytes: file, url: `http://${site}.example.gov.cn/a.docx` })).record)).toEqual(values(pageOf(p.bytes, p.contentType).record));
    });
  }

  it('a DOCX holding one cell per paragraph with its blank cells dropped: a table value differs from the page only as null with a flag', async () => {
    // where a figure sits cannot be known when blanks are gone (133 37 0 0 170 for seven columns)
    const wordHtml = items.map(({ model, item }) => reportPage(model, item)).find((p) => /<td[^>]*>\s*<p[^>]*>(?:<span[^>]*>)?&nbsp;<\//.test(p.html)); // cells in <p>, some blank
    expect(wordHtml).toBeDefined();
    const cells = wordHtml!.html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<\/(p|div|tr|td|th|h\d|li)\s*>|<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').split('\n').map((l) => l.trim()).filter(Boolean);
    const page = values(pageOf(wordHtml!.bytes, wordHtml!.contentType).record);
    const got = values((await extractAttachment({ bytes: makeDocx(cells), url: 'http://x.gov.cn/a.docx' })).record);
    const wrong = Object.entries(got).filter(([k, v]) => v !== page[k] && !/^null \[.+\]$/.test(v) && !(k.startsWith('prose.') && /\[.*from_prose.*\]$/.test(v)));
    expect(wrong).toEqual([]);
    expect(Object.values(got).filter((v) => /^null \[.*uncertain_split.*\]$/.test(v)).length).toBeGreaterThan(50);
  });
});
