// Owns making OCR'd figures agree with themselves: a document's figures are printed in one
// font, so every glyph is cut out, glyphs of the same shape are clustered, and each cluster
// takes the character most readings gave its members. A digit the OCR engine misreads now
// and then (1 read as 4) is outvoted by its look-alikes read right elsewhere on the page.
import { floodComponent, type Gray } from './raster.js';

const INK = 140;
const GW = 10, GH = 14;

export interface Glyph { x0: number; x1: number; bits: Uint8Array; aspect: number; small: boolean }

/** Cuts the ink of one figure into glyphs, left to right (parts overlapping in x are one glyph). */
export function cutGlyphs(img: Gray): Glyph[] {
  const { width: w, height: h, data } = img;
  const seen = new Uint8Array(w * h);
  const boxes: Array<{ x0: number; x1: number; y0: number; y1: number }> = [];
  const stack: number[] = [];
  for (let i = 0; i < w * h; i++) {
    if (seen[i] || data[i] >= INK) continue;
    boxes.push(floodComponent(w, h, data, i, INK, seen, stack));
  }
  boxes.sort((a, b) => a.x0 - b.x0);
  const merged: typeof boxes = [];
  for (const b of boxes) {
    const last = merged[merged.length - 1];
    const ov = last ? Math.min(last.x1, b.x1) - Math.max(last.x0, b.x0) : -1;
    if (last && ov >= 0.5 * Math.min(last.x1 - last.x0 + 1, b.x1 - b.x0 + 1)) {
      last.x0 = Math.min(last.x0, b.x0); last.x1 = Math.max(last.x1, b.x1); last.y0 = Math.min(last.y0, b.y0); last.y1 = Math.max(last.y1, b.y1);
    } else merged.push({ ...b });
  }
  return merged.map((b) => {
    const bw = b.x1 - b.x0 + 1, bh = b.y1 - b.y0 + 1;
    const bits = new Uint8Array(GW * GH);
    for (let gy = 0; gy < GH; gy++) for (let gx = 0; gx < GW; gx++) {
      const sx = b.x0 + Math.min(bw - 1, Math.floor(((gx + 0.5) * bw) / GW));
      const sy = b.y0 + Math.min(bh - 1, Math.floor(((gy + 0.5) * bh) / GH));
      bits[gy * GW + gx] = data[sy * w + sx] < INK ? 1 : 0;
    }
    return { x0: b.x0, x1: b.x1, bits, aspect: bw / bh, small: bh < 0.45 * h };
  });
}

function alike(a: Glyph, b: Glyph): boolean {
  if (a.small !== b.small) return false;
  if (Math.abs(Math.log(a.aspect / b.aspect)) > 0.25) return false;
  let diff = 0;
  for (let i = 0; i < a.bits.length; i++) diff += a.bits[i] ^ b.bits[i];
  return diff <= 0.12 * a.bits.length;
}

/**
 * Given each figure's glyphs and its readings (several per figure), returns each figure's
 * text from its glyph clusters' majority characters, or null where a glyph's cluster got no
 * usable vote (then the caller keeps its own choice).
 */
export function voteGlyphs(figures: Array<{ glyphs: Glyph[]; readings: string[] }>): Array<string | null> {
  const reps: Glyph[] = [];
  const votes: Array<Map<string, number>> = [];
  const clusterOf = figures.map((f) => f.glyphs.map((g) => {
    let k = reps.findIndex((r) => alike(r, g));
    if (k < 0) { reps.push(g); votes.push(new Map()); k = reps.length - 1; }
    return k;
  }));
  figures.forEach((f, i) => {
    for (const r of f.readings) {
      const chars = [...r];
      if (chars.length !== f.glyphs.length) continue;
      chars.forEach((ch, g) => { const m = votes[clusterOf[i][g]]; m.set(ch, (m.get(ch) ?? 0) + 1); });
    }
  });
  const label = votes.map((m) => {
    const top = [...m.entries()].sort((a, b) => b[1] - a[1]);
    return top.length && (top.length === 1 || top[0][1] > top[1][1]) ? top[0][0] : null;
  });
  return clusterOf.map((ks) => (ks.length && ks.every((k) => label[k] !== null) ? ks.map((k) => label[k]).join('') : null));
}
