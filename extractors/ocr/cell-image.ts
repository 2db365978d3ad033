/**
 * The image of one table cell for reading it alone. Scans at 150–200 dpi
 * print table digits 12–18 px tall; tesseract's LSTM wants about 30 px and,
 * at the page's size, drops a thin `1` or a small `0` and reads `/` as `7`
 * where the same cell cropped from the grey image, enlarged and thresholded
 * on its own, reads right (tests/ocr/hard-scans.test.ts, small print). So the crop is taken from the grey image (not the page's binary, whose local
 * threshold thins small strokes), enlarged with bilinear sampling, and
 * thresholded with Otsu over the crop alone.
 */
import type { Box } from '../../src/core/layout.js';
import { forEachDarkComponent, otsuThreshold, thresholdImage, type ComponentBox } from './binarize.js';
import { crop, upscale, type Gray } from './raster.js';

/** Character height tesseract reads best (px). */
export const TARGET_CHAR_HEIGHT = 36;
/** White margin around a cell crop: tesseract wants some paper around the text. */
const PAD = 16;

/** Integer enlargement that brings characters `charHeight` px tall near the target (1..4). */
export function scaleFor(charHeight: number): number {
  if (!(charHeight > 0)) return 1;
  return Math.max(1, Math.min(4, Math.round(TARGET_CHAR_HEIGHT / charHeight)));
}

export interface CellImage {
  /** For digits: specks a fraction of a character removed (keepGlyphs). */
  img: Gray;
  /** As thresholded, for reading text: the dots of CJK characters (氵, 丶) are as small as specks. */
  text: Gray;
  scale: number;
  pad: number;
  x: number;
  y: number;
  /** No ink left: nothing to read (tesseract complains on stderr about an empty image). */
  blank: boolean;
}

/**
 * A binary crop of `region` of the grey page, enlarged by `scale`, with a
 * white margin. Coordinates map back as page = region.{x,y} + (p − pad) / scale.
 */
export function cellImage(gray: Gray, region: Box, scale: number, charHeight?: number): CellImage {
  const x = Math.max(0, Math.floor(region.x)),
    y = Math.max(0, Math.floor(region.y));
  const g = crop(gray, x, y, region.w, region.h, 0);
  const big = upscale(g, scale);
  // An all-paper crop has no threshold worth the name: Otsu would split paper noise.
  let lo = 255,
    hi = 0;
  for (const v of big.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const bin = hi - lo < 40 ? thresholdImage(big, -1) : thresholdImage(big, otsuThreshold(big));
  const text = crop(bin, 0, 0, bin.width, bin.height, PAD);
  // Fax noise around the digits reads as - . , ' : specks a fraction of a character.
  if (charHeight) keepGlyphs(bin, charHeight * scale);
  const blank = !bin.data.includes(0);
  return { img: charHeight ? crop(bin, 0, 0, bin.width, bin.height, PAD) : text, text, scale, pad: PAD, x, y, blank };
}

interface Component extends ComponentBox {
  pixels: number[];
}

function components(img: Gray): Component[] {
  const out: Component[] = [];
  forEachDarkComponent(img, (pixels, box) => out.push({ pixels: [...pixels], ...box }));
  return out;
}

/**
 * Keep what can be part of a number or a blank mark in a cell image (in
 * place): pieces at least a third of a character tall (digits, `/`, pieces
 * of a digit broken by a fax), or as wide as a dash, a decimal point (a
 * small piece low beside a tall one) and a minus sign (a flat piece at mid
 * height just left of a tall one). Anything else is a speck.
 */
export function keepGlyphs(img: Gray, charHeight: number): number {
  const comps = components(img);
  const tall = comps.filter((c) => c.y1 - c.y0 + 1 >= 0.35 * charHeight);
  let removed = 0;
  for (const c of comps) {
    const h = c.y1 - c.y0 + 1,
      w = c.x1 - c.x0 + 1;
    if (h >= 0.35 * charHeight || w >= 0.4 * charHeight) continue;
    const point = tall.some((t) => c.y1 >= t.y1 - 0.3 * charHeight && c.y0 <= t.y1 + 0.1 * charHeight && Math.min(Math.abs(c.x0 - t.x1), Math.abs(t.x0 - c.x1)) <= 0.35 * charHeight);
    if (point) continue;
    // A minus sign: a flat bar at the middle height of the digit just right of it (2019's 增减 columns print -3).
    const minus =
      w >= 2 * h && tall.some((t) => (c.y0 + c.y1) / 2 >= t.y0 + 0.25 * (t.y1 - t.y0) && (c.y0 + c.y1) / 2 <= t.y1 - 0.25 * (t.y1 - t.y0) && t.x0 > c.x1 && t.x0 - c.x1 <= 0.5 * charHeight);
    if (minus) continue;
    for (const p of c.pixels) img.data[p] = 255;
    removed += c.pixels.length;
  }
  return removed;
}

/**
 * The shape of a lone mark in a cell image: `/` (the blank marker) leans
 * and is narrow at both ends; `1` stands upright, with a flag to the left
 * or a foot as wide as itself; `7` has a bar across its top. tesseract
 * confuses them at table sizes (a `/` read as 7 or 1 is a wrong number).
 */
export function markShape(img: Gray): 'slash' | 'upright' | 'unknown' {
  const { width: w, height: h, data } = img;
  let x0 = w,
    y0 = h,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[y * w + x] !== 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (x1 < 0) return 'unknown';
  const iw = x1 - x0 + 1,
    ih = y1 - y0 + 1;
  if (ih < 8 || iw / ih > 0.85) return 'unknown';
  const band = (from: number, to: number) => {
    let sx = 0,
      n = 0,
      lo = Infinity,
      hi = -Infinity;
    for (let y = from; y <= to; y++) {
      for (let x = x0; x <= x1; x++) {
        if (data[y * w + x] !== 0) continue;
        sx += x;
        n++;
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    return { cx: n ? sx / n : NaN, span: n ? (hi - lo + 1) / iw : 0 };
  };
  const q = Math.max(1, Math.round(0.2 * ih));
  const top = band(y0, y0 + q - 1),
    bottom = band(y1 - q + 1, y1);
  const lean = (top.cx - bottom.cx) / ih;
  if (lean >= 0.12 && top.span <= 0.6 && bottom.span <= 0.6) return 'slash';
  if (lean < 0.06) return 'upright';
  return 'unknown';
}

/**
 * Whether the ink of a cell image is one flat horizontal bar: the dash a
 * form prints for a blank cell (`—`, `－`, `-`). tesseract reads a lone bar
 * at table sizes as nothing, `一`, `Ce` or `.`, so the cell would be taken
 * as unread and a blank restored as 0. A bar is at most a third of a
 * character tall, at least 0.4 of one long and three times as long as it is
 * tall; a minus sign before a digit is not alone, so it is not a bar.
 */
export function isDashMark(img: Gray, charHeight: number): boolean {
  const comps = components(img);
  if (comps.length === 0) return false;
  const x0 = Math.min(...comps.map((c) => c.x0)),
    x1 = Math.max(...comps.map((c) => c.x1));
  const y0 = Math.min(...comps.map((c) => c.y0)),
    y1 = Math.max(...comps.map((c) => c.y1));
  const w = x1 - x0 + 1,
    h = y1 - y0 + 1;
  return h <= Math.max(2, charHeight / 3) && w >= 0.4 * charHeight && w >= 3 * h;
}
