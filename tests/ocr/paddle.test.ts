/**
 * The second recognizer (extractors/ocr/paddle.ts) and the glyph ink box the
 * cell pass crops with, on images the test draws: small digits on grey,
 * speckled paper, as a 150-dpi fax prints them.
 */
import { glyphInkBox, inkBox } from '../../extractors/ocr/cells.js';
import { decode, labelOf, plainNumber, readLine, shutdownPaddle, toInput } from '../../extractors/ocr/paddle.js';
import { decodeImage } from '../../extractors/image.js';
import { toGray, type Gray } from '../../extractors/ocr/raster.js';
import { whiteCanvas } from '../helpers/canvas.js';

afterAll(() => shutdownPaddle());

/** A line of text `px` px tall on grey paper with black specks (seeded), as a grey crop. */
async function drawLine(text: string, px: number, specks = 0): Promise<Gray> {
  const w = Math.round(px * (text.length * 0.7 + 1.6)),
    h = Math.round(px * 2.2);
  const { canvas, ctx } = whiteCanvas(w, h);
  ctx.fillStyle = '#d8d8d0';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#1a1a1a';
  ctx.font = `${Math.round(px * 1.35)}px serif`;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, px * 0.8, h / 2);
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < specks; i++) ctx.fillRect(Math.floor(rand() * w), Math.floor(rand() * h), 1 + Math.floor(rand() * 2), 1 + Math.floor(rand() * 2));
  return toGray(await decodeImage(new Uint8Array(canvas.toBuffer('image/png')))).gray;
}

describe('the second recognizer', () => {
  test('reads small numbers on speckled grey paper', async () => {
    const numbers = ['128', '0', '35', '2404', '10'];
    const read = [];
    for (const n of numbers) read.push(await readLine(await drawLine(n, 11, 6)));
    expect(read.map((r) => plainNumber(r)?.text ?? r.text)).toEqual(numbers);
    for (const r of read) expect(r.conf).toBeGreaterThan(0.3);
  }, 60_000);

  test('reads the same whatever else runs at once', async () => {
    const imgs = await Promise.all(['7', '46', '903'].map((n) => drawLine(n, 12)));
    const alone = [];
    for (const img of imgs) alone.push(await readLine(img));
    const together = await Promise.all(imgs.map((img) => readLine(img)));
    expect(together).toEqual(alone);
  }, 60_000);

  test('an empty or tiny crop reads as nothing', async () => {
    expect((await readLine({ width: 1, height: 1, data: new Uint8Array([255]) })).text).toBe('');
  });

  test('the input is 48 px high, its contrast stretched over the crop', () => {
    const img: Gray = { width: 20, height: 10, data: new Uint8Array(200).fill(200) };
    for (let x = 5; x < 8; x++) for (let y = 2; y < 8; y++) img.data[y * 20 + x] = 120;
    const { data, width } = toInput(img);
    expect(width).toBe(96);
    expect(data.length).toBe(3 * 48 * 96);
    // grey paper becomes white (1), the grey stroke black (−1)
    expect(data[0]).toBeCloseTo(1);
    expect(Math.min(...data)).toBeCloseTo(-1);
  });
});

describe('CTC decoding', () => {
  test('repeats collapse, blanks separate, and the least sure character is the confidence', () => {
    const dict = ['', 'a', 'b'];
    // steps: a a _ a b b _ → "aab"
    const rows = [
      [0.1, 0.8, 0.1],
      [0.1, 0.9, 0.0],
      [0.9, 0.05, 0.05],
      [0.3, 0.6, 0.1],
      [0.1, 0.1, 0.8],
      [0.0, 0.05, 0.95],
      [0.9, 0.05, 0.05],
    ];
    const r = decode(Float32Array.from(rows.flat()), rows.length, 3, dict, 70, 35);
    expect(r.text).toBe('aab');
    expect(r.conf).toBeCloseTo(0.6);
    expect(r.chars.map((c) => c.conf)).toEqual([expect.closeTo(0.9), expect.closeTo(0.6), expect.closeTo(0.95)]);
    // positions map back to the crop (half the input's width)
    expect(r.chars[0]!.x).toBeCloseTo(2.5);
  });

  test('only plain numbers count; specks read as marks at the ends are dropped; a letter like a digit is doubtful', () => {
    const line = (text: string) => ({ text, conf: 0.99, chars: [] });
    expect(plainNumber(line('128,'))).toEqual({ text: '128', conf: 0.99 });
    expect(plainNumber(line('.31'))?.text).toBe('31');
    expect(plainNumber(line('0.5'))?.text).toBe('0.5');
    expect(plainNumber(line('１２'))?.text).toBe('12');
    expect(plainNumber(line('o'))).toEqual({ text: '0', conf: 0.85 });
    expect(plainNumber(line('-4'))).toBeUndefined();
    expect(plainNumber(line('293.78万元'))).toBeUndefined();
    expect(plainNumber(line('/'))).toBeUndefined();
    expect(plainNumber(line(''))).toBeUndefined();
  });
});

describe('labels', () => {
  test('a reading counts as a label when it holds CJK and its characters are sure on average', () => {
    const chars = (confs: number[]) => confs.map((conf, i) => ({ text: 'x', conf, x: i }));
    expect(labelOf({ text: '2.重复申请', conf: 0.5, chars: chars([0.9, 0.5, 0.9, 0.9, 0.9, 0.9]) })).toEqual({ text: '2.重复申请', conf: expect.closeTo(0.833) });
    expect(labelOf({ text: '重复 申请', conf: 0.9, chars: chars([0.9, 0.9, 0.9, 0.9]) })?.text).toBe('重复申请');
    expect(labelOf({ text: '重复申请', conf: 0.2, chars: chars([0.2, 0.9, 0.3, 0.4]) })).toBeUndefined();
    expect(labelOf({ text: '128', conf: 1, chars: chars([1, 1, 1]) })).toBeUndefined();
  });
});

describe('the glyph ink of a cell', () => {
  test('specks above and beside a lone digit are left out; a decimal point in its band is kept', () => {
    const w = 60,
      h = 40;
    const img: Gray = { width: w, height: h, data: new Uint8Array(w * h).fill(255) };
    const ink = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) img.data[y * w + x] = 0;
    };
    ink(20, 15, 21, 26); // a thin 1, 12 px tall
    ink(24, 25, 25, 26); // a decimal point beside it
    ink(26, 15, 29, 26); // another digit
    ink(8, 2, 10, 4); // a fax speck above, 3×3 (the old minimum area let it in)
    ink(50, 30, 52, 32); // and one below
    const cell = { x: 0, y: 0, w, h };
    expect(glyphInkBox(img, cell, 12)).toEqual({ x: 20, y: 15, w: 10, h: 12 });
    // the area rule the cell pass used took the specks in: a box taller than a line of text
    expect(inkBox(img, cell, Math.round((0.15 * 12) ** 2))!.h).toBeGreaterThan(1.7 * 12);
    expect(glyphInkBox({ width: w, height: h, data: new Uint8Array(w * h).fill(255) }, cell, 12)).toBeUndefined();
  });
});
