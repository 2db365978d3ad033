/**
 * Splitting digit runs whose cell boundaries were lost (crawler text:
 * `（一）予以公开270020130` is 27|0|0|2|0|1|30). Every way to cut the runs into
 * the row's cell count is enumerated — no part with a leading zero, a sign
 * only at the start of its run — and kept when the row's identities hold.
 */

export interface SplitOptions {
  /** How many cells the row has. */
  cells: number;
  /** Keeps a candidate (the row's identities); all candidates pass without one. */
  accept?: (values: number[]) => boolean;
  /** Stop after this many accepted candidates (the caller only needs to know it is not unique). */
  limit?: number;
  /** Longest part, in digits (no cell in these reports has more). */
  maxDigits?: number;
  /** The cell a signed run (增4, -2) must begin: the 2019 本年增/减 column. */
  signedAt?: number;
  /** Give up after this many partial splits (the caller then treats the row as undetermined). */
  maxSteps?: number;
}

/** Thrown inside the walk when the step budget runs out. */
class Exhausted extends Error {}

/** All splits of the runs (each `[+-]?digits(.digits)?`) into exactly `cells` numbers. */
export function splitRuns(runs: readonly string[], options: SplitOptions): SplitResult {
  const { cells, accept, limit = 1000, maxDigits = 9, signedAt, maxSteps = 200_000 } = options;
  let steps = 0;
  const out: number[][] = [];
  const parts: number[] = [];
  const digitsLeft = (r: number) => runs.slice(r).reduce((s, x) => s + x.replace(/[^\d]/g, '').length, 0);

  const walk = (r: number, i: number) => {
    if (out.length >= limit) return;
    if (++steps > maxSteps) throw new Exhausted();
    if (r === runs.length) {
      if (parts.length === cells && (!accept || accept(parts))) out.push([...parts]);
      return;
    }
    const run = runs[r]!;
    if (i === run.length) return walk(r + 1, 0);
    // too few digits left to fill the remaining cells, or too many cells already
    if (parts.length >= cells || digitsLeft(r) - countDigits(run.slice(0, i)) < cells - parts.length) return;
    let j = i;
    let sign = '';
    if (i === 0 && /[+\-−]/.test(run[0]!)) {
      // a printed sign marks the change column: the run starts exactly there
      if (signedAt !== undefined && parts.length !== signedAt) return;
      sign = run[0] === '+' ? '' : '-';
      j = 1;
    }
    const body = run.slice(j);
    const dot = body.indexOf('.');
    for (let len = 1; len <= body.length; len++) {
      const piece = body.slice(0, len);
      // a part may not end on the point, nor stop just before it (the next would start with '.')
      if (piece.endsWith('.') || (dot >= 0 && len === dot)) continue;
      if (len > 1 && piece[0] === '0' && piece[1] !== '.') break;
      if (countDigits(piece) > maxDigits) break;
      parts.push(Number(sign + piece));
      walk(r, j + len);
      parts.pop();
      if (out.length >= limit) return;
    }
  };
  try {
    walk(0, 0);
  } catch (e) {
    if (!(e instanceof Exhausted)) throw e;
    return { candidates: out, complete: false };
  }
  return { candidates: out, complete: true };
}

export interface SplitResult {
  candidates: number[][];
  /** False when the step budget ran out: more splits may exist, so none is known to be unique. */
  complete: boolean;
}

const countDigits = (s: string) => s.replace(/[^\d]/g, '').length;
