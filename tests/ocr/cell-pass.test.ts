/**
 * The cell pass (extractors/ocr/cells.ts refineCells) spends tesseract's
 * readings only where the second recognizer leaves doubt: a label both
 * readers see as words takes the second recognizer's text at once.
 */
import { glyphInkBox, gridCells, refineCells } from '../../extractors/ocr/cells.js';
import { recognizeCalls } from '../../extractors/ocr/engine.js';
import { preparePage } from '../../extractors/ocr/page.js';
import { shutdownPaddle } from '../../extractors/ocr/paddle.js';
import { groupIntoLines } from '../../extractors/ocr/tokens.js';
import { decodeImage } from '../../extractors/image.js';
import type { Token } from '../../src/core/layout.js';
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
