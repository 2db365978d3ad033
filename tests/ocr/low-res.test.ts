/**
 * Scans below the resolution the clean-up is tuned for (120–150 dpi), with
 * small table type: the page is resampled to 300 dpi before thresholding, its
 * threshold follows the source resolution (faint thin strokes), a dash in a
 * value cell is the blank mark, and a minus sign survives the cell crop.
 * Pages are drawn here: a page-wide image (≥ 1000 px) is taken as A4 wide,
 * so 1240 px is a 150-dpi scan.
 */
import { decodeImage, extractImage } from '../../extractors/image.js';
import { isDashMark, keepGlyphs } from '../../extractors/ocr/cell-image.js';
import { shutdownOcr } from '../../extractors/ocr/engine.js';
import { valueRegion } from '../../extractors/ocr/cells.js';
import { faxNoise, plausibleDpi, preparePage, sauvolaK } from '../../extractors/ocr/page.js';
import { resample, toGray, type Gray } from '../../extractors/ocr/raster.js';
import { whiteCanvas } from '../helpers/canvas.js';

afterAll(() => shutdownOcr());

/** A 150-dpi page (1240 px wide) with one ruled table of `rows`, printed in `font` and `color`. */
async function drawLowResPage(rows: string[][], font: string, color: string, cellW = 150, cellH = 34): Promise<Uint8Array> {
  const width = 1240,
    left = 120,
    top = 60;
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

function lineTexts(layout: Awaited<ReturnType<typeof extractImage>>): string[][] {
  return layout.pages[0]!.lines.map((l) => l.tokens.map((t) => t.text)).filter((r) => r.length);
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

  test("a PDF's resolution is believed only where it makes the image a sheet of paper", () => {
    const a4At150 = { width: 1240, height: 1754 };
    expect(plausibleDpi(a4At150, 150)).toBe(150);
    // wrapped at 96 or 72 dpi, the same scan would be a page 13 or 17 in wide
    expect(plausibleDpi(a4At150, 96)).toBeUndefined();
    expect(plausibleDpi(a4At150, 72)).toBeUndefined();
    expect(plausibleDpi({ width: 1754, height: 1240 }, 150)).toBe(150);
    expect(plausibleDpi(a4At150, undefined)).toBeUndefined();
    // taken instead as A4 wide: 150 dpi, brought to 300, not enlarged from 96; a plausible 120 dpi is believed
    const px = { ...a4At150, channels: 1 as const, data: new Uint8Array(1240 * 1754).fill(255) };
    expect(Math.abs(preparePage(px, 96).gray.width - 2480)).toBeLessThanOrEqual(1);
    expect(Math.abs(preparePage(px, 120).gray.width - 3100)).toBeLessThanOrEqual(1);
  });

  test('a 150-dpi fax (isolated specks over the page) is left at its resolution; the same page clean is resampled', async () => {
    const rows = [
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ];
    const clean = await decodeImage(await drawLowResPage(rows, '12px sans-serif', '#000'));
    expect(faxNoise(toGray(clean).gray)).toBe(false);
    const fax = { ...clean, data: new Uint8ClampedArray(clean.data) };
    // a fax's noise: 2×2 black specks scattered where nothing is printed
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 400; i++) {
      const x = Math.floor(rand() * (fax.width - 2)),
        y = Math.floor(rand() * (fax.height - 2));
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const)
        fax.data.fill(0, ((y + dy) * fax.width + x + dx) * 4, ((y + dy) * fax.width + x + dx) * 4 + 3);
    }
    expect(faxNoise(toGray(fax).gray)).toBe(true);
    expect(preparePage(fax).gray.width).toBe(fax.width);
    expect(preparePage(clean).gray.width).toBeGreaterThan(2 * clean.width - 5);
  });

  test('the threshold keeps fainter strokes below 180 dpi, in proportion to the resolution', () => {
    expect(sauvolaK(300)).toBe(0.3);
    expect(sauvolaK(200)).toBe(0.3);
    expect(sauvolaK(150)).toBeCloseTo(0.15);
    expect(sauvolaK(120)).toBeCloseTo(0.12);
  });
});

describe('blank marks and signs in value cells', () => {
  test('a dash is one flat bar; a minus before a digit, a 1 or a 0 is not', () => {
    const bar = (parts: { x: number; y: number; w: number; h: number }[]): Gray => {
      const img: Gray = { width: 120, height: 60, data: new Uint8Array(120 * 60).fill(255) };
      for (const p of parts) for (let y = p.y; y < p.y + p.h; y++) img.data.fill(0, y * 120 + p.x, y * 120 + p.x + p.w);
      return img;
    };
    expect(isDashMark(bar([{ x: 40, y: 28, w: 36, h: 4 }]), 36)).toBe(true);
    expect(
      isDashMark(
        bar([
          { x: 20, y: 28, w: 16, h: 4 },
          { x: 44, y: 12, w: 6, h: 36 },
        ]),
        36,
      ),
    ).toBe(false);
    expect(isDashMark(bar([{ x: 44, y: 12, w: 6, h: 36 }]), 36)).toBe(false);
    expect(isDashMark(bar([]), 36)).toBe(false);
  });

  test("a cell's crop reaches left over a minus sign, and only then: a lone digit keeps a 5-px margin", () => {
    // A thin lone 0 at the right of a crop with a wide blank left came back as a sure 4 (0.91, both readings).
    const img: Gray = { width: 200, height: 60, data: new Uint8Array(200 * 60).fill(255) };
    const fill = (x: number, y: number, w: number, h: number) => {
      for (let yy = y; yy < y + h; yy++) img.data.fill(0, yy * 200 + x, yy * 200 + x + w);
    };
    const cell = { x: 10, y: 5, w: 180, h: 50 };
    const ink = { x: 120, y: 17, w: 14, h: 26 };
    fill(ink.x, ink.y, 3, ink.h); // the digit's left stroke
    expect(valueRegion(img, cell, ink, 26).x).toBe(ink.x - 5);
    fill(ink.x - 16, 29, 9, 3); // a minus, a gap before the digit
    expect(valueRegion(img, cell, ink, 26).x).toBeLessThanOrEqual(ink.x - 16);
    // a flat piece at the foot of the line is no minus (an underline, a rule's remains)
    const low: Gray = { width: 200, height: 60, data: new Uint8Array(200 * 60).fill(255) };
    for (let yy = 41; yy < 43; yy++) low.data.fill(0, yy * 200 + 104, yy * 200 + 113);
    expect(valueRegion(low, cell, ink, 26).x).toBe(ink.x - 5);
  });

  test('a minus sign left of a digit is kept with the digit; a speck as small is not', () => {
    const img: Gray = { width: 120, height: 60, data: new Uint8Array(120 * 60).fill(255) };
    const fill = (x: number, y: number, w: number, h: number) => {
      for (let yy = y; yy < y + h; yy++) img.data.fill(0, yy * 120 + x, yy * 120 + x + w);
    };
    fill(30, 28, 10, 3); // the minus: 10 px, less than 0.4 of a 36 px character
    fill(48, 12, 6, 36); // the 1
    fill(100, 4, 3, 3); // a speck
    keepGlyphs(img, 36);
    expect(img.data[29 * 120 + 35]).toBe(0);
    expect(img.data[5 * 120 + 101]).toBe(255);
  });

  test('in a small-print table a dash cell is read as the blank mark and a negative number keeps its sign', async () => {
    const rows = [
      ['12', '—', '30', '-1'],
      ['5', '8', '—', '-3'],
      ['40', '6', '17', '2'],
    ];
    const layout = await extractImage(await drawLowResPage(rows, '13px sans-serif', '#000'), { file: 'marks.png' });
    const values = lineTexts(layout).map((r) => r.filter((t) => /^(?:-?[0-9]+|—)$/.test(t)));
    expect(values).toEqual(rows);
  }, 120_000);
});
