/**
 * Local statistics of a grey image over a square window, for thresholds that
 * follow uneven light. Sums come from integral images, so the cost does not
 * depend on the window; the statistics are smooth at these window sizes, so
 * they are computed every STEP px and looked up per pixel.
 */
import type { Gray } from './raster.js';

export const STEP = 4;

/** Integral image of the values (or of their squares), (w+1)×(h+1). */
export function integral(img: Gray, squares = false): Float64Array {
  const { width: w, height: h, data } = img;
  const W = w + 1;
  const sum = new Float64Array(W * (h + 1));
  // a loop for each kind rather than a test per pixel: this runs over every pixel of a page several times
  for (let y = 0; y < h; y++) {
    let rs = 0;
    const src = y * w,
      above = y * W + 1,
      here = above + W;
    if (squares) {
      for (let x = 0; x < w; x++) {
        const v = data[src + x]!;
        rs += v * v;
        sum[here + x] = sum[above + x]! + rs;
      }
    } else {
      for (let x = 0; x < w; x++) {
        rs += data[src + x]!;
        sum[here + x] = sum[above + x]! + rs;
      }
    }
  }
  return sum;
}

/** The sum of an integral image over [x0, x1) × [y0, y1) of an image w pixels wide. */
export function boxSum(s: Float64Array, w: number, x0: number, y0: number, x1: number, y1: number): number {
  const W = w + 1;
  return s[y1 * W + x1]! - s[y0 * W + x1]! - s[y1 * W + x0]! + s[y0 * W + x0]!;
}

/**
 * A value every STEP px, from the window of side 2·half+1 around that point,
 * clipped to the image: `cell(x0, y0, x1, y1)` with the window's bounds.
 */
export function windowGrid(w: number, h: number, half: number, cell: (x0: number, y0: number, x1: number, y1: number) => number): Float32Array {
  const gw = Math.ceil(w / STEP),
    gh = Math.ceil(h / STEP);
  const grid = new Float32Array(gw * gh);
  for (let gy = 0; gy < gh; gy++) {
    const y = Math.min(h - 1, gy * STEP + (STEP >> 1));
    const y0 = Math.max(0, y - half),
      y1 = Math.min(h, y + half + 1);
    for (let gx = 0; gx < gw; gx++) {
      const x = Math.min(w - 1, gx * STEP + (STEP >> 1));
      grid[gy * gw + gx] = cell(Math.max(0, x - half), y0, Math.min(w, x + half + 1), y1);
    }
  }
  return grid;
}

/**
 * Pixels compared with the grid value that applies to them: 0 (ink) where
 * the value is below the threshold (or at it, with `orEqual`), else 255.
 */
export function thresholdByGrid(img: Gray, grid: Float32Array, orEqual: boolean): Gray {
  const { width: w, height: h, data: src } = img;
  const gw = Math.ceil(w / STEP);
  const out = new Uint8Array(w * h);
  // one threshold per STEP pixels of a row, and the comparison chosen once, not a call per pixel
  for (let y = 0; y < h; y++) {
    const row = ((y / STEP) | 0) * gw;
    for (let g = 0, x = 0; x < w; g++) {
      const t = grid[row + g]!;
      const end = Math.min(w, x + STEP);
      if (orEqual) for (; x < end; x++) out[y * w + x] = src[y * w + x]! <= t ? 0 : 255;
      else for (; x < end; x++) out[y * w + x] = src[y * w + x]! < t ? 0 : 255;
    }
  }
  return { width: w, height: h, data: out };
}
