import { decodeImage } from '../../extractors/image.js';
import { estimateSkew } from '../../extractors/ocr/deskew.js';
import { preparePage } from '../../extractors/ocr/page.js';
import { toGray } from '../../extractors/ocr/raster.js';
import { gridCells } from '../../extractors/ocr/cells.js';
import { drawTableScan, TABLE } from './synthetic.js';
import { whiteCanvas } from '../helpers/canvas.js';

/** A 300-dpi page of a tall-rowed table: faint 1-px horizontal rules, dark vertical ones, four short label lines per row. */
function drawRuledPage(deg: number) {
  const W = 2600,
    H = 3600;
  const { canvas, ctx } = whiteCanvas(W, H);
  ctx.translate(W / 2, H / 2);
  ctx.rotate((deg * Math.PI) / 180);
  ctx.translate(-W / 2, -H / 2);
  const left = 400,
    top = 300,
    widths = [130, 250, 250, 250, 250, 250, 250, 250],
    rowH = 210,
    rows = 14;
  const right = left + widths.reduce((a, b) => a + b, 0);
  ctx.strokeStyle = '#ccc';
  ctx.lineWidth = 1;
  for (let r = 0; r <= rows; r++) {
    ctx.beginPath();
    ctx.moveTo(left, top + r * rowH);
    ctx.lineTo(right, top + r * rowH);
    ctx.stroke();
  }
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 4;
  for (let i = 0, x = left; i <= widths.length; x += widths[i++] ?? 0) {
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + rows * rowH);
    ctx.stroke();
  }
  ctx.fillStyle = '#111';
  ctx.font = '26px sans-serif';
  ctx.textBaseline = 'middle';
  for (let r = 0; r < rows; r++) {
    const y = top + r * rowH;
    ['ABCD', 'EFGH', 'IJKL', 'MN'].forEach((t, k) => ctx.fillText(t, left + 10, y + 40 + k * 42));
    for (let i = 1, x = left + widths[0]!; i < widths.length; x += widths[i++]!) ctx.fillText(String((r * 7 + i) % 10), x + widths[i]! / 2 - 8, y + rowH / 2);
  }
  const data = ctx.getImageData(0, 0, W, H).data;
  return { width: W, height: H, channels: 4 as const, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

describe('deskew', () => {
  test.each([2, -1.5, 0.4])('recovers a %s° rotation within 0.3°', async (deg) => {
    const px = await decodeImage(drawTableScan({ rotate: deg }).png);
    const { angle } = estimateSkew(toGray(px).gray);
    expect(Math.abs(angle - deg)).toBeLessThanOrEqual(0.3);
  });

  test('a page of tall ruled rows, faint horizontal rules and a narrow label column: the vertical rules give the angle', () => {
    // Short labels stacked in a narrow column and one number per cell give the row profile almost nothing
    // at the working size (the 1-px grey rules vanish when the page is reduced): it peaked half a degree
    // or more off, and the rows' values then fell between the wrong rules.
    for (const deg of [2, -1.5]) {
      const { gray } = toGray(drawRuledPage(deg));
      expect(Math.abs(estimateSkew(gray).angle - deg)).toBeLessThanOrEqual(0.05);
    }
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

  test("print under a translucent seal (a dark red, darker than the seal's own) stays dark; the seal's own shades turn white", () => {
    // the seal's red (224, 76, 80) over most of it, its lighter edges, and black print under it (174, 30, 34)
    const seal = [224, 76, 80],
      edge = [236, 120, 124],
      under = [174, 30, 34];
    const pixels = [...Array(20).fill(seal), ...Array(5).fill(edge), ...Array(5).fill(under)].flat();
    const { gray, sealPixels } = toGray({ width: 30, height: 1, channels: 3, data: new Uint8Array(pixels) });
    expect([...gray.data.subarray(0, 25)].every((v) => v === 255)).toBe(true);
    expect([...gray.data.subarray(25)].every((v) => v < 100)).toBe(true);
    expect(sealPixels).toBe(25);
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
