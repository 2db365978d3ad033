import { extractImage } from '../../extractors/image.js';
import { ocrWorkers, recognize, shutdownOcr } from '../../extractors/ocr/engine.js';
import { OcrLanes } from '../../extractors/ocr/lanes.js';
import type { OcrPage } from '../../extractors/ocr/page.js';
import { drawTableScan, TABLE } from './synthetic.js';

afterAll(() => shutdownOcr());

const NUMBER = /^[0-9]+$/;

describe('OCR of a small synthetic scan (rotated 2°, red seal over 430)', () => {
  let layout: Awaited<ReturnType<typeof extractImage>>;
  beforeAll(async () => {
    layout = await extractImage(drawTableScan({ rotate: 2, sealAt: [0, 2] }).png, { file: 'table.png' });
  }, 120_000);

  test('reads every number, row by row, left to right', () => {
    const rows = layout.pages[0]!.lines.map((l) => l.tokens.filter((t) => NUMBER.test(t.text)).map((t) => t.text)).filter((r) => r.length);
    expect(rows).toEqual(TABLE.map((r) => r.slice(1)));
  });

  test('one token per cell, boxes in cell order, confidences 0..1', () => {
    const page = layout.pages[0] as OcrPage;
    expect(page.unit).toBe('px');
    expect(layout.kind).toBe('image');
    expect(Math.abs(page.skew - 2)).toBeLessThanOrEqual(0.3);
    for (const line of page.lines) {
      const nums = line.tokens.filter((t) => NUMBER.test(t.text));
      for (let i = 1; i < nums.length; i++) expect(nums[i]!.box.x).toBeGreaterThan(nums[i - 1]!.box.x + nums[i - 1]!.box.w);
      for (const t of line.tokens) {
        expect(t.conf).toBeGreaterThanOrEqual(0);
        expect(t.conf).toBeLessThanOrEqual(1);
        expect(t.box.w).toBeGreaterThan(0);
      }
    }
    expect(page.image?.gray?.length).toBe(page.width * page.height);
    expect(page.rules.vertical.length).toBeGreaterThanOrEqual(TABLE[0]!.length + 1);
  });

  test('reread gives the digits of one cell, best first', async () => {
    const tok = layout.pages[0]!.lines.flatMap((l) => l.tokens).find((t) => t.text === '430')!;
    expect(tok).toBeDefined();
    const readings = await layout.reread!(1, tok.box);
    expect(readings[0]?.text).toBe('430');
    for (let i = 1; i < readings.length; i++) expect(readings[i]!.conf).toBeLessThanOrEqual(readings[i - 1]!.conf);
    // the digits whitelist was per call: a new page still reads letters
    const again = await extractImage(drawTableScan().png, { file: 'again.png' });
    expect(again.pages[0]!.lines.flatMap((l) => l.tokens.map((t) => t.text))).toContain('B');
  }, 120_000);
});

describe('OCR threads (lanes)', () => {
  test('two lanes read the same page as one', async () => {
    const png = drawTableScan({ rotate: 2, sealAt: [0, 2] }).png;
    const words = (l: Awaited<ReturnType<typeof extractImage>>) => l.pages.flatMap((p) => p.lines.map((line) => line.tokens.map((t) => [t.text, t.conf, t.box])));
    const one = await extractImage(png, { file: 'one.png' });
    const two = await extractImage(png, { file: 'two.png', ocr: { lanes: new OcrLanes(2) } });
    expect(words(two)).toEqual(words(one));
  }, 120_000);

  test('calls at once run on as many workers as lanes; lowering the lanes stops the spare ones', async () => {
    await shutdownOcr();
    const png = drawTableScan().png;
    const lanes = new OcrLanes(2);
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => recognize(png, { psm: '4' }, { lanes })));
    // on a loaded machine the first worker may finish all three calls before the second has started: it joins anyway
    for (const until = Date.now() + 30_000; ocrWorkers() < 2 && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    expect(ocrWorkers()).toBe(2);
    expect(b!.text).toBe(a!.text);
    expect(c!.text).toBe(a!.text);
    lanes.set(1);
    expect(ocrWorkers()).toBe(1);
  }, 120_000);
});
