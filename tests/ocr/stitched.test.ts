import { splitStitchedPages, stitchedPageRanges } from '../../extractors/ocr/stitched.js';
import type { ColorPixels } from '../../extractors/ocr/raster.js';

/** A grey page `width` wide: text rows every 30 px, except in the blank bands given. */
function page(width: number, height: number, blank: [number, number][]): ColorPixels {
  const data = new Uint8Array(width * height).fill(250);
  for (let y = 0; y < height; y++) {
    if (y % 30 >= 12 || blank.some(([a, b]) => y >= a && y < b)) continue;
    for (let x = 40; x < width - 40; x += 3) data[y * width + x] = 20;
  }
  return { width, height, channels: 1, data };
}

describe('pages stitched into one tall image', () => {
  test('are cut apart in the blank band between them', () => {
    const img = page(500, 1400, [[640, 700]]);
    const ranges = stitchedPageRanges(img);
    expect(ranges).toHaveLength(2);
    expect(ranges[0]![1]).toBeGreaterThanOrEqual(640);
    expect(ranges[0]![1]).toBeLessThanOrEqual(700);
    const parts = splitStitchedPages(img);
    expect(parts.map((p) => p.height)).toEqual(ranges.map(([a, b]) => b - a));
    expect(parts[1]!.data.length).toBe(500 * parts[1]!.height);
  });

  test('A4 pages stitched edge to edge are cut at the page boundaries', () => {
    const h = Math.round(3 * Math.SQRT2 * 400);
    const pageH = h / 3;
    // each page has a top and bottom margin, so the boundaries are blank
    const img = page(
      400,
      h,
      [0, 1, 2, 3].map((k) => [k * pageH - 40, k * pageH + 40] as [number, number]),
    );
    expect(stitchedPageRanges(img)).toEqual([
      [0, Math.round(pageH)],
      [Math.round(pageH), Math.round(2 * pageH)],
      [Math.round(2 * pageH), h],
    ]);
  });

  test('a single page, tall or not, stays whole: gaps between paragraphs are not page breaks', () => {
    expect(
      stitchedPageRanges(
        page(500, 1400, [
          [300, 310],
          [900, 910],
        ]),
      ),
    ).toEqual([[0, 1400]]);
    expect(stitchedPageRanges(page(500, 600, [[250, 350]]))).toEqual([[0, 600]]);
  });
});
