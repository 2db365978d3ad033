/** Small statistics shared by the extractors, the stages and the audit. */

/** The upper median of some numbers (the higher middle of an even count; 0 for none): a typical size or place that one outlier does not move. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
