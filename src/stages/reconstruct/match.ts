/**
 * Approximate substring search (Sellers' algorithm): the leftmost place in
 * `hay[from, to)` where `needle` occurs with at most `maxEdits` insertions,
 * deletions or substitutions. Labels arrive misspelt (其他法律行政止公开),
 * garbled by OCR (予!以公开 → 予以公开 after normalization, 谕期 for 逾期) and
 * broken by text from a neighbouring cell; a small edit budget finds them.
 */
export interface Match {
  start: number;
  end: number;
  edits: number;
}

/** The edit budget for a keyword of this length: none for short words, where one edit is another word. */
export function editBudget(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

export function findFuzzy(hay: string, needle: string, from = 0, to = hay.length, maxEdits = editBudget(needle.length)): Match | undefined {
  maxEdits = Math.min(maxEdits, needle.length - 1);
  const m = needle.length;
  if (m === 0) return undefined;
  if (maxEdits === 0) {
    const i = hay.indexOf(needle, from);
    return i >= 0 && i + m <= to ? { start: i, end: i + m, edits: 0 } : undefined;
  }
  const exact = hay.indexOf(needle, from);
  if (exact === from) return { start: exact, end: exact + m, edits: 0 };
  // a fuzzy match can only win by starting before the first exact one
  if (exact >= 0) to = Math.min(to, exact + m);
  // cost[j], start[j]: best edit count for needle[0, j) ending at the current position, and where it began
  let cost = new Int32Array(m + 1);
  let start = new Int32Array(m + 1);
  let nextCost = new Int32Array(m + 1);
  let nextStart = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) {
    cost[j] = j;
    start[j] = from;
  }
  let best: Match | undefined;
  for (let i = from; i < to; i++) {
    nextCost[0] = 0;
    nextStart[0] = i + 1;
    const ch = hay.charCodeAt(i);
    for (let j = 1; j <= m; j++) {
      const sub = cost[j - 1]! + (ch === needle.charCodeAt(j - 1) ? 0 : 1);
      const del = cost[j]! + 1; // hay[i] is extra
      const ins = nextCost[j - 1]! + 1; // needle[j-1] is missing
      if (sub <= del && sub <= ins) {
        nextCost[j] = sub;
        nextStart[j] = j === 1 ? i : start[j - 1]!;
      } else if (del <= ins) {
        nextCost[j] = del;
        nextStart[j] = start[j]!;
      } else {
        nextCost[j] = ins;
        nextStart[j] = nextStart[j - 1]!;
      }
    }
    [cost, nextCost] = [nextCost, cost];
    [start, nextStart] = [nextStart, start];
    const c = cost[m]!;
    if (c <= maxEdits) {
      const cand = { start: start[m]!, end: i + 1, edits: c };
      if (!best || c < best.edits) best = cand;
      if (c === 0) break;
    } else if (best && i + 1 - best.end >= m) break;
  }
  if (exact >= 0 && exact + m <= to && (!best || exact <= best.start)) return { start: exact, end: exact + m, edits: 0 };
  return best;
}
