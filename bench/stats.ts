// Small statistics the benchmarks share: on this machine one run says little, so verdicts take
// the median of repeated runs and print their spread.

/** The median (the mean of the two middle values for an even count). */
export function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
}

/** "min–max" with the given decimals, or undefined for no values. */
export function spread(xs: number[], digits = 0): string | undefined {
  return xs.length ? `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}` : undefined;
}
