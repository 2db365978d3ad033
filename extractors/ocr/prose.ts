/**
 * Pages of prose read by the second recognizer, line by line, instead of
 * tesseract. tesseract's cost grows with the characters it recognises, not
 * the pixels (a prose page at 150 dpi takes three quarters of its time at
 * 300), and a report's prose pages hold many of its characters: PaddleOCR's
 * line model reads the same lines in about 60% of the time, as well or
 * better (full-width punctuation, the digits of dates).
 *
 * A band of the page counts as a line of prose only where nothing of a
 * table can be in it: a single text line's height, ink without a column's
 * gap, no table's ruling line level with it, and a reading that is sure,
 * with no two numbers side by side. A page is read so only when every band
 * of its ink is such a line; any other page is tesseract's, as before, so
 * no table's cell is read differently.
 */
import type { Box } from '../../src/core/layout.js';
import type { OcrWord } from './engine.js';
import { readLine, type PaddleLine } from './paddle.js';
import { crop, type Gray } from './raster.js';
import type { RuleGrid } from './rules.js';
import { median } from '../../src/core/stats.js';

/** A band taller than this many text lines is not one line (a figure, lines run together by curvature). */
const MAX_LINE_HEIGHTS = 2.5;
/** Nor one shorter than this share of a text line (specks, a rule's remains). */
const MIN_LINE_HEIGHTS = 0.5;
/** A gap in a band's ink wider than this many band heights is a column's gap: a table's row. */
const COLUMN_GAP = 1.5;
/** A reading is sure when its characters average this probability or more... */
const MEAN_SURE = 0.9;
/** ...and none is below this. */
const CHAR_SURE = 0.5;
/**
 * Digits further apart than this many band heights (centre to centre) are
 * two numbers. Generous: the model's character positions are its decoding
 * steps', and those jitter by a step or two (a 2023 came back as 20 23 at 0.7).
 */
const NUMBER_GAP = 1.2;

/** Rows of the page in runs of ink: the candidate text lines, top to bottom (x extent of their ink). */
export function inkBands(bin: Gray): Box[] {
  const { width, height, data } = bin;
  const runs: { y0: number; y1: number }[] = [];
  let start = -1;
  for (let y = 0; y <= height; y++) {
    let ink = false;
    if (y < height) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        if (data[row + x] === 0) {
          ink = true;
          break;
        }
      }
    }
    if (ink && start < 0) start = y;
    else if (!ink && start >= 0) {
      runs.push({ y0: start, y1: y });
      start = -1;
    }
  }
  const lineH = median(runs.map((r) => r.y1 - r.y0).filter((h) => h >= 4));
  // a line whose characters have a white row through all of them (一、二 alone) is one line still
  const merged: { y0: number; y1: number }[] = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && r.y0 - last.y1 < 0.2 * lineH && r.y1 - last.y0 <= 1.3 * lineH) last.y1 = r.y1;
    else merged.push({ ...r });
  }
  return merged.map(({ y0, y1 }) => {
    let x0 = width,
      x1 = -1;
    for (let y = y0; y < y1; y++) {
      const row = y * width;
      for (let x = 0; x < x0; x++) if (data[row + x] === 0) x0 = x;
      for (let x = width - 1; x > x1; x--) if (data[row + x] === 0) x1 = x;
    }
    return { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 };
  });
}

/** The widest gap between ink columns inside a band, in px. */
function widestGap(bin: Gray, band: Box): number {
  let widest = 0,
    last = band.x;
  for (let x = band.x; x < band.x + band.w; x++) {
    let ink = false;
    for (let y = band.y; y < band.y + band.h && !ink; y++) ink = bin.data[y * bin.width + x] === 0;
    if (ink) {
      widest = Math.max(widest, x - last - 1);
      last = x;
    }
  }
  return widest;
}

/**
 * Whether a vertical ruling line stands level with the band anywhere across
 * the page: the band is in a ruled table (a merged row's title, 第二十条第（八）项,
 * has no rule through its own ink, only the table's sides far off).
 */
function inTable(rules: RuleGrid, band: Box): boolean {
  return rules.vertical.some((v) => v.y0 < band.y + band.h && v.y1 > band.y);
}

/**
 * The bands that may be lines of prose (see the module's comment): a text
 * line's height (measured against the page's usual band), no column's gap
 * in their ink, no table's rule level with them.
 */
export function proseBands(bin: Gray, rules: RuleGrid, bands = inkBands(bin)): Box[] {
  const lineH = median(bands.map((b) => b.h).filter((h) => h >= 4));
  if (!lineH) return [];
  return bands.filter((b) => b.h >= MIN_LINE_HEIGHTS * lineH && b.h <= MAX_LINE_HEIGHTS * lineH && !inTable(rules, b) && widestGap(bin, b) <= COLUMN_GAP * b.h);
}

/** The band's grey in a margin of paper: nothing of the lines above and below it. */
function bandCrop(gray: Gray, band: Box): Gray {
  return crop(gray, band.x, band.y, band.w, band.h, cropMargin(band));
}

/**
 * Whether a reading is prose to keep: sure (MEAN_SURE, CHAR_SURE), about as
 * many characters as the band's width holds (a picture or a seal's remains
 * read as a few letters is not), and no two numbers side by side (a row of
 * values in a borderless table).
 */
export function sureProse(line: PaddleLine, band: Box): boolean {
  if (!line.chars.length) return false;
  const mean = line.chars.reduce((a, c) => a + c.conf, 0) / line.chars.length;
  if (mean < MEAN_SURE || line.conf < CHAR_SURE) return false;
  // a CJK character is about as wide as the line is tall, a digit half that
  if (line.chars.length < band.w / band.h / 2) return false;
  for (let i = 1; i < line.chars.length; i++) {
    const a = line.chars[i - 1]!,
      b = line.chars[i]!;
    if (/[0-9]/.test(a.text) && /[0-9]/.test(b.text) && b.x - a.x > NUMBER_GAP * band.h) return false;
  }
  return true;
}

/** A page number's line is narrower than this share of the page. */
const PAGE_NUMBER_WIDTH = 0.25;

/**
 * Whether a reading is a page number (- 1 -, —4—, 第 2 页 共 5 页), kept
 * however unsure its dashes were read (the least sure marks a page prints):
 * it is page furniture, never a table's value, and a page of prose should
 * not go to tesseract for its number alone.
 */
export function isPageNumber(line: PaddleLine): boolean {
  const text = line.text.normalize('NFKC').replace(/[\s\-—–一_·~第页共/]/g, '');
  return /^[0-9]{1,3}$/.test(text) || (/^[0-9]{2,6}$/.test(text) && /页/.test(line.text));
}

/**
 * A reading's characters as tesseract-like words in page pixels: a run of
 * digits (with a decimal point or a separator) is one word, as tesseract's
 * are, split where a space stands between digits; every other character is
 * a word of its own. A character's box reaches halfway to its neighbours,
 * at most half the band's height either side of its centre.
 */
export function proseWords(line: PaddleLine, band: Box, cropMargin: number): OcrWord[] {
  const xs = line.chars.map((c) => c.x - cropMargin + band.x);
  const half = band.h / 2;
  const boxes = xs.map((x, i) => ({
    x0: Math.round(Math.max(x - half, i > 0 ? (xs[i - 1]! + x) / 2 : -Infinity)),
    x1: Math.round(Math.min(x + half, i + 1 < xs.length ? (x + xs[i + 1]!) / 2 : Infinity)),
  }));
  const words: OcrWord[] = [];
  const numeric = (t: string) => /^[0-9.,%]$/.test(t);
  line.chars.forEach((c, i) => {
    const last = words[words.length - 1];
    const glued = last && i > 0 && numeric(c.text) && numeric(line.chars[i - 1]!.text) && xs[i]! - xs[i - 1]! <= NUMBER_GAP * band.h;
    if (glued) {
      last.text += c.text;
      last.x1 = boxes[i]!.x1;
      last.confidence = Math.min(last.confidence, c.conf * 100);
      last.symbols!.push({ text: c.text, x0: boxes[i]!.x0, y0: band.y, x1: boxes[i]!.x1, y1: band.y + band.h });
      return;
    }
    const b = { x0: boxes[i]!.x0, y0: band.y, x1: boxes[i]!.x1, y1: band.y + band.h };
    words.push({ text: c.text, confidence: c.conf * 100, ...b, symbols: [{ text: c.text, ...b }] });
  });
  return words;
}

/**
 * A page of prose alone, read by the second recognizer: its lines' words,
 * or undefined when any band of its ink is not a line of prose (proseBands)
 * or is not read surely (sureProse): then the page is tesseract's, whole.
 * Whole pages only: whitened from a page with a table, the prose would
 * change how tesseract lays out and reads the table (its row labels read
 * shorter, a row taken for another).
 */
export async function readProsePage(gray: Gray, bin: Gray, rules: RuleGrid): Promise<OcrWord[][] | undefined> {
  const bands = inkBands(bin);
  const prose = proseBands(bin, rules, bands);
  if (!bands.length || prose.length < bands.length) return undefined;
  const lines: OcrWord[][] = [];
  // one by one: the first unsure line ends the attempt
  for (const band of prose) {
    const line = await readLine(bandCrop(gray, band));
    if (!sureProse(line, band) && !(band.w < PAGE_NUMBER_WIDTH * bin.width && isPageNumber(line))) return undefined;
    lines.push(proseWords(line, band, cropMargin(band)));
  }
  return lines;
}

/** The paper around a band in its crop (bandCrop). */
function cropMargin(band: Box): number {
  return Math.max(4, Math.round(0.25 * band.h));
}
