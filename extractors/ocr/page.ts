/**
 * One page image → one Layout page: clean up (seal, skew, threshold, rules),
 * OCR, tokens. The cleaned images stay with the page so a cell can be read
 * again later (`rereadRegion`).
 */
import { NianbaoError } from '../../src/core/errors.js';
import type { Finding } from '../../src/core/findings.js';
import type { Box, KnownValue, Layout, Line, Page, Reading, RereadOptions } from '../../src/core/layout.js';
import { despeckle, removeIsolatedSpecks, sauvola } from './binarize.js';
import { integral } from './local-grid.js';
import { estimateSkew, rotateGray } from './deskew.js';
import { findSheet, unwarp, type Quad } from './perspective.js';
import { recognize, type EngineOptions } from './engine.js';
import { A4, crop, encodePgm, MAX_PIXELS, resample, toGray, type ColorPixels, type Gray } from './raster.js';
import { cellInterior, eraseRules, findRules, type RuleGrid } from './rules.js';
import { groupIntoLines, wordsToLines } from './tokens.js';
import { readOrphanNumbers } from './orphans.js';
import { aroundGlyphsOf, glyphInkBox, gridCells, inkBox, refineCells } from './cells.js';
import { cellImage, scaleFor } from './cell-image.js';
import { asDigits, tiledReading } from './tiled.js';
import { plainNumber, readLine } from './paddle.js';
import { cellGlyphs, DigitModel, type DigitExample } from './glyphs.js';
import { OcrLanes } from './lanes.js';
import { readProsePage } from './prose.js';
import type { ExtractorOptions } from '../types.js';

/** A Layout page from OCR, with what the clean-up found. */
export interface OcrPage extends Page {
  unit: 'px';
  /** Ruling lines found (and erased before OCR), in page pixels. */
  rules: RuleGrid;
  /** Skew corrected, in degrees (positive: lines descended to the right). */
  skew: number;
}

/** A page image cleaned for OCR. All three share the deskewed coordinates. */
export interface PreparedPage {
  /** Deskewed grey with the seal removed: what the audit shows. */
  gray: Gray;
  /** Binarized, despeckled, rules erased: what tesseract reads. */
  bin: Gray;
  rules: RuleGrid;
  skew: number;
  sealPixels: number;
  /** The photographed sheet's corners in the picture, when it was straightened (perspective.ts). */
  sheet?: Quad;
  /**
   * Resolution in dpi of these images: the source's (given, or from the page width taken as A4's 8.27 in;
   * a stitched tall image is still one page wide), times the resampling a low-resolution page had (LOW_DPI).
   */
  dpi: number;
}

export interface PageOcrOptions extends EngineOptions {
  /** Page segmentation mode for whole pages: '4' (one column, default) or '3' (auto). */
  psm?: '3' | '4';
}

/**
 * Pages scanned below this resolution (dpi) are resampled to WORK_DPI before
 * anything else. The clean-up's sizes follow the page width (binarizer
 * window, rule lengths, speck sizes), but not everything scales: rule gaps
 * and halos, cell insets, and above all tesseract itself, which at 150 dpi
 * gets 7–7.5 pt table digits 9–11 px tall and reads labels as noise. Bilinear
 * resampling of the grey page before thresholding keeps the strokes' shape
 * (thresholding first and enlarging the binary would enlarge its jagged
 * edges). Scans at 200 dpi and above read well as they are and are left so.
 */
export const LOW_DPI = 180;
/** The resolution a low-resolution page is brought to: what the clean-up and tesseract are tuned for. */
export const WORK_DPI = 300;
/** Pixels a resampled page may have (an A4 page at 300 dpi has 8.7 M). */
const MAX_WORK_PIXELS = 40_000_000;

/**
 * Whether a page carries a fax's noise: isolated specks that are at least
 * FAX_SPECKS of its ink (a grey low-resolution scan has few isolated specks;
 * a fax many: tests/ocr/low-res.test.ts draws one page both ways). A
 * fax's strokes are already solid black: resampling it only enlarges its
 * specks past the speck filters and rounds its hard edges, so it is read
 * at its own resolution.
 */
export function faxNoise(gray: Gray): boolean {
  const bin = sauvola(gray, { window: Math.max(15, Math.round(gray.width / 28)) | 1, k: 0.3 });
  let ink = 0;
  for (const v of bin.data) if (v === 0) ink++;
  return ink > 0 && removeIsolatedSpecks(bin) >= FAX_SPECKS * ink;
}

/** Isolated specks, as a share of the ink, that mark a fax (see faxNoise). */
const FAX_SPECKS = 0.002;

/**
 * Sauvola's sensitivity for a page scanned at `dpi`. 0.3 is tuned on
 * 200–300 dpi scans. A stroke of small type at low resolution covers only
 * part of a pixel, so the scanner prints it grey (a 7.5 pt digit's strokes
 * at 150 dpi: grey 130–200 on paper 250, against 10–30 for the body text)
 * and k = 0.3 keeps only their cores (176 read as 1 6, 187 as 18): below
 * LOW_DPI the sensitivity falls in proportion to the resolution, as the
 * strokes' contrast does (0.15 at 150 dpi).
 */
export function sauvolaK(dpi: number): number {
  return dpi < LOW_DPI ? 0.3 * Math.min(1, dpi / WORK_DPI) : 0.3;
}

/** How far a sheet's proportions may stray from A4's and still be taken for A4. */
const A4_SLACK = 0.06;

/**
 * The resolution of a straightened sheet shaped like A4 (portrait or
 * landscape): its short side is 8.27 in. A photo's own size says nothing of
 * it (the sheet fills part of the picture). Undefined for other shapes.
 */
function sheetDpi(sheet: Gray): number | undefined {
  const short = Math.min(sheet.width, sheet.height),
    long = Math.max(sheet.width, sheet.height);
  return Math.abs(long / short / (A4.long / A4.short) - 1) <= A4_SLACK ? short / A4.short : undefined;
}

/**
 * The sheet sizes (short side, in inches) a scanned report is printed on:
 * A5 (5.83) to A3 (11.69), with slack. A PDF that puts a page image on a
 * page outside them says nothing of the scan's resolution (a 150-dpi A4 scan
 * wrapped at 96 or 72 dpi makes a page 13 or 17 in wide; taken at its word,
 * it would be enlarged threefold, slower and no better read).
 */
const PAPER_SHORT_IN = { min: 5.5, max: 12.5 };

/** `dpi` when it makes the image a sheet of paper (PAPER_SHORT_IN), else undefined. */
export function plausibleDpi(px: { width: number; height: number }, dpi: number | undefined): number | undefined {
  if (!dpi || !(dpi > 0)) return undefined;
  const short = Math.min(px.width, px.height) / dpi;
  return short >= PAPER_SHORT_IN.min && short <= PAPER_SHORT_IN.max ? dpi : undefined;
}

/**
 * Clean a page image up for OCR. `dpi` is its resolution when known (a PDF's
 * page size tells it, when that is a sheet's: plausibleDpi); else a
 * page-wide image is taken as A4's 8.27 in wide and anything narrower as 300 dpi.
 */
export function preparePage(px: ColorPixels, dpi?: number): PreparedPage {
  if (px.width < 8 || px.height < 8) throw new NianbaoError('unreadable', `the image is too small to read (${px.width}×${px.height} px)`);
  if (px.width * px.height > MAX_PIXELS) {
    throw new NianbaoError('too-large', `the image is ${px.width}×${px.height} px, over the ${MAX_PIXELS / 1e6} Mpx limit`);
  }
  const { gray: seen, sealPixels } = toGray(px);
  // a photographed sheet is mapped back onto a rectangle first (perspective.ts)
  const sheet = findSheet(seen);
  const given = sheet ? unwarp(seen, sheet) : seen;
  const source = (sheet ? sheetDpi(given) : undefined) ?? plausibleDpi(seen, dpi) ?? (seen.width >= 1000 ? seen.width / A4.short : 300);
  // Below the range the clean-up is tuned for, the page is brought to it first (see LOW_DPI), unless it is a fax.
  // (within a pixel budget: a huge low-resolution image is read as it is rather than grown past memory)
  const factor = source < LOW_DPI && !faxNoise(given) ? Math.min(WORK_DPI / source, Math.sqrt(MAX_WORK_PIXELS / (given.width * given.height))) : 1;
  const raw = resample(given, factor);
  const skew = estimateSkew(raw);
  // A tiny angle is noise in the estimate; rotating would only blur.
  const gray = Math.abs(skew.angle) >= 0.05 ? rotateGray(raw, skew.angle) : raw;
  const window = Math.max(15, Math.round(gray.width / 28)) | 1;
  // one integral image of the page for the binarizer and the rule finder
  const sum = integral(gray);
  const bin = sauvola(gray, { window, k: sauvolaK(source), sum });
  const rules = findRules(gray, { sum });
  eraseRules(bin, rules);
  // after erasing: what is left of a rule's ragged edge is specks too
  despeckle(bin, Math.max(2, Math.round((gray.width / 1670) ** 2 * 4)));
  const resolution = Math.round(Math.max(70, Math.min(1200, source * factor)));
  // Fax and photo noise: larger specks, but alone on the paper (a character's dot is next to it), and
  // small both ways (a lone 1 in a cell is alone too, but as tall as a digit).
  removeIsolatedSpecks(bin);
  return { gray, bin, rules, skew: Math.abs(skew.angle) >= 0.05 ? skew.angle : 0, sealPixels, dpi: resolution, ...(sheet && { sheet }) };
}

/** OCR a prepared page into a Layout page (px units) and its findings. */
export async function ocrPreparedPage(prep: PreparedPage, pageNumber: number, opts: PageOcrOptions = {}): Promise<{ page: OcrPage; findings: Finding[] }> {
  // a page of prose alone is read by the second recognizer (prose.ts), any other by tesseract
  const prose = await readProsePage(prep.gray, prep.bin, prep.rules);
  const ocrLines = prose ?? (await recognize(encodePgm(prep.bin), { psm: opts.psm ?? '4', dpi: prep.dpi, invert: false }, opts)).lines;
  const pageLines = wordsToLines(ocrLines, prep.rules);
  const heights = pageLines.flatMap((l) => l.tokens.map((t) => t.box.h)).sort((a, b) => a - b);
  // Too few tokens to trust their sizes (page reading lost in noise): the ink of the table's cells tells.
  const charHeight = heights.length >= 5 ? heights[Math.floor(heights.length / 2)]! : cellInkHeight(prep) || (heights[Math.floor(heights.length / 2)] ?? 0);
  const { lines: refined } = charHeight > 0 ? await refineCells(prep, prep.rules, pageLines, charHeight, opts) : { lines: pageLines };
  // numbers tesseract's page reading left out (orphans.ts); a page of prose was read line by line, none
  const lines = charHeight > 0 && !prose ? await withOrphanNumbers(prep, refined, charHeight, opts) : refined;
  const findings: Finding[] = [];
  if (lines.length === 0) {
    findings.push({ code: 'ocr-empty-page', severity: 'warning', stage: 'ocr', page: pageNumber, message: `OCR found no text on page ${pageNumber}` });
  }
  if (prep.sealPixels > 0.001 * prep.gray.width * prep.gray.height) {
    findings.push({
      code: 'ocr-seal-removed',
      severity: 'info',
      stage: 'ocr',
      page: pageNumber,
      message: `a red seal (${prep.sealPixels} px) was removed from page ${pageNumber} before OCR; text under it may read less well`,
    });
  }
  if (prep.sheet) {
    const corners = [prep.sheet.topLeft, prep.sheet.topRight, prep.sheet.bottomRight, prep.sheet.bottomLeft].map((p) => `(${Math.round(p.x)}, ${Math.round(p.y)})`).join(' ');
    findings.push({
      code: 'ocr-perspective-corrected',
      severity: 'info',
      stage: 'ocr',
      page: pageNumber,
      message: `page ${pageNumber} was photographed at an angle: the sheet, its corners at ${corners} px of the picture, was mapped back onto a rectangle before OCR`,
    });
  }
  const page: OcrPage = {
    number: pageNumber,
    width: prep.gray.width,
    height: prep.gray.height,
    unit: 'px',
    lines,
    image: { width: prep.gray.width, height: prep.gray.height, gray: prep.gray.data },
    rules: prep.rules,
    skew: prep.skew,
  };
  return { page, findings };
}

/** A page's lines with the numbers its reading left out (readOrphanNumbers) put on them; the same lines when there are none. */
async function withOrphanNumbers(prep: PreparedPage, lines: Line[], charHeight: number, opts: EngineOptions): Promise<Line[]> {
  const tokens = lines.flatMap((l) => l.tokens);
  const more = await readOrphanNumbers(prep, tokens, charHeight, opts.lanes);
  return more === tokens ? lines : groupIntoLines(more, prep.rules);
}

/** Median height of the ink in the ruled cells (specks left out), 0 without a grid. */
function cellInkHeight(prep: PreparedPage): number {
  const hs = gridCells(prep.rules)
    .map((c) => inkBox(prep.bin, c, 6)?.h ?? 0)
    .filter((h) => h >= 6)
    .sort((a, b) => a - b);
  return hs[Math.floor(hs.length / 2)] ?? 0;
}

/** How tall a digit of table print is, in inches, where nothing on the page says (7.5–9 pt type). */
const DIGIT_INCHES = 0.1;

/** Characters a table number may contain, and `/`, the mark of a blank cell (else read as 7 or 1). */
export const NUMBER_WHITELIST = '0123456789.-/';

/**
 * Read one region again as a single line of digits: crop inside the cell's
 * ruling lines, then several readings (the page's binary and the grey crop
 * upscaled and thresholded on its own, digits only; the grey crop free, its
 * digit lookalikes mapped; three copies on one line; the second
 * recognizer's; the document's own digits); one reading per text, best
 * first. Which one is right is for the identities to say. `options.blank`:
 * read only where a digit's ink stands; `options.witness`: the last two
 * readers only, no tesseract call.
 */
export async function rereadRegion(prep: PreparedPage, box: Box, opts: EngineOptions = {}, digits?: { model: DigitModel; digitHeight: number }, options: RereadOptions = {}): Promise<Reading[]> {
  const { area, glyphs } = cellInk(prep, box);
  // a cell taken as blank is read only where a digit's ink stands
  if (options.blank && !glyphs) return [];
  const readings: Reading[] = [];
  if (!options.witness) await tesseractReadings(prep, area, opts, readings);
  // the second recognizer, on the grey glyphs and a margin (paddle.ts)
  if (glyphs) {
    const m = Math.max(3, Math.round(0.3 * Math.min(glyphs.h, area.h)));
    const second = await readLine(crop(prep.gray, glyphs.x - m, glyphs.y - m, glyphs.w + 2 * m, glyphs.h + 2 * m));
    const n = plainNumber(second);
    if (n) readings.push({ text: n.text, conf: Math.min(n.conf, 0.85) });
  }
  // the document's own digits (glyphs.ts)
  const own = digits?.model.read(cellGlyphs(prep.gray, prep.bin, area, digits.digitHeight));
  if (own) readings.push({ text: own.text, conf: Math.min(own.conf, 0.8) });
  const best = new Map<string, Reading>();
  for (const r of readings) if ((best.get(r.text)?.conf ?? -1) < r.conf) best.set(r.text, r);
  return [...best.values()].sort((a, b) => b.conf - a.conf);
}

/**
 * A cell's area (inside its ruling lines; where a lost rule left two
 * columns' values in it, the one the cell's box stands on) and the
 * glyph-sized ink in it, if any (specks and rule remnants are not).
 */
function cellInk(prep: PreparedPage, box: Box): { area: Box; glyphs: Box | undefined } {
  const interior = cellInterior(prep.rules, box);
  const charHeight = Math.min(interior.h, DIGIT_INCHES * prep.dpi);
  const area = aroundGlyphsOf(prep.bin, interior, box, charHeight);
  return { area, glyphs: glyphInkBox(prep.bin, area, charHeight) };
}

/** tesseract's readings of a cell's interior: the page's binary, the grey crop digits only and free, three copies on one line. */
async function tesseractReadings(prep: PreparedPage, area: Box, opts: EngineOptions, readings: Reading[]): Promise<void> {
  const read = async (img: Gray, dpi: number, whitelist = NUMBER_WHITELIST) => {
    const r = await recognize(encodePgm(img), { psm: '7', whitelist, dpi, timeoutMs: 30_000 }, opts);
    const words = r.lines.flat();
    if (!words.length) return;
    const raw = words
      .map((w) => w.text.normalize('NFKC').trim())
      .join(' ')
      .trim();
    const text = whitelist ? raw : asDigits(raw);
    const conf = Math.min(...words.map((w) => w.confidence)) / 100;
    // a free reading counts only as digits (after lookalikes), and less than a digits-only one
    if (text && (whitelist || /^[0-9]+$/.test(text))) readings.push({ text, conf: Math.max(0, Math.min(1, whitelist ? conf : conf * 0.8)) });
  };
  const pad = 12;
  const binCrop = crop(prep.bin, area.x, area.y, area.w, area.h, pad);
  if (binCrop.data.includes(0)) await read(binCrop, prep.dpi);
  const ink = inkBox(prep.bin, area);
  const charHeight = ink ? Math.min(ink.h, area.h) : area.h;
  const ci = cellImage(prep.gray, area, scaleFor(charHeight), ink ? charHeight : undefined);
  if (!ci.blank) {
    await read(ci.img, prep.dpi * ci.scale);
    await read(ci.img, prep.dpi * ci.scale, '');
    const tiled = await tiledReading(ci.img, Math.round(charHeight * ci.scale), prep.dpi * ci.scale, opts);
    if (tiled) readings.push({ text: tiled.text, conf: Math.min(tiled.conf, tiled.agree === tiled.copies ? 0.8 : 0.5) });
  }
}

/** Each OCR page's cleaned images, for re-reading cells later (kept only while the page is). */
const prepared = new WeakMap<Page, PreparedPage>();

/**
 * One page image from a scan or a photo, cleaned up and OCR'd, its cleaned
 * images kept for re-reads (`makeReread`). `dpi` as for `preparePage`.
 */
export async function readPageImage(pixels: ColorPixels, pageNumber: number, dpi: number | undefined, opts: PageOcrOptions = {}): Promise<{ page: OcrPage; findings: Finding[] }> {
  const prep = preparePage(pixels, dpi);
  const read = await ocrPreparedPage(prep, pageNumber, opts);
  prepared.set(read.page, prep);
  return read;
}

/**
 * The `Layout.reread` function for a set of OCR pages: re-reads a region of
 * the page with that number. Pages that were not OCR'd give no readings.
 */
export function makeReread(pages: readonly Page[], opts: EngineOptions = {}): NonNullable<Layout['reread']> {
  // one model per set of examples (a document's re-reads share theirs), and one digit height per page
  const models = new WeakMap<readonly KnownValue[], { model: DigitModel; heights: Map<number, number> }>();
  const modelOf = (known: readonly KnownValue[]) => {
    let m = models.get(known);
    if (!m) {
      const heights = new Map<number, number>();
      for (const p of pages) {
        const prep = prepared.get(p);
        if (prep) heights.set(p.number, digitHeight(prep, known, p.number));
      }
      m = { model: learnDigits(pages, known, heights), heights };
      models.set(known, m);
    }
    return m;
  };
  return async (pageNumber, box, known, options) => {
    const prep = preparedOf(pages, pageNumber);
    if (!prep) return [];
    const m = known?.length ? modelOf(known) : undefined;
    return rereadRegion(prep, box, opts, m && { model: m.model, digitHeight: m.heights.get(pageNumber)! }, options);
  };
}

/** The `Layout.inkAt` function for a set of OCR pages: whether a digit's ink stands in a region (pages not OCR'd: undefined). */
export function makeInkAt(pages: readonly Page[]): NonNullable<Layout['inkAt']> {
  return (pageNumber, box) => {
    const prep = preparedOf(pages, pageNumber);
    return prep ? cellInk(prep, box).glyphs !== undefined : undefined;
  };
}

/** The cleaned images of the page with that number, if it was OCR'd. */
function preparedOf(pages: readonly Page[], pageNumber: number): PreparedPage | undefined {
  const page = pages.find((p) => p.number === pageNumber);
  return page && prepared.get(page);
}

/** The height of a digit on a page: the median glyph height of its confirmed cells, else a tenth of an inch. */
function digitHeight(prep: PreparedPage, known: readonly KnownValue[], pageNumber: number): number {
  const guess = DIGIT_INCHES * prep.dpi;
  const hs = known
    .filter((k) => k.page === pageNumber)
    .map((k) => glyphInkBox(prep.bin, cellInterior(prep.rules, k.box), guess)?.h ?? 0)
    .filter((h) => h > 0)
    .sort((a, b) => a - b);
  return hs[Math.floor(hs.length / 2)] ?? guess;
}

/** The document's digits (glyphs.ts), learned from its confirmed cells on the OCR pages. */
function learnDigits(pages: readonly Page[], known: readonly KnownValue[], heights: ReadonlyMap<number, number>): DigitModel {
  const examples: DigitExample[] = [];
  for (const k of known) {
    const page = pages.find((p) => p.number === k.page);
    const prep = page && prepared.get(page);
    if (!prep) continue;
    examples.push({ glyphs: cellGlyphs(prep.gray, prep.bin, cellInterior(prep.rules, k.box), heights.get(k.page)!), text: k.text });
  }
  return new DigitModel(examples);
}

/** The OCR engine's options for an extraction: its start-up limit and its lanes (one unless given). */
export function ocrOptions(options: ExtractorOptions): { startTimeoutMs: number | undefined; lanes: OcrLanes } {
  return { startTimeoutMs: options.ocr?.startTimeoutMs, lanes: options.ocr?.lanes ?? new OcrLanes() };
}
