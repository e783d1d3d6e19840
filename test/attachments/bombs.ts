// Builds hostile attachments at run time (nothing large is committed): a DOCX whose
// word/document.xml is small in the zip and huge unpacked, a zip64 DOCX of 2 GiB, and an XLSX
// whose sheet spans an absurd range. Huge deflate streams are made by repeating one
// full-flushed deflate block (each block starts afresh, so copies concatenate into a valid
// stream) and closing with an empty final block; the CRC is computed over the repeats.
import { crc32, constants, deflateRawSync } from 'node:zlib';

export interface RawEntry { name: string; deflated: Buffer; size: number; crc: number }

/** A deflate stream for head + unit×times + tail, with its size and CRC, without ever holding the whole. */
export function repeatedDeflate(head: Buffer, unit: Buffer, times: number, tail: Buffer): { deflated: Buffer; size: number; crc: number } {
  const flushed = (b: Buffer): Buffer => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const u = flushed(unit);
  const parts = [flushed(head), ...Array.from({ length: times }, () => u), deflateRawSync(tail, { level: 9 })];
  let crc = crc32(head);
  for (let i = 0; i < times; i++) crc = crc32(unit, crc);
  crc = crc32(tail, crc);
  return { deflated: Buffer.concat(parts), size: head.length + unit.length * times + tail.length, crc };
}

export function entry(name: string, data: Buffer): RawEntry {
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

/** A zip of deflated entries; `zip64` writes every size and offset in zip64 extra fields (and the zip64 end records). */
export function zipOf(entries: RawEntry[], zip64 = false): Buffer {
  const locals: Buffer[] = [], centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const x64 = Buffer.alloc(zip64 ? 4 + 24 : 0);
    if (zip64) { x64.writeUInt16LE(1, 0); x64.writeUInt16LE(24, 2); x64.writeBigUInt64LE(BigInt(e.size), 4); x64.writeBigUInt64LE(BigInt(e.deflated.length), 12); x64.writeBigUInt64LE(BigInt(offset), 20); }
    const lx = zip64 ? x64 : Buffer.alloc(0);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(zip64 ? 45 : 20, 4); lh.writeUInt16LE(0x0800, 6); lh.writeUInt16LE(8, 8);
    lh.writeUInt16LE(0, 10); lh.writeUInt16LE(0x5821, 12); lh.writeUInt32LE(e.crc, 14);
    lh.writeUInt32LE(zip64 ? 0xffffffff : e.deflated.length, 18); lh.writeUInt32LE(zip64 ? 0xffffffff : e.size, 22);
    lh.writeUInt16LE(name.length, 26); lh.writeUInt16LE(lx.length, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(zip64 ? 45 : 20, 4); ch.writeUInt16LE(zip64 ? 45 : 20, 6); ch.writeUInt16LE(0x0800, 8); ch.writeUInt16LE(8, 10);
    ch.writeUInt16LE(0, 12); ch.writeUInt16LE(0x5821, 14); ch.writeUInt32LE(e.crc, 16);
    ch.writeUInt32LE(zip64 ? 0xffffffff : e.deflated.length, 20); ch.writeUInt32LE(zip64 ? 0xffffffff : e.size, 24);
    ch.writeUInt16LE(name.length, 28); ch.writeUInt16LE(x64.length, 30);
    ch.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    locals.push(lh, name, lx, e.deflated);
    centrals.push(ch, name, x64);
    offset += 30 + name.length + lx.length + e.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0); rec.writeBigUInt64LE(44n, 4); rec.writeUInt16LE(45, 12); rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(entries.length), 24); rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40); rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0); loc.writeBigUInt64LE(BigInt(offset + cd.length), 8); loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8); end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : cd.length, 12); end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, cd, ...tail, end]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const DOC_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>某某县人民政府2023年政府信息公开工作年度报告</w:t></w:r></w:p>';
const DOC_TAIL = '</w:body></w:document>';

/** A DOCX whose word/document.xml unpacks to about `mib` MiB of paragraphs (a few hundred KB zipped). */
export function docxBomb(mib = 100, zip64 = false): Buffer {
  const para = '<w:p><w:r><w:t>一、本年新收政府信息公开申请数量 133 37 0 0 170</w:t></w:r></w:p>';
  const paras = para.repeat(Math.floor((1024 * 1024) / Buffer.byteLength(para)));
  const unit = Buffer.from(paras + ' '.repeat(1024 * 1024 - Buffer.byteLength(paras))); // exactly 1 MiB
  const big = repeatedDeflate(Buffer.from(DOC_HEAD), unit, mib, Buffer.from(DOC_TAIL));
  return zipOf([entry('[Content_Types].xml', Buffer.from(CONTENT_TYPES)), entry('_rels/.rels', Buffer.from(RELS)), { name: 'word/document.xml', ...big }], zip64);
}

/** A zip64 DOCX whose word/document.xml is `gib` GiB of zeros (about 2 MB zipped). */
export function zip64Bomb(gib = 2): Buffer {
  const unit = Buffer.alloc(64 * 1024 * 1024);
  const big = repeatedDeflate(Buffer.from(DOC_HEAD), unit, gib * 16, Buffer.from(DOC_TAIL));
  return zipOf([entry('[Content_Types].xml', Buffer.from(CONTENT_TYPES)), entry('_rels/.rels', Buffer.from(RELS)), { name: 'word/document.xml', ...big }], true);
}

/**
 * A small XLSX whose one sheet declares the whole grid as its dimension, holds cells at A1, B2
 * and XFD20000 (20000 rows × 16384 columns), and merges A3 to XFD1048576.
 */
export function absurdSheet(): Buffer {
  const x = (s: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${s}`);
  const ct = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
  const rels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
  const wb = '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>';
  const wbRels = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';
  const sheet = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
    + '<row r="1"><c r="A1" t="inlineStr"><is><t>政府信息公开申请情况</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>本年新收</t></is></c><c r="B2"><v>12</v></c></row>'
    + '<row r="20000"><c r="XFD20000"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells></worksheet>';
  return zipOf([entry('[Content_Types].xml', x(ct)), entry('_rels/.rels', x(rels)), entry('xl/workbook.xml', x(wb)), entry('xl/_rels/workbook.xml.rels', x(wbRels)), entry('xl/worksheets/sheet1.xml', x(sheet))]);
}
