// Owns the page images OCR reads: parsing and writing binary PGM (what pdftoppm -gray
// writes), finding the table's ruling lines as long runs of dark pixels and erasing them so
// the OCR engine sees only the characters, and cutting, trimming and scaling cell images.
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
 * Finds horizontal and vertical ruling lines (unbroken dark runs at least `minH`/`minV` pixels
 * long: longer than any stroke of a character), erases them from the image in place and
 * returns them in pixel coordinates.
 */
export function findAndEraseRules(img: Gray, minH: number, minV: number): Rule[] {
  const { width: w, height: h, data } = img;
  const dark = (x: number, y: number): boolean => data[y * w + x] < DARK;
  // unbroken runs, then pieces on one pixel row joined across gaps of up to GAP pixels (a thin
  // line scanned or binarised breaks up); characters stand further apart than that
  const GAP = 2;
  const hs: Array<{ y: number; x0: number; x1: number }> = [];
  for (let y = 0; y < h; y++) {
    let cur: { x0: number; x1: number; ink: number } | null = null;
    const close = (): void => { if (cur && cur.x1 - cur.x0 + 1 >= minH && cur.ink >= 0.8 * (cur.x1 - cur.x0 + 1)) hs.push({ y, x0: cur.x0, x1: cur.x1 }); cur = null; };
    for (let x = 0; x < w; x++) {
      if (!dark(x, y)) continue;
      let e = x;
      while (e + 1 < w && dark(e + 1, y)) e++;
      if (cur && x - (cur as { x1: number }).x1 - 1 <= GAP) { const c = cur as { x0: number; x1: number; ink: number }; c.x1 = e; c.ink += e - x + 1; }
      else { close(); cur = { x0: x, x1: e, ink: e - x + 1 }; }
      x = e;
    }
    close();
  }
  const vs: Array<{ x: number; y0: number; y1: number }> = [];
  for (let x = 0; x < w; x++) {
    let cur: { y0: number; y1: number; ink: number } | null = null;
    const close = (): void => { if (cur && cur.y1 - cur.y0 + 1 >= minV && cur.ink >= 0.8 * (cur.y1 - cur.y0 + 1)) vs.push({ x, y0: cur.y0, y1: cur.y1 }); cur = null; };
    for (let y = 0; y < h; y++) {
      if (!dark(x, y)) continue;
      let e = y;
      while (e + 1 < h && dark(x, e + 1)) e++;
      if (cur && y - (cur as { y1: number }).y1 - 1 <= GAP) { const c = cur as { y0: number; y1: number; ink: number }; c.y1 = e; c.ink += e - y + 1; }
      else { close(); cur = { y0: y, y1: e, ink: e - y + 1 }; }
      y = e;
    }
    close();
  }
  // erase each line with a band of one pixel either side (anti-aliased edges)
  for (const s of hs) for (let y = Math.max(0, s.y - 1); y <= Math.min(h - 1, s.y + 1); y++) for (let x = s.x0; x <= s.x1; x++) data[y * w + x] = 255;
  for (const s of vs) for (let y = s.y0; y <= s.y1; y++) for (let x = Math.max(0, s.x - 1); x <= Math.min(w - 1, s.x + 1); x++) data[y * w + x] = 255;
  // adjacent pixel rows/columns of one thick line become one rule
  const rules: Rule[] = [];
  for (const m of mergeAdjacent(hs.map((s) => ({ at: s.y, from: s.x0, to: s.x1 })))) rules.push({ x0: m.from, x1: m.to, y0: m.at, y1: m.at });
  for (const m of mergeAdjacent(vs.map((s) => ({ at: s.x, from: s.y0, to: s.y1 })))) rules.push({ x0: m.at, x1: m.at, y0: m.from, y1: m.to });
  return rules;
}

/**
 * Segments on consecutive pixel lines (`at`) that overlap along the line (`from`..`to`) are one
 * thick line: merged, each is placed on its middle line. Works for rows and columns alike.
 */
function mergeAdjacent(segs: Array<{ at: number; from: number; to: number }>): Array<{ at: number; from: number; to: number }> {
  const sorted = segs.sort((a, b) => a.at - b.at || a.from - b.from);
  const used = new Set<number>();
  const out: Array<{ at: number; from: number; to: number }> = [];
  for (let i = 0; i < sorted.length; i++) {
    if (used.has(i)) continue;
    const g = { ...sorted[i], last: sorted[i].at };
    for (let j = i + 1; j < sorted.length && sorted[j].at <= g.last + 1; j++) {
      if (used.has(j)) continue;
      const s = sorted[j];
      if (s.at === g.last + 1 && s.from <= g.to && s.to >= g.from) { g.last = s.at; g.from = Math.min(g.from, s.from); g.to = Math.max(g.to, s.to); used.add(j); }
    }
    out.push({ at: (g.at + g.last) / 2, from: g.from, to: g.to });
  }
  return out;
}

/**
 * Flood-fills the 8-connected component of pixels darker than `ink` that holds `start`, marking
 * them in `seen`; returns its bounding box (and its pixels in `collect`, when given).
 */
export function floodComponent(w: number, h: number, data: Uint8Array, start: number, ink: number, seen: Uint8Array, stack: number[], collect?: number[]): { x0: number; x1: number; y0: number; y1: number } {
  let x0 = w, x1 = -1, y0 = h, y1 = -1;
  stack.push(start); seen[start] = 1;
  while (stack.length) {
    const p = stack.pop()!;
    collect?.push(p);
    const x = p % w, y = (p - x) / w;
    if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx, ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      const q = ny * w + nx;
      if (!seen[q] && data[q] < ink) { seen[q] = 1; stack.push(q); }
    }
  }
  return { x0, x1, y0, y1 };
}

/**
 * The ink of a crop, cut tight, or null when the crop is blank. Specks and slivers left by
 * erased borders (thin components running along most of the crop) are dropped first.
 */
export function tightInk(img: Gray): Gray | null {
  const { width: w, height: h } = img;
  const data = img.data.slice();
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let i = 0; i < w * h; i++) {
    if (seen[i] || data[i] >= 140) continue;
    const comp: number[] = [];
    const { x0, x1, y0, y1 } = floodComponent(img.width, img.height, data, i, 140, seen, stack, comp);
    const cw = x1 - x0 + 1, ch = y1 - y0 + 1;
    const speck = comp.length < 6;
    const sliver = (cw <= 4 && ch >= 0.6 * h) || (ch <= 4 && cw >= 0.6 * w);
    const edge = (x0 === 0 || x1 === w - 1 || y0 === 0 || y1 === h - 1) && (cw <= 4 || ch <= 4);
    if (speck || sliver || edge) for (const p of comp) data[p] = 255;
  }
  let x0 = w, x1 = -1, y0 = h, y1 = -1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    if (data[y * w + x] < 140) { if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
  }
  if (x1 < 0 || (x1 - x0 < 2 && y1 - y0 < 2)) return null;
  const tw = x1 - x0 + 1, th = y1 - y0 + 1;
  const out = new Uint8Array(tw * th);
  for (let y = 0; y < th; y++) out.set(data.subarray((y0 + y) * w + x0, (y0 + y) * w + x1 + 1), y * tw);
  return { width: tw, height: th, data: out };
}

/** Resamples a gray image by `f` (box filter when shrinking, nearest when growing). */
export function scaleGray(img: Gray, f: number): Gray {
  const w = Math.max(1, Math.round(img.width * f)), h = Math.max(1, Math.round(img.height * f));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const sy0 = Math.min(img.height - 1, Math.floor(y / f)), sy1 = Math.min(img.height, Math.max(sy0 + 1, Math.floor((y + 1) / f)));
    for (let x = 0; x < w; x++) {
      const sx0 = Math.min(img.width - 1, Math.floor(x / f)), sx1 = Math.min(img.width, Math.max(sx0 + 1, Math.floor((x + 1) / f)));
      let sum = 0, n = 0;
      for (let yy = sy0; yy < sy1; yy++) for (let xx = sx0; xx < sx1; xx++) { sum += img.data[yy * img.width + xx]; n++; }
      out[y * w + x] = Math.round(sum / n);
    }
  }
  return { width: w, height: h, data: out };
}

/** The inside of a cell (its borders left out), in pixels; null when too small. */
export function cropCell(img: Gray, box: { x0: number; top: number; x1: number; bottom: number }, pt: number, inset = 4): Gray | null {
  const x0 = Math.max(0, Math.round(box.x0 / pt) + inset), x1 = Math.min(img.width, Math.round(box.x1 / pt) - inset);
  const y0 = Math.max(0, Math.round(box.top / pt) + inset), y1 = Math.min(img.height, Math.round(box.bottom / pt) - inset);
  const w = x1 - x0, h = y1 - y0;
  if (w < 6 || h < 6) return null;
  // a white margin around the crop helps tesseract find the text line
  const m = 10;
  const out = new Uint8Array((w + 2 * m) * (h + 2 * m)).fill(255);
  for (let y = 0; y < h; y++) out.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x1), (y + m) * (w + 2 * m) + m);
  return { width: w + 2 * m, height: h + 2 * m, data: out };
}
