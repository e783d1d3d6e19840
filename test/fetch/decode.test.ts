import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import { decodeBody } from '../../src/fetch/decode.js';

const page = '<html><head><title>安庆市人民政府2017年政府信息公开工作年度报告</title></head><body>统计期限自2017年1月1日至12月31日止</body></html>';

describe('decodeBody', () => {
  it('reads GBK with no charset anywhere by sniffing', () => {
    const d = decodeBody(iconv.encode(page, 'gbk'), 'text/html');
    expect(d.charset).toBe('gb18030');
    expect(d.text).toContain('年度报告');
  });
  it('reads GBK declared as UTF-8 in the header (bytes win)', () => {
    const d = decodeBody(iconv.encode(page, 'gbk'), 'text/html; charset=utf-8');
    expect(d.text).toContain('政府信息公开');
    expect(d.source).toBe('sniff');
  });
  it('reads UTF-8 declared as GB2312 in <meta> (bytes win)', () => {
    const d = decodeBody(Buffer.from(page.replace('<head>', '<head><meta charset="gb2312">')), null);
    expect(d.charset).toBe('utf-8');
    expect(d.text).toContain('年度报告');
  });
  it('honours a meta charset that the bytes agree with, and a BOM', () => {
    const gbk = iconv.encode(page.replace('<head>', '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), 'gbk');
    expect(decodeBody(gbk, 'text/html')).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page)]), 'text/html; charset=gbk')).toMatchObject({ charset: 'utf-8', source: 'bom' });
  });
  it('uses a site override', () => {
    expect(decodeBody(iconv.encode(page, 'gbk'), 'text/html; charset=utf-8', 'gbk').text).toContain('年度报告');
  });
});
