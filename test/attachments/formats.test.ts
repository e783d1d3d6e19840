import { describe, expect, it } from 'vitest';
import { extractAttachment, readAttachment } from '../../src/extract/attachments/index.js';
import { fixture, mismatches, truthOf } from './helpers.js';
import { needTool } from '../helpers/tools.js';

// Every committed fixture (made by scripts/make-attachment-fixtures.ts) is read and extracted
// with every value of its generated report right.
const CASES: Array<[string, string]> = [
  ['pdf-2021.pdf', 'pdf'],
  ['pdf-2019.pdf', 'pdf'],
  ['pdf-pre2019.pdf', 'pdf'],
  ['two-page-table.pdf', 'pdf'],
  ['row-split-2023.pdf', 'pdf'],
  ['word-export-2022.docx', 'docx'],
  ['word-export-2019.docx', 'docx'],
  ['pasted-text-2023.docx', 'docx'],
  ['reordered.pdf', 'pdf'],
  ['borderless.pdf', 'pdf'],
  ['docx-2024.docx', 'docx'],
  ['xlsx-2022.xlsx', 'xlsx'],
];

describe('attachments extract with every value right', () => {
  for (const [name, kind] of CASES) {
    it(name, async () => {
      const t = truthOf(name);
      const res = await extractAttachment({ bytes: fixture(name), url: `http://www.example.gov.cn/files/${name}` });
      expect(res.kind).toBe('report');
      expect(res.attachment.kind).toBe(kind);
      expect(mismatches(res.record, t.truth)).toEqual([]);
      expect(res.record!.flags).toContain(`attachment:${kind}`);
      expect(res.attachment.flags).toEqual([]);
      // the tables' identities all hold (the generated prose may disagree with the table on purpose)
      const failing = res.record!.checks.filter((c) => !c.held).map((c) => c.name);
      expect(failing.filter((c) => !c.startsWith('prose_vs_table'))).toEqual([]);
    });
  }

  it('kind is told by the bytes, whatever the name or Content-Type says', async () => {
    const doc = await readAttachment(fixture('pdf-2019.pdf'), { contentType: 'application/octet-stream', filename: '附件1.doc' });
    expect(doc.kind).toBe('pdf');
    expect(doc.pages).toBeGreaterThanOrEqual(2);
    expect(doc.html).toMatch(/<table/);
  });

  it('an XLS (Excel 97 binary) reads like the XLSX', async () => {
    const XLSX = await import('xlsx');
    const wb = XLSX.read(fixture('xlsx-2022.xlsx'), { type: 'buffer' });
    const xls = XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
    const res = await extractAttachment({ bytes: xls, url: 'http://x.gov.cn/a.xls' });
    expect(res.attachment.kind).toBe('xls');
    expect(mismatches(res.record, truthOf('xlsx-2022.xlsx').truth)).toEqual([]);
  });
});

describe('DOC / WPS through a system converter', async () => {
  const t = truthOf('doc-2020.doc');
  for (const conv of ['soffice', 'catdoc'] as const) {
    it.skipIf(needTool(conv, `DOC via ${conv}`).missing)(`DOC via ${conv}`, async () => {
      const res = await extractAttachment({ bytes: fixture('doc-2020.doc'), url: 'http://x.gov.cn/a.doc' }, { docConverter: conv });
      expect(res.attachment.kind).toBe('doc');
      expect(mismatches(res.record, t.truth)).toEqual([]);
    });
  }
  it.skipIf(needTool('doc', 'the .wps case').missing)('a .wps (Kingsoft, Word-compatible) is read the same way', async () => {
    const res = await extractAttachment({ bytes: fixture('doc-2020.doc'), url: 'http://x.gov.cn/%E6%8A%A5%E5%91%8A.wps' });
    expect(res.attachment.kind).toBe('wps');
    expect(mismatches(res.record, t.truth)).toEqual([]);
  });
  it('without a converter the error says what to install', async () => {
    await expect(readAttachment(fixture('doc-2020.doc'), { filename: 'a.doc' }, { docConverters: [] }))
      .rejects.toThrow(/apt-get install (libreoffice|catdoc)/);
  });
});
