// Owns the page images OCR reads: parsing and writing binary PGM (what pdftoppm -gray
// writes), finding the table's ruling lines as long runs of dark pixels, and erasing them so
// the OCR engine sees only the characters.
import type { Rule } from './geometry.js';

export interface Gray { width: number; height: number; data: Uint8Array }

export function parsePgm(buf: Buffer): Gray {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < buf.length && /\s/.test(String.fromCharCode(buf[pos]))) pos++;
      if (buf[pos] === 0x23) { while (pos < buf.length && buf[pos] !== 0x0a) pos++; continue; }
      break;
    }
    const st = pos;
    while (pos < buf.length && !/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    return buf.toString('latin1', st, pos);
  };
  const magic = token();
  if (magic !== 'P5') throw new Error(`not a binary PGM (${magic})`);
  const width = Number(token()), height = Number(token()), max = Number(token());
  pos++;
  if (max > 255) throw new Error('16-bit PGM not supported');
  return { width, height, data: new Uint8Array(buf.buffer, buf.byteOffset + pos, width * height).slice() };
}

export function writePgm(img: Gray): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'latin1'), Buffer.from(img.data)]);
}

const DARK = 140;

/**
 * Finds horizontal and vertical ruling lines (dark runs at least `minH`/`minV` pixels long),
 * erases them from the image in place and returns them in pixel coordinates.
 */
export function findAndEraseRules(img: Gray, minH: number, minV: number): Rule[] {
  const { width: w, height: h, data } = img;
  const hs: Array<{ y: number; x0: number; x1: number }> = [];
  for (let y = 0; y < h; y++) {
    let x = 0;
    while (x < w) {
      if (data[y * w + x] >= DARK) { x++; continue; }
      let e = x;
      // tolerate one-pixel breaks in a scanned line
      while (e + 1 < w && (data[y * w + e + 1] < DARK || (e + 2 < w && data[y * w + e + 2] < DARK))) e++;
      if (e - x + 1 >= minH) hs.push({ y, x0: x, x1: e });
      x = e + 1;
    }
  }
  const vs: Array<{ x: number; y0: number; y1: number }> = [];
  for (let x = 0; x < w; x++) {
    let y = 0;
    while (y < h) {
      if (data[y * w + x] >= DARK) { y++; continue; }
      let e = y;
      while (e + 1 < h && (data[(e + 1) * w + x] < DARK || (e + 2 < h && data[(e + 2) * w + x] < DARK))) e++;
      if (e - y + 1 >= minV) vs.push({ x, y0: y, y1: e });
      y = e + 1;
    }
  }
  // erase each line with a band of one pixel either side (anti-aliased edges)
  for (const s of hs) for (let y = Math.max(0, s.y - 1); y <= Math.min(h - 1, s.y + 1); y++) for (let x = s.x0; x <= s.x1; x++) data[y * w + x] = 255;
  for (const s of vs) for (let y = s.y0; y <= s.y1; y++) for (let x = Math.max(0, s.x - 1); x <= Math.min(w - 1, s.x + 1); x++) data[y * w + x] = 255;
  // adjacent pixel rows/columns of one thick line become one rule
  const rules: Rule[] = [];
  const hsS = hs.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const usedH = new Set<number>();
  for (let i = 0; i < hsS.length; i++) {
    if (usedH.has(i)) continue;
    const g = { ...hsS[i], y1: hsS[i].y };
    for (let j = i + 1; j < hsS.length && hsS[j].y <= g.y1 + 1; j++) {
      if (usedH.has(j)) continue;
      if (hsS[j].y === g.y1 + 1 && hsS[j].x0 <= g.x1 && hsS[j].x1 >= g.x0) { g.y1 = hsS[j].y; g.x0 = Math.min(g.x0, hsS[j].x0); g.x1 = Math.max(g.x1, hsS[j].x1); usedH.add(j); }
    }
    const y = (g.y + g.y1) / 2;
    rules.push({ x0: g.x0, x1: g.x1, y0: y, y1: y });
  }
  const vsS = vs.sort((a, b) => a.x - b.x || a.y0 - b.y0);
  const usedV = new Set<number>();
  for (let i = 0; i < vsS.length; i++) {
    if (usedV.has(i)) continue;
    const g = { ...vsS[i], x1: vsS[i].x };
    for (let j = i + 1; j < vsS.length && vsS[j].x <= g.x1 + 1; j++) {
      if (usedV.has(j)) continue;
      if (vsS[j].x === g.x1 + 1 && vsS[j].y0 <= g.y1 && vsS[j].y1 >= g.y0) { g.x1 = vsS[j].x; g.y0 = Math.min(g.y0, vsS[j].y0); g.y1 = Math.max(g.y1, vsS[j].y1); usedV.add(j); }
    }
    const x = (g.x + g.x1) / 2;
    rules.push({ x0: x, x1: x, y0: g.y0, y1: g.y1 });
  }
  return rules;
}
