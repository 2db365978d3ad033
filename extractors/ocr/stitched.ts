/**
 * Several report pages stitched into one tall image (a screenshot of a
 * scroll, a phone's "long picture"). Read as one page, a table continued on
 * the next page repeats its header in the middle of the "page" and the
 * page footers sit between its rows. The pages are cut apart again where
 * the image holds a band of blank paper taller than any gap inside a page:
 * the bottom margin of one page and the top margin of the next.
 */
import type { ColorPixels } from './raster.js';

/** A band of blank rows at least this many page widths tall separates two pages (≈ 0.7 in on A4; a gap inside a page is rarely half that). */
const GAP_OF_WIDTH = 0.08;
/** Neither piece may be shorter than this many page widths (a cut never leaves a sliver). */
const MIN_PAGE_OF_WIDTH = 0.5;
/** A row is blank when fewer than this share of its pixels is darker than the paper. */
const INK_SHARE = 0.002;

function rowInk(px: ColorPixels): Float64Array {
  const { width, height, channels, data } = px;
  const out = new Float64Array(height);
  // paper level: a high percentile of a sample of grey values
  const sample: number[] = [];
  for (let i = 0; i < width * height; i += 97) {
    const p = i * channels;
    sample.push(channels >= 3 ? (data[p]! + data[p + 1]! + data[p + 2]!) / 3 : data[p]!);
  }
  sample.sort((a, b) => a - b);
  const paper = sample[Math.floor(sample.length * 0.9)] ?? 255;
  const dark = paper - 60;
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x += 2) {
      const p = (y * width + x) * channels;
      const v = channels >= 3 ? (data[p]! + data[p + 1]! + data[p + 2]!) / 3 : data[p]!;
      if (v < dark) n++;
    }
    out[y] = n / Math.ceil(width / 2);
  }
  return out;
}

/** Row ranges [from, to) of the pages in a tall image; one range when it is a single page. */
export function stitchedPageRanges(px: ColorPixels): [number, number][] {
  const { width, height } = px;
  // Not taller than a page and a half: one page.
  if (height < 1.6 * width) return [[0, height]];
  const ink = rowInk(px);
  // Pages of one size stitched edge to edge: the height is a whole number of A4 pages (√2 × width),
  // and the cuts fall at page boundaries, whatever blank bands the pages hold inside.
  const n = Math.round(height / (Math.SQRT2 * width));
  if (n >= 2 && Math.abs(height - n * Math.SQRT2 * width) <= 0.03 * height) {
    const ranges: [number, number][] = [];
    for (let k = 0; k < n; k++) ranges.push([Math.round((k * height) / n), Math.round(((k + 1) * height) / n)]);
    // only where the boundary is blank paper (else it is one long page that happens to have that height)
    if (ranges.slice(1).every(([a]) => ink[a]! < INK_SHARE)) return ranges;
  }
  const minGap = Math.round(GAP_OF_WIDTH * width),
    minPage = Math.round(MIN_PAGE_OF_WIDTH * width);
  const cuts: number[] = [];
  let start = -1;
  for (let y = 0; y <= height; y++) {
    const blank = y < height && ink[y]! < INK_SHARE;
    if (blank && start < 0) start = y;
    if (!blank && start >= 0) {
      // a blank band at the very top or bottom is only a margin
      if (y - start >= minGap && start > 0 && y < height) cuts.push(Math.round((start + y) / 2));
      start = -1;
    }
  }
  const ranges: [number, number][] = [];
  let from = 0;
  for (const c of cuts) {
    if (c - from >= minPage && height - c >= minPage) {
      ranges.push([from, c]);
      from = c;
    }
  }
  ranges.push([from, height]);
  return ranges;
}

/** The pages of a stitched image (the image itself when it is one page). */
export function splitStitchedPages(px: ColorPixels): ColorPixels[] {
  const ranges = stitchedPageRanges(px);
  if (ranges.length === 1) return [px];
  const row = px.width * px.channels;
  return ranges.map(([a, b]) => ({ width: px.width, height: b - a, channels: px.channels, data: px.data.subarray(a * row, b * row) }));
}
