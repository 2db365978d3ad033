/**
 * Binarization. Grey speckle and grey ruling lines wreck tesseract's digit
 * recognition, so every page is thresholded before OCR. Output images hold only 0 and 255.
 */
import { boxSum, integral, thresholdByGrid, windowGrid } from './local-grid.js';
import type { Gray } from './raster.js';

/** Otsu's global threshold: the grey level that best separates ink from paper. */
export function otsuThreshold(img: Gray): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v]!++;
  const total = img.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let wB = 0,
    sumB = 0,
    best = 0,
    threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB,
      mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

export function thresholdImage(img: Gray, t: number): Gray {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i]! <= t ? 0 : 255;
  return { width: img.width, height: img.height, data };
}

/** Grid step (px) of a local threshold surface. */

export interface SauvolaOptions {
  /** Window side in pixels (odd); about a text line's height times two. */
  window: number;
  /** Sensitivity: higher keeps less ink. */
  k?: number;
  /** The image's integral (local-grid.ts `integral`), when the caller has it already: the rule finder needs it too. */
  sum?: Float64Array;
}

/**
 * Sauvola's local threshold T = m·(1 + k·(s/R − 1)) over a window, with
 * integral images so the cost does not depend on the window. It copes with
 * uneven light (photographed pages, fax streaks) where a global threshold
 * loses whole regions. A global Otsu cap keeps light-grey paper texture in
 * bright regions from turning into ink.
 */
export function sauvola(img: Gray, opts: SauvolaOptions): Gray {
  const { width: w, height: h } = img;
  const k = opts.k ?? 0.3;
  const R = 128;
  const half = Math.max(1, Math.floor(opts.window / 2));
  const sum = opts.sum ?? integral(img);
  const sq = integral(img, true);
  const cap = otsuThreshold(img) + 20;
  const grid = windowGrid(w, h, half, (x0, y0, x1, y1) => {
    const n = (y1 - y0) * (x1 - x0);
    const m = boxSum(sum, w, x0, y0, x1, y1) / n;
    const sd = Math.sqrt(Math.max(0, boxSum(sq, w, x0, y0, x1, y1) / n - m * m));
    return Math.min(cap, m * (1 + k * (sd / R - 1)));
  });
  return thresholdByGrid(img, grid, true);
}

/**
 * Remove specks: dark connected components (8-connected) of at most
 * `maxArea` pixels become white. Scanner noise otherwise reads as `.` or `'`
 * next to digits.
 */
export function despeckle(bin: Gray, maxArea: number): number {
  let removed = 0;
  forEachDarkComponent(bin, (pixels) => {
    if (pixels.length > maxArea) return;
    for (const p of pixels) bin.data[p] = 255;
    removed += pixels.length;
  });
  return removed;
}

export interface ComponentBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The least extent of a glyph's piece, in characters: smaller both ways, a component is a speck. */
const GLYPH_PIECE = 0.4;

/**
 * Whether a component is (part of) a glyph of characters `charHeight` tall:
 * at least GLYPH_PIECE of one in either extent (a digit, a piece of a broken
 * one, a minus, a slash). A fax's specks are smaller both ways.
 */
export function isGlyphPiece(c: ComponentBox, charHeight: number): boolean {
  return Math.max(c.x1 - c.x0 + 1, c.y1 - c.y0 + 1) >= GLYPH_PIECE * charHeight;
}

/**
 * Every 8-connected component of dark (0) pixels, once, with its pixel
 * indexes and bounding box (the array is reused: copy what you keep).
 */
export function forEachDarkComponent(bin: Gray, visit: (pixels: number[], box: ComponentBox) => void): void {
  const { width: w, height: h, data } = bin;
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const pixels: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (data[start] !== 0 || seen[start]) continue;
    stack.push(start);
    seen[start] = 1;
    pixels.length = 0;
    const box = { x0: w, y0: h, x1: -1, y1: -1 };
    while (stack.length) {
      const p = stack.pop()!;
      pixels.push(p);
      const x = p % w,
        y = (p - x) / w;
      if (x < box.x0) box.x0 = x;
      if (x > box.x1) box.x1 = x;
      if (y < box.y0) box.y0 = y;
      if (y > box.y1) box.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (data[q] === 0 && !seen[q]) {
            seen[q] = 1;
            stack.push(q);
          }
        }
      }
    }
    visit(pixels, box);
  }
}

/**
 * Remove isolated specks: dark components at most `maxSide` px wide and
 * tall with no other ink within `radius` px of their bounding box. Small in
 * both directions: a lone thin `1` or a small `0` in a table cell is alone
 * too, but as tall as a character. Without sizes, both follow the page's
 * own print: the median height of its marks (a third of it, and two thirds
 * for the radius), so a small synthetic table and a 300-dpi page are
 * treated alike. Returns the pixels removed.
 */
export function removeIsolatedSpecks(bin: Gray, maxSide?: number, radius?: number): number {
  const { width: w, height: h, data } = bin;
  // Ink count integral, to know how much ink a box holds in O(1).
  const W = w + 1;
  const ink = new Int32Array(W * (h + 1));
  for (let y = 0; y < h; y++) {
    let rs = 0;
    for (let x = 0; x < w; x++) {
      if (data[y * w + x] === 0) rs++;
      ink[(y + 1) * W + x + 1] = ink[y * W + x + 1]! + rs;
    }
  }
  const inkIn = (x0: number, y0: number, x1: number, y1: number) => {
    x0 = Math.max(0, x0);
    y0 = Math.max(0, y0);
    x1 = Math.min(w, x1);
    y1 = Math.min(h, y1);
    return ink[y1 * W + x1]! - ink[y0 * W + x1]! - ink[y1 * W + x0]! + ink[y0 * W + x0]!;
  };
  const small: { start: number; end: number; x0: number; y0: number; x1: number; y1: number }[] = [];
  const pixels: number[] = [];
  const heights: number[] = [];
  forEachDarkComponent(bin, (comp, { x0, y0, x1, y1 }) => {
    if (comp.length >= 6) heights.push(y1 - y0 + 1);
    // only small components are candidates; keep their pixels
    if (x1 - x0 < 64 && y1 - y0 < 64) {
      const first = pixels.length;
      for (const p of comp) pixels.push(p);
      small.push({ start: first, end: pixels.length, x0, y0, x1, y1 });
    }
  });
  heights.sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] ?? 0;
  const side = maxSide ?? Math.max(2, Math.round(typical / 3));
  const reach = radius ?? Math.max(3, Math.round((2 * typical) / 3));
  let removed = 0;
  for (const c of small) {
    if (c.x1 - c.x0 + 1 > side || c.y1 - c.y0 + 1 > side) continue;
    const n = c.end - c.start;
    if (inkIn(c.x0 - reach, c.y0 - reach, c.x1 + 1 + reach, c.y1 + 1 + reach) - n !== 0) continue;
    for (let i = c.start; i < c.end; i++) data[pixels[i]!] = 255;
    removed += n;
  }
  return removed;
}
