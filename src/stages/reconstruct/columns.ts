/**
 * Columns by position. Where the source has geometry (PDF points, image
 * pixels, text columns, grid columns), a row's values are put in the columns
 * whose centres they sit under; a row with a blank cell then keeps every
 * other value in its own column. Centres are learned from the rows of the
 * same page that fill every column, or else from the column headers.
 */
import type { ValuePiece } from './values.js';
import { median } from '../../core/stats.js';

export interface Centres {
  xs: number[];
  /**
   * `rows`: learned from the page's rows that fill every column; `header`: read
   * off the column headers on the page; `values`: where the values of the
   * page's rows, none full, stand together (valueCentres); `other-page`:
   * borrowed from another page of the table, whose layout may differ.
   */
  source: 'rows' | 'header' | 'values' | 'other-page';
  /** Half the smallest gap between neighbouring centres: how far a value may sit from its centre. */
  tolerance: number;
  /** Header centres only: columns whose header was not found, placed from their neighbours (centres.ts someLost). */
  lost?: number;
}

export const centreOf = (p: { box: { x: number; w: number } }) => p.box.x + p.box.w / 2;

/**
 * Column centres from rows that have exactly `n` values, when those rows agree
 * (each column's values lie closer together than the columns are apart).
 * Undefined when no such rows exist or their positions say nothing (running
 * text, where x is only an offset in a long line).
 */
export function learnCentres(rows: readonly ValuePiece[][], n: number): Centres | undefined {
  const full = rows.filter((r) => r.length === n);
  if (full.length === 0) return undefined;
  const xs: number[] = [];
  let spread = 0;
  for (let c = 0; c < n; c++) {
    const col = full.map((r) => centreOf(r[c]!)).sort((a, b) => a - b);
    xs.push(col[Math.floor(col.length / 2)]!);
    // ignore one outlier row when there are several
    const lo = col.length > 3 ? col[1]! : col[0]!;
    const hi = col.length > 3 ? col[col.length - 2]! : col[col.length - 1]!;
    spread = Math.max(spread, hi - lo);
  }
  const c = makeCentres(xs, spread);
  return c && { ...c, source: 'rows' };
}

/** A column of values holds at least this many (a stray mark or a rule's remnant read once stands alone). */
const COLUMN_VALUES = 2;
/** Values of one column stand within this many digit heights of their neighbours; columns stand further apart. */
const COLUMN_GAP = 1.5;
/** The share of the page's values that must stand in the columns found. */
const IN_COLUMNS = 0.9;

/**
 * Column centres from where the values of a page's rows stand, when no row
 * fills every column (a fax whose threshold broke the rules and the header,
 * its rows each missing a value or two): the values fall into groups by x,
 * split where neighbours stand more than COLUMN_GAP digit heights apart.
 * Only when exactly `n` groups hold COLUMN_VALUES or more, together nearly
 * all values, and the rows' values go to distinct groups (nearly all): a column blank
 * on the whole page, or a rule's remnants read as a column of 1s, leaves
 * the count wrong and nothing is learned. Rows with more values than
 * columns (another row's line of values with them) teach nothing.
 */
export function valueCentres(all: readonly ValuePiece[][], n: number): Centres | undefined {
  const rows = all.filter((r) => r.length <= n);
  const values = rows.flat();
  if (rows.length < 3 || values.length < 2 * n) return undefined;
  const gap = COLUMN_GAP * median(values.map((p) => p.box.h));
  const xs = values.map(centreOf).sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const x of xs) {
    const last = groups[groups.length - 1];
    if (last && x - last[last.length - 1]! <= gap) last.push(x);
    else groups.push([x]);
  }
  const columns = groups.filter((g) => g.length >= COLUMN_VALUES);
  if (columns.length !== n || columns.reduce((s, g) => s + g.length, 0) < IN_COLUMNS * values.length) return undefined;
  const spread = Math.max(...columns.map((g) => g[g.length - 1]! - g[0]!));
  const c = makeCentres(
    columns.map((g) => median(g)),
    spread,
  );
  // each row's values placed under distinct columns, in order: nearly all of them
  const placed = c ? rows.reduce((s, r) => s + new Set(assignColumns(r, c).filter((col) => col >= 0)).size, 0) : 0;
  return c && placed >= IN_COLUMNS * values.length ? { ...c, source: 'values' } : undefined;
}

export function makeCentres(xs: number[], spread = 0): Centres | undefined {
  if (xs.length === 0) return undefined;
  let gap = Infinity;
  for (let i = 1; i < xs.length; i++) gap = Math.min(gap, xs[i]! - xs[i - 1]!);
  if (xs.length > 1 && !(gap > 0)) return undefined;
  if (xs.length > 1 && spread >= gap * 0.5) return undefined;
  const tolerance = xs.length > 1 ? gap * 0.5 : Infinity;
  return { xs, tolerance, source: 'header' };
}

/**
 * Put pieces (in reading order) into columns, keeping their order, so that the
 * total distance to the centres is smallest. Returns for each piece its column,
 * or -1 for a piece that sits under no column (a stray mark left of the table).
 */
export function assignColumns(pieces: readonly ValuePiece[], centres: Centres): number[] {
  const n = centres.xs.length;
  const k = pieces.length;
  const far = (p: ValuePiece, c: number) => Math.abs(centreOf(p) - centres.xs[c]!);
  // best[i][c]: least cost placing pieces[0, i) in columns [0, c); a piece may be skipped at a high cost
  const SKIP = 1e9;
  const best: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const choice: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let c = 0; c <= n; c++) best[0]![c] = 0;
  for (let i = 1; i <= k; i++) {
    for (let c = 0; c <= n; c++) {
      // skip the piece
      let b = best[i - 1]![c]! + SKIP;
      let ch = -1;
      // leave column c-1 empty
      if (c > 0 && best[i]![c - 1]! < b) {
        b = best[i]![c - 1]!;
        ch = -2;
      }
      // piece i-1 in column c-1
      if (c > 0) {
        const d = far(pieces[i - 1]!, c - 1);
        const cost = d > centres.tolerance * 1.5 ? Infinity : best[i - 1]![c - 1]! + d;
        if (cost < b) {
          b = cost;
          ch = c - 1;
        }
      }
      best[i]![c] = b;
      choice[i]![c] = ch;
    }
  }
  const out = new Array<number>(k).fill(-1);
  let i = k;
  let c = n;
  while (i > 0) {
    const ch = choice[i]![c]!;
    if (ch === -1) {
      out[i - 1] = -1;
      i--;
    } else if (ch === -2) c--;
    else {
      out[i - 1] = ch;
      i--;
      c--;
    }
  }
  return out;
}

/**
 * A text dump made by OCR spaces a line by the gaps on the page, each line
 * at its own scale: a row's values may stand twice as far right as the
 * header words above them, so the nearest header is the wrong column. But
 * within one line the scale is one: measured from the line's start, every
 * value stands at the same multiple of its column's centre. Among the ways
 * to put the row's values in order into the columns, the one whose multiples
 * agree is taken, when it agrees far better than any other; otherwise
 * undefined (the caller falls back to the nearest header, with its warning).
 */
export function assignByScale(pieces: readonly ValuePiece[], centres: Centres): number[] | undefined {
  const n = centres.xs.length;
  const k = pieces.length;
  if (k < 2 || k >= n || centres.xs[0]! <= 0) return undefined;
  const spreads: { cols: number[]; spread: number }[] = [];
  for (const cols of orderedSubsets(n, k)) {
    const ratios = cols.map((c, i) => centreOf(pieces[i]!) / centres.xs[c]!);
    const mean = ratios.reduce((a, r) => a + r, 0) / k;
    spreads.push({ cols, spread: (Math.max(...ratios) - Math.min(...ratios)) / mean });
  }
  spreads.sort((a, b) => a.spread - b.spread);
  const [best, next] = spreads;
  return best && next && best.spread < SCALE_AGREEMENT && next.spread > best.spread * 3 ? best.cols : undefined;
}

/** How far apart (relative to their mean) a row's multiples may be and still count as one scale. */
const SCALE_AGREEMENT = 0.15;

/** Every increasing choice of k columns out of n. */
function* orderedSubsets(n: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let c = from; c <= n - k; c++) for (const rest of orderedSubsets(n, k - 1, c + 1)) yield [c, ...rest];
}
