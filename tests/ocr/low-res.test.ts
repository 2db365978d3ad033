/**
 * Scans below the resolution the clean-up is tuned for (120–150 dpi), with
 * small table type: the page is resampled to 300 dpi before thresholding, its
 * threshold follows the source resolution (faint thin strokes), a dash in a
 * value cell is the blank mark, and a minus sign survives the cell crop.
 * Pages are drawn here: a page-wide image (≥ 1000 px) is taken as A4 wide,
 * so 1240 px is a 150-dpi scan.
 */
import { decodeImage } from '../../extractors/image.js';
import { preparePage, sauvolaK } from '../../extractors/ocr/page.js';
import { resample, type Gray } from '../../extractors/ocr/raster.js';
import { whiteCanvas } from '../helpers/canvas.js';

/** A 150-dpi page (1240 px wide) with one ruled table of `rows`, printed in `font` and `color`. */
async function drawLowResPage(rows: string[][], font: string, color: string, cellW = 150, cellH = 34): Promise<Uint8Array> {
  const width = 1240, left = 120, top = 60;
  const height = top * 2 + cellH * rows.length;
  const { canvas, ctx } = whiteCanvas(width, height);
  ctx.strokeStyle = '#333';
  ctx.lineWidth = 1;
  const cols = rows[0]!.length;
  for (let r = 0; r <= rows.length; r++) {
    ctx.beginPath();
    ctx.moveTo(left, top + r * cellH + 0.5);
    ctx.lineTo(left + cols * cellW, top + r * cellH + 0.5);
    ctx.stroke();
  }
  for (let c = 0; c <= cols; c++) {
    ctx.beginPath();
    ctx.moveTo(left + c * cellW + 0.5, top);
    ctx.lineTo(left + c * cellW + 0.5, top + rows.length * cellH);
    ctx.stroke();
  }
  ctx.fillStyle = color;
  ctx.font = font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  rows.forEach((row, r) => row.forEach((text, c) => ctx.fillText(text, left + c * cellW + cellW / 2, top + r * cellH + cellH / 2)));
  return new Uint8Array(await canvas.encode('png'));
}

describe('resampling', () => {
  test('bilinear by any factor: size rounds, flat stays flat, an edge stays where it was', () => {
    const img: Gray = { width: 4, height: 2, data: new Uint8Array([0, 0, 255, 255, 0, 0, 255, 255]) };
    const out = resample(img, 1.5);
    expect([out.width, out.height]).toEqual([6, 3]);
    const row = [...out.data.subarray(0, 6)];
    expect(row[0]).toBe(0);
    expect(row[5]).toBe(255);
    // the edge stays in the middle: the left half dark, the right half light
    expect(row[2]!).toBeLessThan(128);
    expect(row[3]!).toBeGreaterThan(128);
    expect(resample(img, 1)).toBe(img);
  });

  test('a 150-dpi page is brought to 300 dpi before the clean-up; a 200-dpi page is left as it is', async () => {
    const low = preparePage(await decodeImage(await drawLowResPage([['1', '2']], '12px sans-serif', '#000')));
    expect(low.dpi).toBe(300);
    expect(Math.abs(low.gray.width - 2480)).toBeLessThanOrEqual(1);
    const px = { width: 1654, height: 200, channels: 1 as const, data: new Uint8Array(1654 * 200).fill(255) };
    const normal = preparePage(px);
    expect(normal.dpi).toBe(200);
    expect(normal.gray.width).toBe(1654);
  });

  test('the threshold keeps fainter strokes below 180 dpi, in proportion to the resolution', () => {
    expect(sauvolaK(300)).toBe(0.3);
    expect(sauvolaK(200)).toBe(0.3);
    expect(sauvolaK(150)).toBeCloseTo(0.15);
    expect(sauvolaK(120)).toBeCloseTo(0.12);
  });
});
