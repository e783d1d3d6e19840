// An attachment reads the same values as the page of the same report (issue 16 item 3): every
// fixture made from a generated report is compared with that report's HTML page, value for
// value and flag for flag, and so is every DOCX the demo's portal replay serves next to its
// page.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { extract } from '../../src/extract/index.js';
import { extractAttachment, readAttachment } from '../../src/extract/attachments/index.js';
import { docConverters } from '../../src/extract/attachments/doc.js';
import { generateReport } from '../../src/replay/generator/index.js';
import { loadSites } from '../../src/config/load.js';
import { SiteModel } from '../../src/replay/portals/catalog.js';
import { attachmentResponse } from '../../src/replay/portals/html.js';
import { reportPage } from '../../src/replay/portals/reports.js';
import type { ReportRecord } from '../../src/extract/types.js';
import { FIXTURES, fixture, truthOf } from './helpers.js';

/** key → "value [flags]" of a record, the attachment's own flag `ocr` left out. */
function values(r: ReportRecord | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of r?.metrics ?? []) out[m.key] = `${m.value} [${m.flags.filter((f) => f !== 'ocr').sort().join(',')}]`;
  return out;
}

const pageOf = (html: string | Buffer, contentType = 'text/html; charset=utf-8') =>
  extract({ bytes: Buffer.isBuffer(html) ? html : Buffer.from(html), contentType, url: 'http://www.example.gov.cn/art/report.html' });

describe('each fixture reads the same values as its report\'s page', async () => {
  const have = await docConverters();
  const names = readdirSync(FIXTURES).filter((f) => /\.(pdf|docx|doc|xlsx)$/.test(f) && !/^(corrupted|scanned)\./.test(f));
  it('there are fixtures of every kind, Word exports and pasted-text Word among them', () => {
    for (const n of ['word-export-2022.docx', 'word-export-2019.docx', 'pasted-text-2023.docx', 'two-page-table.pdf', 'xlsx-2022.xlsx']) expect(names).toContain(n);
  });
  for (const name of names) {
    const needs = name.endsWith('.doc') && !have.length;
    it.skipIf(needs)(`${name}${needs ? ' (skipped: needs catdoc or LibreOffice: apt-get install catdoc)' : ''}`, async () => {
      const t = truthOf(name);
      const page = pageOf(generateReport(t.options).html);
      const att = await extractAttachment({ bytes: fixture(name), url: `http://www.example.gov.cn/files/${name}` });
      expect(Object.keys(values(page.record)).length).toBeGreaterThan(30);
      expect(values(att.record)).toEqual(values(page.record));
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
    it(`${site} ${item.year}`, async () => {
      const p = reportPage(model, item);
      const page = values(pageOf(p.bytes, p.contentType).record);
      const file = attachmentResponse(model, item).body;
      const html = (await readAttachment(file, { filename: 'a.docx' })).html;
      const got = values((await extractAttachment({ bytes: file, url: `http://${site}.example.gov.cn/a.docx` })).record);
      if (/<table|<pre/.test(html)) {
        // its tables reached Word as tab-separated or space-aligned rows: every value as on the page
        expect(got).toEqual(page);
      } else {
        // one cell per paragraph with the blank cells dropped (a Word-HTML page's text): where a
        // figure sits cannot be known, so a table value differs from the page only as null with
        // a flag (and a figure read from the text around the cells carries its flag of doubt)
        const wrong = Object.entries(got).filter(([k, v]) => v !== page[k] && !/^null \[.+\]$/.test(v) && !(k.startsWith('prose.') && /\[.*from_prose.*\]$/.test(v)));
        expect(wrong).toEqual([]);
      }
    });
  }
});
