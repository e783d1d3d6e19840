import { describe, expect, it } from 'vitest';
import { extractLinks, isAttachmentUrl, isReportLink, looksLikeReportTitle, resolveUrl, yearOf } from '../../crawlers/links.js';

describe('links', () => {
  it('resolves relative hrefs and skips links that lead nowhere fetchable', () => {
    expect(resolveUrl('./202103/t20210305_1.shtml', 'http://a.gov.cn/xxgk/nb/index.shtml')).toBe('http://a.gov.cn/xxgk/nb/202103/t20210305_1.shtml');
    expect(resolveUrl('/art/2021/1/29/art_1229_3741.html#top', 'http://a.gov.cn/col/col1/index.html')).toBe('http://a.gov.cn/art/2021/1/29/art_1229_3741.html');
    expect(resolveUrl('../x.html', 'http://a.gov.cn/a/b/c.html')).toBe('http://a.gov.cn/a/x.html');
    for (const h of ['javascript:void(0)', 'JavaScript:;', 'mailto:x@a.gov.cn', 'data:text/html,hi', 'file:///etc/passwd', '#', '', '  ', 'tel:123']) {
      expect(resolveUrl(h, 'http://a.gov.cn/')).toBeNull();
    }
  });

  it('reads the report year, also in Chinese numerals', () => {
    expect(yearOf('鞍山市政府2019年度政府信息公开工作报告')).toBe(2019);
    expect(yearOf('二〇一七年政府信息公开工作年度报告')).toBe(2017);
    expect(yearOf('政府信息公开工作年度报告')).toBeUndefined();
  });

  it('recognises report titles and rejects notices about reports', () => {
    for (const t of [
      '安庆市人民政府2017年政府信息公开工作报告',
      '廊坊市2017年政府信息公开工作年度报告',
      '廊坊市2017年政府信息公開工作年度報告',
      '磐安县人民政府2020年政府信息公开工作年报',
      '鞍山市政府2019年度政府信息公开工作报告',
      '2021年度政务公开工作年度报告',
    ]) expect(looksLikeReportTitle(t), t).toBe(true);
    for (const t of [
      '关于做好2020年政府信息公开工作年度报告编制发布工作的通知',
      '图解：磐安县人民政府2021年政府信息公开工作年度报告',
      '政府信息公开年报',
      '磐安县2022年政务公开工作要点',
      '2020年企业年报公示',
      '政府信息公开指南',
    ]) expect(looksLikeReportTitle(t), t).toBe(false);
  });

  it('lets a site pattern mark a report by URL, but not a notice', () => {
    const pats = [/\/Item\/\d+\.aspx$/];
    expect(isReportLink('http://www.lf.gov.cn/Item/1.aspx', '2018年报告', pats)).toBe(true);
    expect(isReportLink('http://www.lf.gov.cn/Item/2.aspx', '关于做好年度报告工作的通知', pats)).toBe(false);
    expect(isReportLink('http://www.lf.gov.cn/Other/2.aspx', '更多', pats)).toBe(false);
  });

  it('recognises attachments', () => {
    expect(isAttachmentUrl('http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=abc.pdf')).toBe(true);
    expect(isAttachmentUrl('http://a.gov.cn/xxgk/202103/P020210305.pdf')).toBe(true);
    expect(isAttachmentUrl('http://a.gov.cn/UploadFiles/x.DOCX')).toBe(true);
    expect(isAttachmentUrl('http://a.gov.cn/f/x.wps')).toBe(true);
    expect(isAttachmentUrl('http://a.gov.cn/f/x.xls')).toBe(true);
    expect(isAttachmentUrl('http://a.gov.cn/download/123')).toBe(true);
    expect(isAttachmentUrl('http://a.gov.cn/art/2021/1/29/art_1_2.html')).toBe(false);
  });

  it('takes the title attribute when the visible text is cut', () => {
    const links = extractLinks('<a href="/a.html" title="咸宁市2019年政府信息公开工作年度报告">咸宁市2019年政府信息…</a><a href="javascript:;">x</a><a href="/a.html">dup</a>', 'http://a.gov.cn/');
    expect(links).toEqual([{ url: 'http://a.gov.cn/a.html', label: '咸宁市2019年政府信息公开工作年度报告' }]);
  });

  it('reads links as a browser\'s tree would: the first <base>, an <a> inside an <a> closes it, entities decoded, no script text in a label', () => {
    const html = `<HTML><head><base href="/xxgk/"><base href="/other/"><script>var s = '<a href="/fake.html">x</a>';</script></head><body>
      <A HREF="nb/2020.html">平潭县2020年<b>政府信息公开</b>工作年度报告<a href="nb/2019.html">2019年&amp;报告</a></A>
      <a href="nb/2018.html?a=1&amp;b=2"><script>document.write('x')</script>2018年</a>
      <map><area href="nb/2017.html" alt="x"></map><a name="anchor-only">no href</a><a href="">empty</a>
      <a href="nb/2016.html" title="平潭县2016年政府信息公开工作年度报告">平潭县2016年…</a>`;
    expect(extractLinks(html, 'http://a.gov.cn/index.html')).toEqual([
      { url: 'http://a.gov.cn/xxgk/nb/2020.html', label: '平潭县2020年政府信息公开工作年度报告' },
      { url: 'http://a.gov.cn/xxgk/nb/2019.html', label: '2019年&报告' },
      { url: 'http://a.gov.cn/xxgk/nb/2018.html?a=1&b=2', label: '2018年' },
      { url: 'http://a.gov.cn/xxgk/nb/2017.html', label: '' },
      { url: 'http://a.gov.cn/xxgk/nb/2016.html', label: '平潭县2016年政府信息公开工作年度报告' },
    ]);
  });
});
