import { decodeImage, extractImage } from '../../extractors/image.js';
import { recognizeCalls, shutdownOcr } from '../../extractors/ocr/engine.js';
import { preparePage } from '../../extractors/ocr/page.js';
import type { PaddleLine } from '../../extractors/ocr/paddle.js';
import { shutdownPaddle } from '../../extractors/ocr/paddle.js';
import { isPageNumber, proseBands, proseWords, readProsePage, sureProse } from '../../extractors/ocr/prose.js';
import { whiteCanvas } from '../helpers/canvas.js';

afterAll(async () => {
  await shutdownOcr();
  await shutdownPaddle();
});

const PROSE = ['The office made 128 documents public in 2025', 'and answered 31 requests within the time limit.'];

/**
 * A 300-dpi page, as PNG bytes: two lines of prose at the top; unless
 * `proseOnly`, a ruled table below (a title row spanning it, then a row of
 * values) and a borderless row of a label and values far apart.
 */
function drawPage(proseOnly = false): Uint8Array {
  const W = 2480,
    H = proseOnly ? 700 : 1500;
  const { canvas, ctx } = whiteCanvas(W, H);
  ctx.fillStyle = '#111';
  ctx.font = '44px sans-serif';
  PROSE.forEach((t, i) => ctx.fillText(t, 300, 300 + i * 90));
  if (!proseOnly) {
    ctx.strokeStyle = '#222';
    ctx.lineWidth = 3;
    const xs = [300, 900, 1300, 1700, 2100];
    for (const y of [700, 800, 900]) {
      ctx.beginPath();
      ctx.moveTo(300, y);
      ctx.lineTo(2100, y);
      ctx.stroke();
    }
    // the title row is one merged cell: only the table's sides stand level with it
    for (const x of xs) {
      ctx.beginPath();
      ctx.moveTo(x, x === 300 || x === 2100 ? 700 : 800);
      ctx.lineTo(x, 900);
      ctx.stroke();
    }
    ctx.fillText('Article twenty item eight', 900, 765);
    ['Rules', '12', '0', '7'].forEach((t, i) => ctx.fillText(t, xs[i]! + 40, 865));
    ['Total', '40', '17', '5'].forEach((t, i) => ctx.fillText(t, xs[i]! + 40, 1200));
  }
  return new Uint8Array(canvas.toBuffer('image/png'));
}

describe('pages of prose', () => {
  test('are the bands of running text: not a ruled table row, not its spanning title, not a borderless row of values', async () => {
    const prep = preparePage(await decodeImage(drawPage()), 300);
    const bands = proseBands(prep.bin, prep.rules);
    expect(bands).toHaveLength(2);
    bands.forEach((b, i) => {
      expect(Math.abs(b.y + b.h - (300 + i * 90))).toBeLessThanOrEqual(15);
      expect(b.x).toBeGreaterThanOrEqual(295);
    });
    // a page with a table is tesseract's, prose and all
    expect(await readProsePage(prep.gray, prep.bin, prep.rules)).toBeUndefined();
  }, 60_000);

  test('a page of prose alone is read without a tesseract page read, its words in place', async () => {
    const before = recognizeCalls['4'] ?? 0;
    const read = await extractImage(drawPage(true), { file: 'prose.png' });
    expect((recognizeCalls['4'] ?? 0) - before).toBe(0);
    const lines = read.pages[0]!.lines;
    expect(lines).toHaveLength(2);
    const text = lines.map((l) =>
      l.tokens
        .map((t) => t.text)
        .join('')
        .replace(/\s/g, ''),
    );
    expect(text[0]).toContain('128');
    expect(text[0]).toContain('2025');
    expect(text[1]).toContain('31');
    // tokens stand where their words are printed, within the line's rows
    for (const [i, l] of lines.entries()) {
      expect(Math.abs(l.box.y + l.box.h - (300 + i * 90))).toBeLessThanOrEqual(15);
      for (let k = 1; k < l.tokens.length; k++) expect(l.tokens[k]!.box.x).toBeGreaterThanOrEqual(l.tokens[k - 1]!.box.x);
    }
  }, 120_000);
});

/** A reading of `text`, one character every `pitch` px from x = 10, each with probability `conf`. */
function reading(text: string, pitch: number, conf = 0.99): PaddleLine {
  const chars = [...text].map((c, i) => ({ text: c, conf, x: 10 + i * pitch }));
  return { text, conf, chars };
}

describe('a reading of prose', () => {
  const band = { x: 100, y: 50, w: 400, h: 40 };

  test('is kept when sure, with about as many characters as its width holds', () => {
    expect(sureProse(reading('共收到申请件本年度', 40), band)).toBe(true);
    expect(sureProse(reading('共收到申请件本年度', 40, 0.8), band)).toBe(false);
    expect(sureProse({ ...reading('共收到申请件本年度', 40), conf: 0.3 }, band)).toBe(false);
    // a wide band read as two letters: a picture or a seal's remains
    expect(sureProse(reading('ab', 40), band)).toBe(false);
  });

  test('is not kept where two numbers stand side by side (a row of values)', () => {
    const row: PaddleLine = {
      text: '合计1230',
      conf: 0.99,
      chars: [...'合计']
        .map((c, i) => ({ text: c, conf: 0.99, x: 20 + 40 * i }))
        .concat([
          { text: '1', conf: 0.99, x: 200 },
          { text: '2', conf: 0.99, x: 220 },
          { text: '3', conf: 0.99, x: 320 },
          { text: '0', conf: 0.99, x: 340 },
        ]),
    };
    expect(sureProse(row, { ...band, w: 360 })).toBe(false);
    expect(sureProse({ ...row, chars: row.chars.map((c) => (c.x >= 320 ? { ...c, x: c.x - 80 } : c)) }, { ...band, w: 360 })).toBe(true);
  });

  test("words: a run of digits is one word, its characters' positions jittering, split where a space stands; boxes in the page's pixels", () => {
    // 年 2023 年 12 月: 2023 decoded unevenly (0 and 2 0.75 band heights apart), a space's width between 2023 and 12
    const chars = [
      { text: '年', conf: 0.99, x: 30 },
      { text: '2', conf: 0.99, x: 60 },
      { text: '0', conf: 0.99, x: 70 },
      { text: '2', conf: 0.99, x: 100 },
      { text: '3', conf: 0.98, x: 120 },
      { text: '1', conf: 0.99, x: 175 },
      { text: '2', conf: 0.99, x: 195 },
      { text: '月', conf: 0.99, x: 225 },
    ];
    const words = proseWords({ text: chars.map((c) => c.text).join(''), conf: 0.98, chars }, band, 10);
    expect(words.map((w) => w.text)).toEqual(['年', '2023', '12', '月']);
    expect(words[1]!.confidence).toBeCloseTo(98);
    // the crop's margin (10) taken off, the band's x (100) added
    // (2 at 60 in the crop: 150 on the page; its box reaches halfway to 年 at 120)
    expect(words[1]!.x0).toBe(135);
    expect(words[1]!.y0).toBe(50);
    expect(words[1]!.y1).toBe(90);
    for (let i = 1; i < words.length; i++) expect(words[i]!.x0).toBeGreaterThanOrEqual(words[i - 1]!.x1);
  });
});

describe('a page number', () => {
  test('is kept however unsure its dashes, and only a page number is', () => {
    expect(isPageNumber(reading('-1—', 10, 0.5))).toBe(true);
    expect(isPageNumber(reading('第2页共5页', 10, 0.5))).toBe(true);
    expect(isPageNumber(reading('-12-', 10, 0.5))).toBe(true);
    expect(isPageNumber(reading('合计12', 10, 0.5))).toBe(false);
    expect(isPageNumber(reading('1230', 10, 0.5))).toBe(false);
    expect(isPageNumber(reading('12 30', 10, 0.5))).toBe(false);
  });
});
