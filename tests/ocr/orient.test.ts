/**
 * Pages scanned sideways or upside down: turned upright before OCR, and
 * then read as the upright page is. The test draws its own page (Latin and
 * digits, the only fonts a bare machine has), and turns it with the canvas,
 * not with the code under test.
 */
import type { Canvas } from '@napi-rs/canvas';
import { decodeImage, extractImage } from '../../extractors/image.js';
import { shutdownOcr } from '../../extractors/ocr/engine.js';
import { detectOrientation, type QuarterTurn } from '../../extractors/ocr/orient.js';
import { extractPdf } from '../../extractors/pdf.js';
import type { Layout } from '../../src/core/layout.js';
import { whiteCanvas } from '../helpers/canvas.js';
import { drawTableScan } from './synthetic.js';
import { imagePdf } from '../helpers/image-pdf.js';

afterAll(() => shutdownOcr());

const BODY = [
  'The office received 368 requests for government',
  'information in the year, and 32 were carried over',
  'from the year before. Every request was answered',
  'within the time the regulations allow, and the',
  'replies were sent by post or by electronic mail.',
  'Applicants asked for records of land, housing,',
];
const ROWS = [
  ['Granted', '162', '55', '263'],
  ['Partly', '15', '2', '22'],
  ['Refused', '7', '30', '104'],
];

/** A report-like page: a title, a paragraph, a ruled table of numbers (about 100 dpi A4). */
function drawPage(): Canvas {
  const W = 850,
    H = 1200;
  const { canvas, ctx } = whiteCanvas(W, H);
  ctx.fillStyle = '#111';
  ctx.font = 'bold 34px sans-serif';
  ctx.fillText('Annual Report 2023', 250, 110);
  ctx.font = '24px sans-serif';
  BODY.forEach((line, i) => ctx.fillText(line, 80, 190 + i * 42));
  const left = 80,
    top = 500,
    cw = [250, 150, 150, 140],
    rh = 64;
  ctx.strokeStyle = '#222';
  ctx.lineWidth = 2;
  const right = left + cw.reduce((a, b) => a + b, 0);
  for (let r = 0; r <= ROWS.length; r++) {
    ctx.beginPath();
    ctx.moveTo(left, top + r * rh);
    ctx.lineTo(right, top + r * rh);
    ctx.stroke();
  }
  for (let c = 0, x = left; c <= cw.length; x += cw[c] ?? 0, c++) {
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + ROWS.length * rh);
    ctx.stroke();
  }
  ctx.font = '26px sans-serif';
  ROWS.forEach((row, r) => {
    let x = left;
    row.forEach((text, c) => {
      ctx.fillText(text, x + 20, top + r * rh + 42);
      x += cw[c]!;
    });
  });
  return canvas;
}

/** The page as a scanner fed it turned `deg` clockwise would give it (the size of the nearest quarter turn). */
function turned(page: Canvas, deg: number): Canvas {
  const swap = Math.round(deg / 90) % 2 !== 0;
  const { canvas, ctx } = whiteCanvas(swap ? page.height : page.width, swap ? page.width : page.height);
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((deg * Math.PI) / 180);
  ctx.drawImage(page, -page.width / 2, -page.height / 2);
  return canvas;
}

const png = (c: Canvas) => new Uint8Array(c.toBuffer('image/png'));

/** Each line's text and the boxes of its tokens. */
const lines = (l: Layout) => l.pages.map((p) => p.lines.map((line) => line.tokens.map((t) => [t.text, t.box])));
const text = (l: Layout) => l.pages.flatMap((p) => p.lines.map((line) => line.tokens.map((t) => t.text).join(' ')));

describe('pages scanned turned a quarter or half round', () => {
  const page = drawPage();
  let upright: Layout;
  beforeAll(async () => {
    upright = await extractImage(png(page), { file: 'upright.png' });
  }, 120_000);

  test('the upright page reads (the baseline the turned ones must match)', () => {
    const words = text(upright).join(' ');
    for (const w of ['Report', 'requests', '162', '263', '104']) expect(words).toContain(w);
  });

  test('an upright page is not turned', async () => {
    expect(upright.findings.filter((f) => f.code === 'page-rotated')).toEqual([]);
    expect([upright.pages[0]!.width, upright.pages[0]!.height]).toEqual([page.width, page.height]);
    const d = await detectOrientation(await decodeImage(png(page)), undefined);
    expect(d.turn).toBe(0);
    expect(d.lineRatio).toBeGreaterThan(1.3);
  }, 60_000);

  test.each([90, 180, 270])(
    'a page scanned turned %i° is read like the upright one',
    async (deg) => {
      const layout = await extractImage(png(turned(page, deg)), { file: `turned-${deg}.png` });
      // turned back exactly: the same words in the same boxes, on a page of the upright size (the audit's image)
      expect(lines(layout)).toEqual(lines(upright));
      const p = layout.pages[0]!;
      expect([p.width, p.height, p.image?.width, p.image?.height]).toEqual([page.width, page.height, page.width, page.height]);
      const back = ((360 - deg) % 360) as QuarterTurn;
      const rotated = layout.findings.filter((f) => f.code === 'page-rotated');
      expect(rotated).toEqual([expect.objectContaining({ severity: 'info', page: 1 })]);
      expect(rotated[0]!.message).toContain(`${back}°`);
    },
    120_000,
  );

  test.each([
    [93, 270],
    [183, 180],
    [-3, 0],
  ])(
    'a page fed %i° (a few degrees askew as well) is turned %i°',
    async (deg, back) => {
      const d = await detectOrientation(await decodeImage(png(turned(page, deg))), undefined);
      expect(d.turn).toBe(back);
    },
    60_000,
  );

  test('in a scanned PDF, only the page that lies on its side is turned', async () => {
    const pdf = imagePdf([page, turned(page, 90)]);
    const layout = await extractPdf(pdf, { file: 'scan.pdf' });
    expect(layout.kind).toBe('pdf-scan');
    // both upright, in the same frame (a low-resolution page is resampled, so in proportion to the drawn page)
    const [first, second] = layout.pages.map((p) => [p.width, p.height]);
    expect(second).toEqual(first);
    expect(first![0]! / first![1]!).toBeCloseTo(page.width / page.height, 2);
    const [one, two] = layout.pages.map((p) => p.lines.map((l) => l.tokens.map((t) => t.text).join(' ')));
    expect(two).toEqual(one);
    expect(layout.findings.filter((f) => f.code === 'page-rotated').map((f) => [f.page, f.message.includes('270°')])).toEqual([[2, true]]);
  }, 120_000);
});

describe('pages that are left as they are', () => {
  test('a ruled table of numbers alone, upright, is not turned', async () => {
    for (const scale of [1, 2]) {
      const d = await detectOrientation(await decodeImage(drawTableScan({ scale }).png), undefined);
      expect(d.turn).toBe(0);
    }
  }, 60_000);

  test('a blank page is not turned, and reads nothing', async () => {
    const { canvas } = whiteCanvas(850, 1200);
    const d = await detectOrientation(await decodeImage(png(canvas)), undefined);
    expect(d).toEqual({ turn: 0, lineRatio: 1, confidence: {} });
  });
});
