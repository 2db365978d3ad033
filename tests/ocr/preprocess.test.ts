import { decodeImage } from '../../extractors/image.js';
import { estimateSkew } from '../../extractors/ocr/deskew.js';
import { preparePage } from '../../extractors/ocr/page.js';
import { toGray } from '../../extractors/ocr/raster.js';
import { gridCells } from '../../extractors/ocr/cells.js';
import { drawTableScan, TABLE } from './synthetic.js';

describe('deskew', () => {
  test.each([2, -1.5, 0.4])('recovers a %s° rotation within 0.3°', async (deg) => {
    const px = await decodeImage(drawTableScan({ rotate: deg }).png);
    const { angle } = estimateSkew(toGray(px).gray);
    expect(Math.abs(angle - deg)).toBeLessThanOrEqual(0.3);
  });

  test('a blank page has no skew to speak of', () => {
    const gray = { width: 300, height: 400, data: new Uint8Array(300 * 400).fill(255) };
    expect(estimateSkew(gray)).toEqual({ angle: 0, gain: 1 });
  });
});

describe('seal removal', () => {
  test('red ink turns white, the black digit under it stays dark', async () => {
    const scan = drawTableScan({ sealAt: [0, 2] });
    const px = await decodeImage(scan.png);
    const kept = toGray(px, false).gray;
    const { gray, sealPixels } = toGray(px);
    const { x, y } = scan.centres[0]![2]!;
    // a point on the ring, left of the digits: dark before, paper after
    const ring = Math.round(y) * gray.width + Math.round(x - 45);
    expect(kept.data[ring]!).toBeLessThan(180);
    expect(gray.data[ring]!).toBeGreaterThan(230);
    expect(sealPixels).toBeGreaterThan(500);
    // the digits "430" under the seal keep their ink
    let dark = 0;
    for (let yy = Math.round(y - 15); yy < y + 15; yy++) {
      for (let xx = Math.round(x - 30); xx < x + 30; xx++) if (gray.data[yy * gray.width + xx]! < 100) dark++;
    }
    expect(dark).toBeGreaterThan(150);
  });

  test('grey pages and warm paper are left alone', () => {
    const rgb = new Uint8Array([200, 190, 180, 30, 30, 30, 250, 240, 235]);
    const { gray, sealPixels } = toGray({ width: 3, height: 1, channels: 3, data: rgb });
    expect(sealPixels).toBe(0);
    expect([...gray.data].every((v) => v > 0)).toBe(true);
  });
});

describe('ruling lines', () => {
  test('are found where they are drawn, erased from the OCR image, and give the cell grid', async () => {
    const scan = drawTableScan();
    const prep = preparePage(await decodeImage(scan.png));
    const ys = prep.rules.horizontal.map((s) => (s.y0 + s.y1) / 2).sort((a, b) => a - b);
    const xs = prep.rules.vertical.map((s) => (s.x0 + s.x1) / 2).sort((a, b) => a - b);
    expect(ys).toHaveLength(TABLE.length + 1);
    expect(xs).toHaveLength(TABLE[0]!.length + 1);
    ys.forEach((y, r) => expect(Math.abs(y - (100 + 70 * r))).toBeLessThanOrEqual(3));
    // no dark pixel left along a rule (the digits never touch it)
    const row = Math.round(ys[1]!);
    let dark = 0;
    for (let x = 0; x < prep.bin.width; x++) if (prep.bin.data[row * prep.bin.width + x] === 0) dark++;
    expect(dark).toBe(0);
    expect(gridCells(prep.rules)).toHaveLength(TABLE.length * TABLE[0]!.length);
  });
});
