/**
 * The cell pass (extractors/ocr/cells.ts refineCells) spends tesseract's
 * readings only where the second recognizer leaves doubt: a label both
 * readers see as words takes the second recognizer's text at once.
 */
import { aroundGlyphsOf, glyphInkBox, gridCells, holdsSeveralValues, numberVotes, refineCells, withSecondReading } from '../../extractors/ocr/cells.js';
import { recognizeCalls } from '../../extractors/ocr/engine.js';
import { preparePage } from '../../extractors/ocr/page.js';
import { shutdownPaddle, type PaddleLine } from '../../extractors/ocr/paddle.js';
import { groupIntoLines } from '../../extractors/ocr/tokens.js';
import { decodeImage } from '../../extractors/image.js';
import type { Box, Token } from '../../src/core/layout.js';
import { whiteCanvas } from '../helpers/canvas.js';

afterAll(() => shutdownPaddle());

/** A ruled table of two rows: a label and a number each, 36-px type (a 300-dpi scan of 9 pt). */
async function drawRows(rows: [string, string][]) {
  const W = [420, 200],
    H = 90,
    LEFT = 60,
    TOP = 60;
  const { canvas, ctx } = whiteCanvas(LEFT * 2 + W[0]! + W[1]!, TOP * 2 + H * rows.length);
  ctx.strokeStyle = '#111';
  ctx.lineWidth = 3;
  for (let r = 0; r <= rows.length; r++) ctx.strokeRect(LEFT, TOP + r * H, W[0]! + W[1]!, 0);
  for (const x of [0, W[0]!, W[0]! + W[1]!]) ctx.strokeRect(LEFT + x, TOP, 0, H * rows.length);
  ctx.fillStyle = '#111';
  ctx.font = '36px "WenQuanYi Zen Hei"';
  ctx.textBaseline = 'middle';
  rows.forEach(([label, value], r) => {
    ctx.fillText(label, LEFT + 20, TOP + r * H + H / 2);
    ctx.fillText(value, LEFT + W[0]! + 20, TOP + r * H + H / 2);
  });
  return preparePage(await decodeImage(new Uint8Array(canvas.toBuffer('image/png'))), 300);
}

/** The cell pass over drawn rows, given what the page read in each cell and how sure it was; the tesseract calls it made. */
async function cellPass(rows: [string, string][], said: [string, number][]) {
  const prep = await drawRows(rows);
  const cells = gridCells(prep.rules);
  expect(cells).toHaveLength(2 * rows.length);
  const tokens: Token[] = cells.map((cell, i) => ({ text: said[i]![0], box: glyphInkBox(prep.bin, cell, 36)!, conf: said[i]![1] }));
  const before = recognizeCalls['7'] ?? 0;
  const { lines } = await refineCells(prep, prep.rules, groupIntoLines(tokens, prep.rules), 36);
  return { texts: lines.flatMap((l) => l.tokens.map((t) => t.text)), calls: (recognizeCalls['7'] ?? 0) - before };
}

test('labels the page read unsurely, but as words, take the second recognizer reading without a tesseract call', async () => {
  // what a page read might give: the labels garbled and unsure, the numbers sure
  const { texts, calls } = await cellPass(
    [
      ['2.重复申请', '12'],
      ['行政许可', '35'],
    ],
    [
      ['2.重复中请', 0.3],
      ['12', 0.96],
      ['行政许司', 0.3],
      ['35', 0.96],
    ],
  );
  expect(texts).toEqual(['2.重复申请', '12', '行政许可', '35']);
  expect(calls).toBe(0);
}, 60_000);

test('a number printed with its unit is no label: tesseract reads it as it reads numbers', async () => {
  const { calls } = await cellPass(
    [['采购总金额', '12.5万元']],
    [
      ['采购总金额', 0.96],
      ['12.5万元', 0.3],
    ],
  );
  expect(calls).toBeGreaterThan(0);
}, 60_000);

describe('which columns hold numbers (numberVotes)', () => {
  // one column of four cells, 100 px wide, 50 px tall, and a header cell on top
  const cells = [0, 1, 2, 3, 4].map((r) => ({ x: 500, y: 100 + 50 * r, w: 100, h: 50 }));
  const at = (r: number, text: string, conf = 0.3): Token => ({ text, box: { x: 540, y: 115 + 50 * r, w: 20, h: 20 }, conf });
  const line = (text: string, conf: number): PaddleLine => ({ text, conf, chars: [...text].map((c, i) => ({ text: c, conf, x: i })) });
  // a fax: the page read the header, and garble where the numbers are
  const tokens = [at(0, '其他', 0.9), at(1, '站'), at(2, '心:'), at(3, '了'), at(4, '0', 0.5)];

  test('on the page reading alone, a column of garble is a column of labels', () => {
    const { columns } = numberVotes(cells, tokens, new Map());
    const [vote] = [...columns.values()];
    expect(vote).toEqual({ numbers: 1, all: 5 });
  });

  test("the second recognizer's numbers there make it a column of numbers", () => {
    const seconds = new Map<Box, PaddleLine>([
      [cells[1]!, line('0', 0.46)],
      [cells[2]!, line('0', 0.3)],
      [cells[3]!, line('7', 0.62)],
    ]);
    const { columns } = numberVotes(cells, tokens, seconds);
    const [vote] = [...columns.values()];
    expect(vote).toEqual({ numbers: 4, all: 5 });
  });

  test('a cell the page read nothing in does not vote, whatever the second recognizer saw there', () => {
    const seconds = new Map<Box, PaddleLine>([[cells[2]!, line('12', 0.8)]]);
    const { columns } = numberVotes(cells, [at(0, '其他', 0.9)], seconds);
    expect([...columns.values()]).toEqual([{ numbers: 0, all: 1 }]);
  });
});

describe("tesseract's reading of a cell weighed against the second recognizer's (withSecondReading)", () => {
  test('agreeing, both sure, the number is trusted', () => {
    expect(withSecondReading({ text: '12', number: '12', conf: 0.8 }, { text: '12', conf: 0.97 }, true)).toEqual({ digitsText: '12', conf: 0.9, cap: 0.9 });
  });

  test("in a column of numbers where tesseract read no number, the second recognizer's unsure one is taken, doubtful", () => {
    const r = withSecondReading({ text: '心 :', number: undefined, conf: 0.1 }, { text: '0', conf: 0.46 }, true);
    expect(r.digitsText).toBe('0');
    expect(r.conf).toBeLessThanOrEqual(0.5);
  });

  test('outside such a column, or against a number tesseract read, the unsure reading is not taken', () => {
    expect(withSecondReading({ text: '心 :', number: undefined, conf: 0.1 }, { text: '0', conf: 0.46 }, false).digitsText).toBeUndefined();
    expect(withSecondReading({ text: '4', number: '4', conf: 0.7 }, { text: '0', conf: 0.46 }, true)).toEqual({ digitsText: '4', conf: 0.5, cap: 0.7 });
  });
});

describe("two columns' values in one cell, the rule between them lost", () => {
  /** A binary region 300×60 with dark bars (glyphs 12 px wide, 30 tall) at the given x. */
  function region(xs: number[]) {
    const w = 300,
      h = 60;
    const data = new Uint8Array(w * h).fill(255);
    for (const x0 of xs) for (let y = 15; y < 45; y++) data.fill(0, y * w + x0, y * w + x0 + 12);
    return { width: w, height: h, data };
  }
  const all = { x: 0, y: 0, w: 300, h: 60 };

  test("a number's digits, standing close, are one value", () => {
    expect(holdsSeveralValues(region([100, 116, 132]), all, 30)).toBe(false);
    expect(holdsSeveralValues(region([100]), all, 30)).toBe(false);
    expect(holdsSeveralValues(region([]), all, 30)).toBe(false);
  });

  test('glyphs several characters apart are two (the cell pass leaves such a cell to the page reading)', () => {
    expect(holdsSeveralValues(region([40, 236]), all, 30)).toBe(true);
  });

  test("read again, the region is narrowed to the value the cell's box stands on", () => {
    const img = region([30, 200, 216]); // a 4 at the left, an 18 at the right
    const left = aroundGlyphsOf(img, all, { x: 28, y: 15, w: 16, h: 30 }, 30);
    expect(left.x).toBe(0);
    expect(left.x + left.w).toBeGreaterThan(42);
    expect(left.x + left.w).toBeLessThan(200);
    const right = aroundGlyphsOf(img, all, { x: 205, y: 15, w: 20, h: 30 }, 30);
    expect(right.x).toBeGreaterThan(42);
    expect(right.x).toBeLessThan(200);
    expect(right.x + right.w).toBe(300);
    expect(aroundGlyphsOf(region([100, 116]), all, { x: 100, y: 15, w: 28, h: 30 }, 30)).toEqual(all);
  });
});
