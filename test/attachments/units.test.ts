import { describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { detectKind, sniffKind } from '../../src/extract/attachments/detect.js';
import { layoutPage } from '../../src/extract/attachments/layout.js';
import { assemble } from '../../src/extract/attachments/assemble.js';
import { blocksToHtml } from '../../src/extract/attachments/blocks.js';
import type { TextBox } from '../../src/extract/attachments/geometry.js';
import { findAndEraseRules } from '../../src/extract/attachments/raster.js';
import { parseTsv } from '../../src/extract/attachments/ocr.js';
import { cleanFigure, pickReading } from '../../src/extract/attachments/ocrcells.js';
import { cutGlyphs, voteGlyphs } from '../../src/extract/attachments/glyphs.js';
import { snapLabel } from '../../src/extract/attachments/lexicon.js';
import { textToHtml } from '../../src/extract/attachments/doc.js';
import { fixture } from './helpers.js';

const box = (str: string, x0: number, top: number, size = 10): TextBox => ({ str, x0, x1: x0 + size * [...str].reduce((a, c) => a + (/[\x00-\x7f]/.test(c) ? 0.55 : 1), 0), top, bottom: top + size, size });
const rowsOf = (html: string): string[][] => {
  const $ = cheerio.load(html);
  return $('tr').toArray().map((tr) => $(tr).find('td').toArray().map((td) => $(td).text()));
};

describe('detect', () => {
  it('magic bytes first', () => {
    expect(sniffKind(fixture('pdf-2019.pdf'))).toBe('pdf');
    expect(sniffKind(fixture('docx-2024.docx'))).toBe('docx');
    expect(sniffKind(fixture('xlsx-2022.xlsx'))).toBe('xlsx');
    expect(sniffKind(fixture('doc-2020.doc'))).toBe('doc');
  });
  it('then Content-Type, then the extension of the file name or URL (Chinese names too)', () => {
    const junk = Buffer.from('not magic');
    expect(detectKind(junk, { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe('docx');
    expect(detectKind(junk, { contentType: 'application/vnd.ms-excel' })).toBe('xls');
    expect(detectKind(junk, { url: 'http://x.gov.cn/%E5%B9%B4%E6%8A%A5.PDF?id=3' })).toBe('pdf');
    expect(detectKind(junk, { filename: '2023年年报.wps' })).toBe('wps');
    expect(detectKind(junk, { filename: 'a.html' })).toBeNull();
    // Word binary bytes named .wps are WPS
    expect(detectKind(fixture('doc-2020.doc'), { filename: '年报.wps' })).toBe('wps');
  });
});

describe('layout from positions', () => {
  it('a borderless table: columns from clustering, figures placed by position whatever their order', () => {
    const rows = [['一、本年新收政府信息公开申请数量', '12', '0', '3', '15'], ['二、上年结转政府信息公开申请数量', '1', '0', '0', '1'], ['（一）予以公开', '7', '0', '2', '9']];
    const xs = [60, 300, 360, 420, 480];
    const boxes: TextBox[] = [];
    rows.forEach((r, i) => r.forEach((s, c) => boxes.push(box(s, xs[c], 200 + i * 20))));
    // drawn in reverse (figures last to first)
    const page = layoutPage({ width: 595, height: 842, boxes: boxes.reverse(), rules: [] });
    const html = blocksToHtml(assemble([page]));
    expect(rowsOf(html)).toEqual(rows);
  });

  it('a ruled table: merged cells from missing borders', () => {
    // 3 columns × 2 rows; the top row's two right cells merged (no border between them)
    const H = (y: number) => ({ x0: 50, x1: 350, y0: y, y1: y });
    const V = (x: number, y0: number, y1: number) => ({ x0: x, x1: x, y0, y1 });
    const rules = [H(100), H(120), H(140), V(50, 100, 140), V(150, 100, 140), V(250, 120, 140), V(350, 100, 140)];
    const boxes = [box('申请人情况', 200, 105), box('类别', 60, 105), box('自然人', 160, 125), box('法人', 260, 125), box('合计', 60, 125)];
    const page = layoutPage({ width: 595, height: 842, boxes, rules });
    const html = blocksToHtml(assemble([page]));
    expect(html).toContain('<td colspan="2">申请人情况</td>');
    expect(rowsOf(html)).toEqual([['类别', '申请人情况'], ['合计', '自然人', '法人']]);
  });

  it('wrapped lines of a paragraph are joined; a short line ends it', () => {
    const lines = [box('本报告根据条例编制。本报告内容包括总体情况、主动公开政府', 60, 100), box('信息情况。', 40, 114), box('一、总体情况', 40, 140)];
    lines[0].x1 = 550; lines[1].x1 = 90;
    const page = layoutPage({ width: 595, height: 842, boxes: lines, rules: [] });
    page.left = 40; page.right = 550;
    expect(assemble([page])).toEqual([{ t: 'p', text: '本报告根据条例编制。本报告内容包括总体情况、主动公开政府信息情况。' }, { t: 'p', text: '一、总体情况' }]);
  });
});

describe('OCR helpers', () => {
  it('rules are found and erased; character strokes are not', () => {
    const w = 400, h = 200;
    const data = new Uint8Array(w * h).fill(255);
    for (let x = 10; x < 390; x++) data[50 * w + x] = 0; // a rule
    for (let y = 20; y < 180; y++) data[y * w + 100] = 0; // a rule
    for (let x = 200; x < 230; x++) data[120 * w + x] = 0; // a stroke
    const img = { width: w, height: h, data };
    const rules = findAndEraseRules(img, 150, 100);
    expect(rules).toHaveLength(2);
    expect(data[50 * w + 300]).toBe(255);
    expect(data[120 * w + 210]).toBe(0);
  });
  it('figures are cleaned and readings reconciled', () => {
    expect(cleanFigure('|O1')).toBe('01');
    expect(cleanFigure('l2')).toBe('12');
    expect(cleanFigure('公开')).toBe('公开');
    expect(pickReading(['90', '0', '0'])).toBe('0');
    expect(pickReading(['14', '1'])).toBe('1');
    expect(pickReading([])).toBeNull();
  });
  it('glyphs of one shape vote: a misread is outvoted', () => {
    const glyph = (pattern: string[]): { width: number; height: number; data: Uint8Array } => {
      const hh = pattern.length, ww = pattern[0].length;
      return { width: ww, height: hh, data: Uint8Array.from(pattern.join('').split('').map((c) => (c === '#' ? 0 : 255))) };
    };
    const one = glyph(['..#..', '.##..', '..#..', '..#..', '..#..', '.###.']);
    const zero = glyph(['.###.', '#...#', '#...#', '#...#', '#...#', '.###.']);
    const figs = [
      { glyphs: cutGlyphs(one), readings: ['1', '1'] },
      { glyphs: cutGlyphs(one), readings: ['4', '14'] },
      { glyphs: cutGlyphs(zero), readings: ['0'] },
      { glyphs: cutGlyphs(one), readings: ['1'] },
    ];
    expect(voteGlyphs(figs)).toEqual(['1', '1', '0', '1']);
  });
  it('tesseract TSV words take their line\'s height', () => {
    const tsv = 'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n'
      + '4\t1\t1\t1\t1\t0\t100\t200\t300\t40\t-1\t\n'
      + '5\t1\t1\t1\t1\t1\t100\t210\t80\t20\t90\t申请\n';
    const { boxes } = parseTsv(tsv, 0.5);
    expect(boxes).toEqual([{ str: '申请', x0: 50, x1: 90, top: 100, bottom: 120, size: 17 }]);
  });
  it('OCR\'d labels snap to the official wording when nearly the same', () => {
    expect(snapLabel('1.属于国家秘家')).toBe('1.属于国家秘密');
    expect(snapLabel('2.没有现成信息需要另行抽作')).toBe('2.没有现成信息需要另行制作');
    expect(snapLabel('本地特色栏目')).toBe('本地特色栏目');
  });
});

describe('converter text', () => {
  it('tab-separated and | rows become tables, other lines paragraphs', () => {
    // blank lines inside a table (catdoc writes them) do not end it
    const html = textToHtml('标题\n名称\t数量\n\n规章\t3\n中间\n|行政许可 |12 |\n结语');
    const $ = cheerio.load(html);
    expect($('table').length).toBe(2);
    expect($('p').toArray().map((p) => $(p).text())).toEqual(['标题', '中间', '结语']);
    expect(rowsOf(html)).toEqual([['名称', '数量'], ['规章', '3'], ['行政许可', '12']]);
  });
});
