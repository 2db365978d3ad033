/**
 * The image of one table cell for reading it alone. Scans at 150–200 dpi
 * print table digits 12–18 px tall; tesseract's LSTM wants about 30 px and,
 * at the page's size, drops a thin `1` or a small `0` and reads `/` as `7`
 * (measured on the dev scans: the page binary read 2 of 9 such cells, the
 * grey crop enlarged to ~36 px and thresholded on its own read 9 of 9). So
 * the crop is taken from the grey image (not the page's binary, whose local
 * threshold thins small strokes), enlarged with bilinear sampling, and
 * thresholded with Otsu over the crop alone.
 */
import type { Box } from '../../src/layout.js';
import { otsuThreshold, thresholdImage } from './binarize.js';
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

/**
 * A binary crop of `region` of the grey page, enlarged by `scale`, with a
 * white margin. Coordinates map back as page = region.{x,y} + (p − pad) / scale.
 */
export function cellImage(gray: Gray, region: Box, scale: number): { img: Gray; scale: number; pad: number; x: number; y: number } {
  const x = Math.max(0, Math.floor(region.x)), y = Math.max(0, Math.floor(region.y));
  const g = crop(gray, x, y, region.w, region.h, 0);
  const big = upscale(g, scale);
  // An all-paper crop has no threshold worth the name: Otsu would split paper noise.
  let lo = 255, hi = 0;
  for (const v of big.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const bin = hi - lo < 40 ? thresholdImage(big, -1) : thresholdImage(big, otsuThreshold(big));
  return { img: crop(bin, 0, 0, bin.width, bin.height, PAD), scale, pad: PAD, x, y };
}
