/**
 * What 150-dpi scans, faxes and photographed pages do to table digits, on
 * small synthetic tables: small print (`/` read as 7, a thin 1 or a small 0
 * lost), fax specks, rules that lean (perspective). Each case is one small
 * image, so the suite stays fast.
 */
import { extractImage } from '../../extractors/image.js';
import { removeIsolatedSpecks } from '../../extractors/ocr/binarize.js';
import { inkBox } from '../../extractors/ocr/cells.js';
import { scaleFor } from '../../extractors/ocr/cell-image.js';
import { shutdownOcr } from '../../extractors/ocr/engine.js';
import { preparePage, rereadRegion } from '../../extractors/ocr/page.js';
import { decodeImage } from '../../extractors/image.js';
import type { Gray } from '../../extractors/ocr/raster.js';
import { groupIntoLines } from '../../extractors/ocr/tokens.js';
import { drawTableScan } from './synthetic.js';

afterAll(() => shutdownOcr());

/** Values of a table of blank marks and small numbers, as a report prints them. */
const SMALL: string[][] = [
  ['A', '1', '/', '0', '17'],
  ['B', '/', '1', '10', '/'],
  ['C', '0', '/', '1', '4'],
];

const VALUE = /^(?:[0-9]+|\/)$/;

function rowsOf(layout: Awaited<ReturnType<typeof extractImage>>): string[][] {
  return layout.pages[0]!.lines.map((l) => l.tokens.filter((t) => VALUE.test(t.text)).map((t) => t.text)).filter((r) => r.length);
}

describe('small print (digits about 15 px tall, as a 150-dpi scan prints them)', () => {
  test('every value and blank mark is read, / as /, never as 7 or 1', async () => {
    const layout = await extractImage(drawTableScan({ table: SMALL, scale: 0.45 }).png, { file: 'small.png' });
    expect(rowsOf(layout)).toEqual(SMALL.map((r) => r.slice(1)));
    // a digit's confidence is a number in 0..1, and no 7 appears anywhere
    const tokens = layout.pages[0]!.lines.flatMap((l) => l.tokens);
    expect(tokens.some((t) => t.text.includes('7') && t.text !== '17')).toBe(false);
  }, 120_000);

  test('the enlargement brings characters near 36 px and stays within 1..4', () => {
    expect(scaleFor(15)).toBe(2);
    expect(scaleFor(9)).toBe(4);
    expect(scaleFor(40)).toBe(1);
    expect(scaleFor(0)).toBe(1);
  });
});

describe('fax noise', () => {
  test('an empty cell among specks, read again as a blank, gives nothing; a faint 0 beside it gives 0', async () => {
    const table = [
      ['A', '0', '', '12'],
      ['B', '3', '0', '15'],
    ];
    const scan = drawTableScan({ table, scale: 0.6, specks: 400 });
    const prep = preparePage(await decodeImage(scan.png), 150);
    const cellBox = (r: number, c: number) => ({ x: scan.centres[r]![c]!.x - 15, y: scan.centres[r]![c]!.y - 10, w: 30, h: 20 });
    expect(await rereadRegion(prep, cellBox(0, 2), {}, undefined, { blank: true })).toEqual([]);
    expect((await rereadRegion(prep, cellBox(1, 2), {}, undefined, { blank: true })).map((r) => r.text)).toContain('0');
  }, 60_000);

  test("an image's layout tells where a digit's ink stands: not in an empty cell among specks, in a cell with a 0", async () => {
    const table = [
      ['A', '0', '', '12'],
      ['B', '3', '0', '15'],
    ];
    const scan = drawTableScan({ table, scale: 0.6, specks: 400 });
    const layout = await extractImage(scan.png, { file: 'specks.png' });
    // the image is read at its own scale (no dpi given): boxes in its pixels
    const cellBox = (r: number, c: number) => ({ x: scan.centres[r]![c]!.x - 15, y: scan.centres[r]![c]!.y - 10, w: 30, h: 20 });
    expect(layout.inkAt!(1, cellBox(0, 2))).toBe(false);
    expect(layout.inkAt!(1, cellBox(1, 2))).toBe(true);
    expect(layout.inkAt!(1, cellBox(0, 1))).toBe(true);
    // a page that was not read tells nothing
    expect(layout.inkAt!(2, cellBox(0, 2))).toBeUndefined();
  }, 60_000);

  test('specks over the page: most numbers read, and every misreading is flagged (confidence < 0.8)', async () => {
    const scan = drawTableScan({ table: SMALL, scale: 0.6, specks: 200 });
    const layout = await extractImage(scan.png, { file: 'fax.png' });
    const tokens = layout.pages[0]!.lines.flatMap((l) => l.tokens);
    let right = 0;
    SMALL.forEach((row, r) =>
      row.slice(1).forEach((want, i) => {
        const { x, y } = scan.centres[r]![i + 1]!;
        const inCell = tokens.filter((t) => Math.abs(t.box.x + t.box.w / 2 - x) < 50 && Math.abs(t.box.y + t.box.h / 2 - y) < 20);
        const text = inCell.map((t) => t.text).join('');
        if (text === want) right++;
        else for (const t of inCell) expect(t.conf).toBeLessThan(0.8);
      }),
    );
    expect(right).toBeGreaterThanOrEqual(8);
  }, 120_000);

  test('a fax of small print: the second recognizer reads the cells tesseract loses, and no misreading is sure', async () => {
    // digits about 10 px tall among specks as large as their strokes: without the second recognizer 9 of these 16 cells read right
    const FAX: string[][] = [
      ['A', '128', '0', '35', '7'],
      ['B', '0', '44', '9', '106'],
      ['C', '15', '0', '0', '3'],
      ['D', '2', '61', '0', '18'],
    ];
    const scan = drawTableScan({ table: FAX, scale: 0.3, specks: 200 });
    const layout = await extractImage(scan.png, { file: 'fax.png' });
    const tokens = layout.pages[0]!.lines.flatMap((l) => l.tokens);
    let right = 0;
    FAX.forEach((row, r) =>
      row.slice(1).forEach((want, i) => {
        const { x, y } = scan.centres[r]![i + 1]!;
        const inCell = tokens.filter((t) => Math.abs(t.box.x + t.box.w / 2 - x) < 27 && Math.abs(t.box.y + t.box.h / 2 - y) < 9);
        if (inCell.map((t) => t.text).join('') === want) right++;
        else for (const t of inCell) expect(t.conf).toBeLessThan(0.8);
      }),
    );
    expect(right).toBeGreaterThanOrEqual(11);
  }, 120_000);

  test('an isolated speck goes; a dot next to a character and a lone thin 1 stay', () => {
    const w = 60,
      h = 30;
    const img: Gray = { width: w, height: h, data: new Uint8Array(w * h).fill(255) };
    const ink = (x0: number, y0: number, x1: number, y1: number) => {
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) img.data[y * w + x] = 0;
    };
    ink(10, 5, 13, 20); // a stroke
    ink(16, 19, 17, 20); // a decimal point 2 px to its right
    ink(45, 10, 47, 12); // a speck alone
    ink(30, 5, 31, 20); // a lone thin 1, as small in area as a speck
    const removed = removeIsolatedSpecks(img, 4, 4);
    expect(removed).toBe(9);
    expect(img.data[20 * w + 16]).toBe(0);
    expect(img.data[11 * w + 46]).toBe(255);
    expect(img.data[10 * w + 11]).toBe(0);
    expect(img.data[10 * w + 30]).toBe(0);
  });

  test('the ink box of a cell leaves specks out', () => {
    const w = 40,
      h = 40;
    const img: Gray = { width: w, height: h, data: new Uint8Array(w * h).fill(255) };
    for (let y = 15; y < 27; y++) for (let x = 18; x < 22; x++) img.data[y * w + x] = 0; // a "1"
    img.data[3 * w + 3] = 0; // a speck in the corner
    expect(inkBox(img, { x: 0, y: 0, w, h })).toEqual({ x: 3, y: 3, w: 19, h: 24 });
    expect(inkBox(img, { x: 0, y: 0, w, h }, 4)).toEqual({ x: 18, y: 15, w: 4, h: 12 });
  });
});

describe('a photographed page: rules that lean', () => {
  test('leaning vertical rules are found and erased along their path', async () => {
    const scan = drawTableScan({ lean: 8 });
    const prep = preparePage(await decodeImage(scan.png));
    const long = prep.rules.vertical.filter((s) => s.y1 - s.y0 > 150);
    expect(long.length).toBe(5);
    // nothing dark left along the middle rule (drawn from x=440 at the top to x=448 at the bottom)
    let dark = 0;
    for (let y = 110; y < 300; y++) {
      const x = Math.round(440 + (8 * (y - 100)) / 210);
      for (let dx = -2; dx <= 2; dx++) if (prep.bin.data[y * prep.bin.width + x + dx] === 0) dark++;
    }
    expect(dark).toBe(0);
  });

  test('tokens of one table row stay one line when the row is not level', () => {
    // a horizontal rule that drops 24 px from x=0 to x=600, and a row just under it
    // (numbers 10 px apart: more than half a digit's height, so only the rule's slope makes them one row)
    const runs = Array.from({ length: 600 }, (_, x) => ({ at: 100 + Math.floor((24 * x) / 600), from: x, to: x }));
    const grid = { horizontal: [{ x0: 0, x1: 599, y0: 100, y1: 124, runs }], vertical: [] };
    const tok = (text: string, x: number, y: number) => ({ text, box: { x, y, w: 30, h: 14 }, conf: 1 });
    const tokens = [tok('label', 20, 110), tok('12', 300, 122), tok('7', 560, 132)];
    expect(groupIntoLines(tokens).length).toBeGreaterThan(1);
    const lines = groupIntoLines(tokens, grid);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.tokens.map((t) => t.text)).toEqual(['label', '12', '7']);
  });
});
