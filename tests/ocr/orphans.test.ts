/**
 * Numbers the page reading left out (extractors/ocr/orphans.ts), on a row
 * the test draws: the ink no token covers, sized like a number, read by the
 * second recognizer; the rest left as it is.
 */
import { orphanGroups, orphanNumber, readOrphanNumbers } from '../../extractors/ocr/orphans.js';
import { shutdownPaddle } from '../../extractors/ocr/paddle.js';
import { decodeImage } from '../../extractors/image.js';
import { toGray, type Gray } from '../../extractors/ocr/raster.js';
import type { Token } from '../../src/core/layout.js';
import { whiteCanvas } from '../helpers/canvas.js';

afterAll(() => shutdownPaddle());

const PX = 30;

/** A row: a label, numbers in their cells, a rule's remnant (a thin bar), a word of letters and a label's numbering (7.); the grey page and its binary. */
async function row(): Promise<{ gray: Gray; bin: Gray; at: Record<string, number> }> {
  const { canvas, ctx } = whiteCanvas(1400, 160);
  ctx.fillStyle = '#111';
  ctx.font = `${Math.round(PX * 1.3)}px sans-serif`;
  ctx.textBaseline = 'middle';
  const at: Record<string, number> = { Label: 40, '17': 420, '0': 620, '305': 820, xyz: 1200, '7.': 1300 };
  for (const [text, x] of Object.entries(at)) ctx.fillText(text, x, 80);
  // a rule's remnant left beside the cells: a bar 3 px wide
  ctx.fillRect(1050, 40, 3, 80);
  const gray = toGray(await decodeImage(new Uint8Array(canvas.toBuffer('image/png')))).gray;
  const bin = { width: gray.width, height: gray.height, data: gray.data.map((v) => (v < 128 ? 0 : 255)) };
  return { gray, bin, at };
}

const token = (text: string, x: number, w: number): Token => ({ text, box: { x, y: 62, w, h: 36 }, conf: 0.9 });

test('the ink no token covers, sized like a number, is where the page reading left numbers out', async () => {
  const { bin, at } = await row();
  // the page reading read the label and 17, and nothing else
  const tokens = [token('Label', at.Label!, 100), token('17', at['17']!, 45)];
  const groups = orphanGroups(bin, tokens, PX);
  const xs = groups.map((g) => g.x).sort((a, b) => a - b);
  // 0, 305, the word and 7.; not 17 (read), not the bar (a rule's remnant)
  expect(xs.length).toBe(4);
  expect(xs[0]).toBeGreaterThanOrEqual(at['0']! - 2);
  expect(xs[0]).toBeLessThan(at['0']! + 10);
  expect(groups.some((g) => g.x <= 1053 && g.x + g.w >= 1050)).toBe(false);
  // a digit beside a token on its line is part of the number the page read in part (305 read as 05): not a number of its own
  const partly = orphanGroups(bin, [...tokens, token('05', at['305']! + 22, 45)], PX);
  expect(partly.some((g) => g.x >= at['305']! - 2 && g.x < at['305']! + 20)).toBe(false);
});

test("the second recognizer reads them: a number it is sure of becomes a doubtful token, letters and a label's numbering do not", async () => {
  const { gray, bin, at } = await row();
  const tokens = [token('Label', at.Label!, 100), token('17', at['17']!, 45)];
  const out = await readOrphanNumbers({ gray, bin }, tokens, PX);
  const added = out.slice(tokens.length);
  expect(added.map((t) => t.text).sort()).toEqual(['0', '305']);
  // doubtful: the identities are to confirm them; a lone 0, read less surely, more so
  expect(added.every((t) => t.conf! <= 0.85)).toBe(true);
  expect(added.find((t) => t.text === '0')!.conf).toBeLessThanOrEqual(0.5);
  expect(added.find((t) => t.text === '305')!.box.x).toBeGreaterThanOrEqual(at['305']! - 2);
  // with every number read, the tokens come back as they were
  const all = [...tokens, token('0', at['0']!, 20), token('305', at['305']!, 60), token('xyz', at.xyz!, 60), token('7.', at['7.']!, 30)];
  expect(await readOrphanNumbers({ gray, bin }, all, PX)).toBe(all);
});

test("a reading is an orphan number when it is a plain number fairly surely read, not a label's numbering", () => {
  const line = (text: string, conf: number) => ({ text, conf, chars: [] });
  expect(orphanNumber(line('305', 0.99))).toEqual({ text: '305', conf: 0.85 });
  // a lone 0, less sure, or read as the letter: doubtful
  expect(orphanNumber(line('0', 0.75))).toEqual({ text: '0', conf: 0.5 });
  expect(orphanNumber(line('o', 0.9))).toEqual({ text: '0', conf: 0.5 });
  expect(orphanNumber(line('12.5', 0.97))).toEqual({ text: '12.5', conf: 0.85 });
  // a label's numbering, a mark at an end, words, an unsure reading: none
  for (const [text, conf] of [
    ['3.', 0.99],
    ['3、', 0.99],
    ['(3)', 0.99],
    ['-1', 0.99],
    ['xyz', 0.99],
    ['0', 0.6],
  ] as const)
    expect(orphanNumber(line(text, conf))).toBeUndefined();
});
