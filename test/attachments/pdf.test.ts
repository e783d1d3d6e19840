import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { AttachmentError, extractAttachment, readAttachment } from '../../src/extract/attachments/index.js';
import { needTool } from '../helpers/tools.js';
import { pdfAssets, pdfjs } from '../../src/extract/attachments/pdfjs.js';
import { fixture, mismatches, truthOf } from './helpers.js';

/** The HTML tables of a read attachment, as rows of cell texts. */
function tables(html: string): string[][][] {
  const $ = cheerio.load(html);
  return $('table').toArray().map((t) => $(t).find('tr').toArray().map((tr) => $(tr).find('td').toArray().map((td) => $(td).text())));
}

describe('PDF tables', () => {
  it('a requests table broken across two pages is one table, its repeated header dropped', async () => {
    const doc = await readAttachment(fixture('two-page-table.pdf'), { filename: 'two-page-table.pdf' });
    const req = tables(doc.html).filter((t) => t.some((r) => r.some((c) => c.includes('本年新收'))));
    expect(req).toHaveLength(1);
    const flat = req[0].map((r) => r.join('|'));
    expect(flat.filter((r) => r.includes('申请人情况'))).toHaveLength(1);
    const i4 = flat.findIndex((r) => r.includes('（四）无法提供'));
    const iLast = flat.findIndex((r) => r.includes('四、结转下年度继续办理'));
    expect(i4).toBeGreaterThan(0);
    expect(iLast).toBeGreaterThan(i4);
    // the merged label cell crossing the page break is one cell
    expect(flat.filter((r) => r.includes('三、本年度办理结果'))).toHaveLength(1);
    const res = await extractAttachment({ bytes: fixture('two-page-table.pdf'), url: 'http://x/two-page-table.pdf' });
    expect(mismatches(res.record, truthOf('two-page-table.pdf').truth)).toEqual([]);
  });

  it('figures drawn out of column order are placed by position', async () => {
    // the content stream really is out of order: on the requests table's page, figures come before labels
    const lib = await pdfjs();
    const pdf = await lib.getDocument({ data: new Uint8Array(fixture('reordered.pdf')), ...pdfAssets(), verbosity: 0 }).promise;
    let shuffled = false;
    for (let n = 1; n <= pdf.numPages && !shuffled; n++) {
      const items = (await (await pdf.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : ''));
      const label = items.indexOf('一、本年新收政府信息公开申请数量');
      if (label > 0) shuffled = items.slice(0, label).some((s) => /^\d+$/.test(s));
    }
    await pdf.destroy();
    expect(shuffled).toBe(true);
    const res = await extractAttachment({ bytes: fixture('reordered.pdf'), url: 'http://x/reordered.pdf' });
    expect(mismatches(res.record, truthOf('reordered.pdf').truth)).toEqual([]);
  });

  it('page numbers are not text of the report', async () => {
    const doc = await readAttachment(fixture('pdf-2021.pdf'), {});
    expect(doc.html).not.toMatch(/— \d+ —/);
  });
});

describe('scanned PDF', () => {
  it('without OCR (the default): flagged needs_ocr, no text, not an empty report', async () => {
    const doc = await readAttachment(fixture('scanned.pdf'), { filename: 'scanned.pdf' });
    expect(doc.kind).toBe('pdf');
    expect(doc.pages).toBe(3);
    expect(doc.flags).toEqual(['needs_ocr']);
    expect(doc.warnings.join(' ')).toMatch(/no text layer/);
    expect(cheerio.load(doc.html)('body').text().trim()).toBe('');
    const res = await extractAttachment({ bytes: fixture('scanned.pdf'), url: 'http://x/scanned.pdf' }, { ocr: false });
    expect(res.record).toBeNull();
    expect(res.reason).toMatch(/needs_ocr/);
    expect(res.attachment.flags).toContain('needs_ocr');
  });

  it('with tesseract (chi_sim): read by OCR, every value flagged ocr, the requests table\'s identities hold', async (ctx) => {
    if (needTool('tesseract', 'the OCR test').missing) { ctx.skip(); return; }
    const t = truthOf('scanned.pdf');
    const res = await extractAttachment({ bytes: fixture('scanned.pdf'), url: 'http://x/scanned.pdf' }, { ocr: true });
    expect(res.attachment.flags).toEqual(['ocr']);
    const rec = res.record!;
    expect(rec).not.toBeNull();
    expect(rec.flags).toEqual(expect.arrayContaining(['ocr', 'attachment:pdf']));
    expect(rec.metrics.length).toBeGreaterThan(0);
    expect(rec.metrics.every((m) => m.flags.includes('ocr'))).toBe(true);
    // the requests table: every value right and every identity held
    expect(mismatches(rec, t.truth, (k) => k.startsWith('requests.'))).toEqual([]);
    const reqChecks = rec.checks.filter((c) => c.keys.some((k) => k.startsWith('requests.')) && !c.name.startsWith('prose_vs_table'));
    expect(reqChecks.length).toBeGreaterThan(10);
    expect(reqChecks.filter((c) => !c.held).map((c) => c.name)).toEqual([]);
    // and the rest of the report as well
    expect(mismatches(rec, t.truth)).toEqual([]);
  }, 240_000);
});

describe('broken files', () => {
  it('a corrupted PDF gives a clear AttachmentError', async () => {
    const err = await readAttachment(fixture('corrupted.pdf'), { filename: 'corrupted.pdf' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttachmentError);
    expect((err as AttachmentError).kind).toBe('pdf');
    expect((err as Error).message).toMatch(/PDF is corrupted/);
  });
  it('a PDF header followed by garbage, and a truncated DOCX, fail clearly', async () => {
    await expect(readAttachment(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]), {})).rejects.toThrow(AttachmentError);
    const docx = fixture('docx-2024.docx');
    await expect(readAttachment(docx.subarray(0, 600), { filename: 'a.docx' })).rejects.toThrow(/DOCX is corrupted/);
  });
  it('a file of no known kind is refused', async () => {
    await expect(readAttachment(Buffer.from('hello'), { contentType: 'text/plain', url: 'http://x/a.txt' })).rejects.toThrow(/not a PDF, Word or spreadsheet/);
  });
});
