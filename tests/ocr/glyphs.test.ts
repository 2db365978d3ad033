/**
 * A document's own digits (extractors/ocr/glyphs.ts), on cells the test
 * draws: one face at one small size, with fax specks, as a report prints
 * them. Confirmed numbers teach the digits; a doubtful cell is read from
 * them; what they cannot tell apart is not read.
 */
import { sauvola } from '../../extractors/ocr/binarize.js';
import { cellGlyphs, DigitModel } from '../../extractors/ocr/glyphs.js';
import { decodeImage } from '../../extractors/image.js';
import { toGray, type Gray } from '../../extractors/ocr/raster.js';
import { whiteCanvas } from '../helpers/canvas.js';

const HEIGHT = 14;

/** Cells side by side on one strip, each `text` in the same face, with a few specks; their boxes. */
async function drawCells(texts: string[], specks = 0): Promise<{ gray: Gray; bin: Gray; boxes: { x: number; y: number; w: number; h: number }[] }> {
  const cw = 80,
    ch = 40;
  const { canvas, ctx } = whiteCanvas(cw * texts.length, ch);
  ctx.fillStyle = '#111';
  ctx.font = `${Math.round(HEIGHT * 1.4)}px serif`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  texts.forEach((t, i) => ctx.fillText(t, i * cw + cw / 2, ch / 2));
  let seed = 3;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < specks; i++) ctx.fillRect(Math.floor(rand() * cw * texts.length), Math.floor(rand() * ch), 2, 2);
  const gray = toGray(await decodeImage(new Uint8Array(canvas.toBuffer('image/png')))).gray;
  const bin = sauvola(gray, { window: 31, k: 0.3 });
  return { gray, bin, boxes: texts.map((_, i) => ({ x: i * cw + 2, y: 2, w: cw - 4, h: ch - 4 })) };
}

const TAUGHT = ['10', '23', '456', '789', '0', '15', '62', '38', '74', '90'];

describe("a document's own digits", () => {
  test('a cell is cut into one glyph per digit, specks left out', async () => {
    const { gray, bin, boxes } = await drawCells(['128', '0'], 30);
    expect(cellGlyphs(gray, bin, boxes[0]!, HEIGHT)).toHaveLength(3);
    expect(cellGlyphs(gray, bin, boxes[1]!, HEIGHT)).toHaveLength(1);
  });

  test('confirmed cells teach the digits; other cells of the same face are read from them, right or not at all', async () => {
    const { gray, bin, boxes } = await drawCells([...TAUGHT, '5', '381', '2049'], 40);
    const glyphs = boxes.map((b) => cellGlyphs(gray, bin, b, HEIGHT));
    const model = new DigitModel(TAUGHT.map((text, i) => ({ glyphs: glyphs[i]!, text })));
    expect(model.digits).toBe(10);
    const read = glyphs.slice(TAUGHT.length).map((g) => model.read(g));
    // each cell read right or not at all (a speck on a glyph makes it unlike its examples), most of them read
    const want = ['5', '381', '2049'];
    read.forEach((r, i) => expect([undefined, want[i]]).toContain(r?.text));
    expect(read.filter((r, i) => r?.text === want[i]).length).toBeGreaterThanOrEqual(2);
    for (const r of read) if (r) expect(r.conf).toBeGreaterThan(0);
  });

  test('a glyph like no example, or an example whose glyphs do not number its digits, teaches and reads nothing', async () => {
    const { gray, bin, boxes } = await drawCells(['10', '23', '#', '45']);
    const glyphs = boxes.map((b) => cellGlyphs(gray, bin, b, HEIGHT));
    // '45' given as '4': one digit for two glyphs, left out
    const model = new DigitModel([
      { glyphs: glyphs[0]!, text: '10' },
      { glyphs: glyphs[1]!, text: '23' },
      { glyphs: glyphs[3]!, text: '4' },
    ]);
    expect(model.digits).toBe(4);
    expect(model.read(glyphs[2]!)).toBeUndefined();
    // a 4 or a 5 was never taught: not read as the nearest taught digit
    expect(model.read(glyphs[3]!)).toBeUndefined();
    expect(new DigitModel([]).read(glyphs[0]!)).toBeUndefined();
  });
});
