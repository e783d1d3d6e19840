// Owns the generator's randomness: a small seeded PRNG (mulberry32) and the draws built on it.
// Every random choice in the generator goes through an Rng so a seed fully determines a page.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < 4; i++) this.next();
  }
  /** Uniform float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from empty list');
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const sum = items.reduce((a, [, w]) => a + w, 0);
    let r = this.next() * sum;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1][0];
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const a = xs.slice();
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  /** k distinct elements in original order. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const idx = this.shuffle(xs.map((_, i) => i)).slice(0, Math.max(0, Math.min(k, xs.length))).sort((a, b) => a - b);
    return idx.map((i) => xs[i]);
  }
  /** Log-uniform integer in [lo, hi] (lo ≥ 1): small values as likely per decade as large ones. */
  logInt(lo: number, hi: number): number {
    const a = Math.log(lo), b = Math.log(hi + 1);
    return Math.min(hi, Math.max(lo, Math.floor(Math.exp(a + this.next() * (b - a)))));
  }
  /** A derived generator, independent of later draws on this one. */
  fork(salt: number): Rng {
    return new Rng((Math.floor(this.next() * 0x7fffffff) ^ Math.imul(salt + 1, 0x27d4eb2d)) >>> 0);
  }
}

/** Mixes integers into one 32-bit seed (for seeds derived from seed + index, seed + revision). */
export function mixSeed(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h ^= Math.floor(x) >>> 0;
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= h >>> 13;
  }
  return h >>> 0;
}

/**
 * Splits n into parts proportional to weights (with noise), each part an integer ≥ 0,
 * summing exactly to n. A zero weight always gets 0.
 */
export function splitInt(rng: Rng, n: number, weights: readonly number[]): number[] {
  const w = weights.map((x) => (x > 0 ? x * (0.4 + 1.2 * rng.next()) : 0));
  const sum = w.reduce((a, b) => a + b, 0);
  const out = w.map(() => 0);
  if (n <= 0 || sum === 0) {
    if (n > 0) out[0] = n;
    return out;
  }
  let given = 0;
  for (let i = 0; i < w.length; i++) {
    out[i] = Math.floor((n * w[i]) / sum);
    given += out[i];
  }
  for (let r = n - given; r > 0; r--) {
    let x = rng.next() * sum;
    let i = 0;
    for (; i < w.length - 1; i++) {
      x -= w[i];
      if (x < 0) break;
    }
    while (w[i] === 0) i = (i + 1) % w.length;
    out[i]++;
  }
  return out;
}
