/**
 * A lone digit read as three copies on one line: the copies are found by
 * position and must agree.
 */
import { whiteCanvas } from '../helpers/canvas.js';
import { shutdownOcr } from '../../extractors/ocr/engine.js';
import type { Gray } from '../../extractors/ocr/raster.js';
import { asDigits, tile, tiledReading } from '../../extractors/ocr/tiled.js';

afterAll(() => shutdownOcr());

/** A binary cell image: `text` about 40 px tall on white, with a 16 px margin. */
function cell(text: string): Gray {
  const w = 40 + 28 * text.length,
    h = 72;
  const { ctx } = whiteCanvas(w, h);
  ctx.fillStyle = '#000';
  ctx.font = '40px serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 16, h / 2);
  const { data } = ctx.getImageData(0, 0, w, h);
  const gray = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) gray[i] = data[i * 4]! < 128 ? 0 : 255;
  return { width: w, height: h, data: gray };
}

test('tile repeats the image side by side with white between the copies', () => {
  const img: Gray = { width: 2, height: 2, data: Uint8Array.from([0, 255, 255, 0]) };
  const t = tile(img, 3, 1);
  expect(t.width).toBe(8);
  expect(t.height).toBe(2);
  expect([...t.data.subarray(0, 8)]).toEqual([0, 255, 255, 0, 255, 255, 0, 255]);
  expect([...t.data.subarray(8, 16)]).toEqual([255, 0, 255, 255, 0, 255, 255, 0]);
});

test('lookalikes map to the digits they show; other text is kept', () => {
  expect(asDigits(']')).toBe('1');
  expect(asDigits('工 0')).toBe('10');
  expect(asDigits('和')).toBe('和');
});

test('lone digits and small numbers are read by the copies that agree', async () => {
  for (const text of ['0', '1', '7', '35']) {
    const r = await tiledReading(cell(text), 40, 300);
    expect(r?.text).toBe(text);
    expect(r!.agree).toBeGreaterThanOrEqual(2);
    expect(r!.conf).toBeGreaterThan(0);
    expect(r!.conf).toBeLessThanOrEqual(1);
  }
}, 60_000);

test('a word is not a number: no reading', async () => {
  expect(await tiledReading(cell('KW'), 40, 300)).toBeUndefined();
}, 60_000);
