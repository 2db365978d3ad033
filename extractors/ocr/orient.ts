/**
 * Page orientation. A landscape table fed into the scanner portrait comes
 * out turned 90° or 270°, a sheet fed the wrong way round 180°; read as it
 * is, such a page is noise. Deskew (deskew.ts) only corrects a few degrees,
 * so the quarter turns are settled first, in two steps:
 *
 * 1. Which way the lines run. Characters of a line stand closer to each
 *    other than the lines do, so on a small binarized copy (ruling lines
 *    removed) smearing the ink along the lines glues whole lines together,
 *    while smearing it across them glues only the strokes of a character:
 *    the components left after smearing across outnumber those after
 *    smearing along, by 1.4 to 7 times on the 36 dev scan pages (table
 *    pages included: there the number columns make the plain projection
 *    profile peak the wrong way on 3 of them). Lines that run top to bottom
 *    mean a turn of 90° or 270°.
 * 2. Which end is up. A small text-rich patch (about two lines, a quarter
 *    of the page wide) is OCR'd with the page's engine: on the 36 dev scan
 *    pages, each turned all four ways, upright it read at a mean confidence
 *    of 78–95, upside down at 30 or less. An upright page costs one
 *    reading of the patch (the other way up is read only when that one is
 *    not clearly confident); a page is turned only when one way reads
 *    clearly better than the other.
 *
 * Everything is computed from the pixels and fixed OCR parameters, so the
 * decision does not depend on which OCR worker reads the patch.
 */
import type { Finding } from '../../src/core/findings.js';
import { otsuThreshold, sauvola } from './binarize.js';
import { estimateSkew, rotateGray } from './deskew.js';
import { recognize, type EngineOptions } from './engine.js';
import { A4, encodePgm, isSealRed, type ColorPixels, type Gray } from './raster.js';

/** Clockwise quarter turns that bring a page upright. */
export type QuarterTurn = 0 | 90 | 180 | 270;

export interface OrientationResult {
  /** The clockwise turn to apply (0: leave the page as it is). */
  turn: QuarterTurn;
  /**
   * Components after smearing across the lines over those after smearing
   * along them, taking the lines as horizontal: well above 1 for horizontal
   * lines, well below for vertical; 1 when there was too little ink to tell.
   */
  lineRatio: number;
  /** Mean OCR confidence (0–100) of the patch per turn tried. */
  confidence: Partial<Record<QuarterTurn, number>>;
}

/** Short side of the small copy the lines are judged on (≈ 2.9 px per mm of an A4 page). */
const WORK_SIDE = 600;
/** A run of ink this share of the small copy's short side or longer is a ruling line, not a character. */
const RULE_OF_SIDE = 1 / 12;
/** Gaps (small-copy px) the ink is smeared over: about 0.7, 1.4 and 2.1 mm, between a character gap and a line gap. */
const SMEAR_GAPS = [2, 4, 6];
/** Lines run one way when the component ratio is at least this (or at most its inverse). */
const CLEAR_RATIO = 1.3;
/** Fewer components than this: too little ink to judge the lines by. */
const MIN_COMPONENTS = 40;
/** A reading this confident (mean, 0–100) of the patch as it stands is taken without trying the other way up. */
const CONFIDENT = 70;
/** One way up wins only by this much mean confidence, and reaching at least MIN_WINNER. */
const MARGIN = 20;
const MIN_WINNER = 45;
/** Fewer characters than this in a reading: it says nothing. */
const MIN_CHARS = 6;

/**
 * Which clockwise quarter turn brings the page upright. `dpi` is the
 * resolution when known (for the OCR of the patch).
 */
export async function detectOrientation(px: ColorPixels, dpi: number | undefined, opts: EngineOptions = {}): Promise<OrientationResult> {
  const small = smallMask(px);
  const lineRatio = lineDirectionRatio(small);
  const vertical = lineRatio <= 1 / CLEAR_RATIO;
  // Horizontal or unclear: the page stands or is upside down (an unclear page is never turned a quarter).
  const [first, second]: [QuarterTurn, QuarterTurn] = vertical ? [90, 270] : [0, 180];
  const confidence: Partial<Record<QuarterTurn, number>> = {};
  const level = levelledMask(small, first);
  const patch = textPatch(level);
  if (!patch) return { turn: 0, lineRatio, confidence };
  const resolution = dpi ?? (Math.min(px.width, px.height) >= 1000 ? Math.min(px.width, px.height) / A4.short : 300);
  const read = async (turn: QuarterTurn): Promise<{ mean: number; chars: number }> => {
    // The second candidate is the first turned half round: the same patch, upside down.
    const img = patchImage(px, turn, turn === first ? patch : flipRect(patch, level), small.factor, level);
    const r = await recognize(encodePgm(img), { psm: '6', dpi: resolution, invert: false, timeoutMs: 30_000 }, opts);
    // by character: a Chinese "word" is one character, a Latin one several
    let chars = 0,
      sum = 0;
    for (const w of r.lines.flat()) {
      const n = [...w.text.trim()].length;
      chars += n;
      sum += n * w.confidence;
    }
    const mean = chars ? sum / chars : 0;
    confidence[turn] = Math.round(mean * 10) / 10;
    return { mean: chars >= MIN_CHARS ? mean : 0, chars };
  };
  const a = await read(first);
  if (!vertical && a.mean >= CONFIDENT) return { turn: 0, lineRatio, confidence };
  const b = await read(second);
  let turn: QuarterTurn = 0;
  if (b.mean >= a.mean + MARGIN && b.mean >= MIN_WINNER) turn = second;
  else if (vertical && a.mean >= b.mean + MARGIN && a.mean >= MIN_WINNER) turn = first;
  return { turn, lineRatio, confidence };
}

/** The page turned upright (the pixels themselves when it already is), and the turn applied. */
export async function uprightPage(px: ColorPixels, dpi: number | undefined, opts: EngineOptions = {}): Promise<{ pixels: ColorPixels; turn: QuarterTurn }> {
  const { turn } = await detectOrientation(px, dpi, opts);
  return { pixels: turnPixels(px, turn), turn };
}

/** The finding that says a page was turned before OCR. */
export function pageRotatedFinding(page: number, turn: QuarterTurn): Finding {
  const how = turn === 180 ? 'upside down' : 'sideways';
  return {
    code: 'page-rotated',
    severity: 'info',
    stage: 'ocr',
    page,
    message: `page ${page} was scanned ${how}: it was turned ${turn}° clockwise before OCR (boxes are on the turned page)`,
  };
}

// ---------------------------------------------------------------------------
// Quarter turns of pixels

/** Width and height after a clockwise turn. */
function turnedSize(px: { width: number; height: number }, turn: QuarterTurn): { width: number; height: number } {
  return turn === 90 || turn === 270 ? { width: px.height, height: px.width } : { width: px.width, height: px.height };
}

/**
 * Index in the source of pixel (x, y) of the image turned clockwise by
 * `turn` (w, h: the source's size).
 */
function sourceIndex(x: number, y: number, w: number, h: number, turn: QuarterTurn): number {
  switch (turn) {
    case 0:
      return y * w + x;
    case 90:
      return (h - 1 - x) * w + y;
    case 180:
      return (h - 1 - y) * w + (w - 1 - x);
    case 270:
      return x * w + (w - 1 - y);
  }
}

/** Colour pixels turned clockwise by a quarter-turn multiple (exact: no resampling). */
export function turnPixels(px: ColorPixels, turn: QuarterTurn): ColorPixels {
  if (turn === 0) return px;
  const { width: w, height: h, channels: c, data } = px;
  const size = turnedSize(px, turn);
  const out = new Uint8Array(w * h * c);
  let o = 0;
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) {
      const s = sourceIndex(x, y, w, h, turn) * c;
      for (let k = 0; k < c; k++) out[o++] = data[s + k]!;
    }
  }
  return { width: size.width, height: size.height, channels: c, data: out };
}

// ---------------------------------------------------------------------------
// The small binarized copy, and which way its lines run

interface SmallMask {
  width: number;
  height: number;
  /** 1 = ink (ruling lines removed). */
  ink: Uint8Array;
  /** Source pixels per small pixel, each way. */
  factor: number;
}

/** Luma of one source pixel, seal red as paper and transparency on white (as toGray). */
function luma(data: ColorPixels['data'], p: number, channels: number): number {
  if (channels === 1) return data[p]!;
  let r = data[p]!,
    g = data[p + 1]!,
    b = data[p + 2]!;
  if (channels === 4 && data[p + 3]! < 255) {
    const a = data[p + 3]!;
    r = (r * a + 255 * (255 - a)) / 255;
    g = (g * a + 255 * (255 - a)) / 255;
    b = (b * a + 255 * (255 - a)) / 255;
  }
  return isSealRed(r, g, b) ? 255 : (r * 299 + g * 587 + b * 114) / 1000;
}

/** The page reduced to WORK_SIDE on its short side (block means), Otsu-binarized, ruling lines removed. */
function smallMask(px: ColorPixels): SmallMask {
  const factor = Math.max(1, Math.round(Math.min(px.width, px.height) / WORK_SIDE));
  const w = Math.floor(px.width / factor),
    h = Math.floor(px.height / factor);
  const gray = new Uint8Array(w * h);
  // every other source row and column of a block is enough for its mean
  const step = factor >= 4 ? 2 : 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0,
        n = 0;
      for (let dy = 0; dy < factor; dy += step) {
        let p = ((y * factor + dy) * px.width + x * factor) * px.channels;
        for (let dx = 0; dx < factor; dx += step, p += step * px.channels) {
          s += luma(px.data, p, px.channels);
          n++;
        }
      }
      gray[y * w + x] = s / n;
    }
  }
  const t = otsuThreshold({ width: w, height: h, data: gray });
  const ink = new Uint8Array(w * h);
  for (let i = 0; i < ink.length; i++) ink[i] = gray[i]! <= t ? 1 : 0;
  removeLongRuns(ink, w, h, Math.max(8, Math.round(Math.min(w, h) * RULE_OF_SIDE)));
  return { width: w, height: h, ink, factor };
}

/** Clear runs of ink at least `len` long, along rows and along columns (ruling lines, frames). */
function removeLongRuns(ink: Uint8Array, w: number, h: number, len: number): void {
  const kill = new Uint8Array(ink.length);
  for (let y = 0; y < h; y++) {
    let start = -1;
    for (let x = 0; x <= w; x++) {
      const on = x < w && ink[y * w + x] === 1;
      if (on && start < 0) start = x;
      else if (!on && start >= 0) {
        if (x - start >= len) kill.fill(1, y * w + start, y * w + x);
        start = -1;
      }
    }
  }
  for (let x = 0; x < w; x++) {
    let start = -1;
    for (let y = 0; y <= h; y++) {
      const on = y < h && ink[y * w + x] === 1;
      if (on && start < 0) start = y;
      else if (!on && start >= 0) {
        if (y - start >= len) for (let k = start; k < y; k++) kill[k * w + x] = 1;
        start = -1;
      }
    }
  }
  for (let i = 0; i < ink.length; i++) if (kill[i]) ink[i] = 0;
}

/**
 * Components after smearing down the columns over those after smearing
 * along the rows, geometric mean over SMEAR_GAPS: > 1 for horizontal lines.
 */
function lineDirectionRatio(small: SmallMask): number {
  const { width: w, height: h, ink } = small;
  const cols = transposeMask(ink, w, h);
  let logSum = 0;
  for (const gap of SMEAR_GAPS) {
    const along = smearedComponents(ink, w, h, gap);
    const across = smearedComponents(cols, h, w, gap);
    if (along < MIN_COMPONENTS && across < MIN_COMPONENTS) return 1;
    logSum += Math.log(Math.max(1, across) / Math.max(1, along));
  }
  return Math.exp(logSum / SMEAR_GAPS.length);
}

function transposeMask(ink: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[x * h + y] = ink[y * w + x]!;
  return out;
}

/**
 * Connected components (4-neighbour) of the mask after filling gaps of at
 * most `gap` pixels within each row: runs per row, joined by union-find
 * where runs of neighbouring rows overlap.
 */
function smearedComponents(ink: Uint8Array, w: number, h: number, gap: number): number {
  const parent: number[] = [];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  let components = 0;
  let prev: number[] = []; // from, to, id triples of the previous row
  for (let y = 0; y < h; y++) {
    const cur: number[] = [];
    const row = y * w;
    let start = -1,
      last = -2;
    for (let x = 0; x <= w; x++) {
      if (x < w && ink[row + x] === 1) {
        if (start >= 0 && x - last - 1 > gap) {
          cur.push(start, last, parent.length);
          parent.push(parent.length);
          start = x;
        } else if (start < 0) start = x;
        last = x;
      }
    }
    if (start >= 0) {
      cur.push(start, last, parent.length);
      parent.push(parent.length);
    }
    components += cur.length / 3;
    // join overlapping runs of this row and the previous one (both sorted by x)
    let j = 0;
    for (let i = 0; i < cur.length; i += 3) {
      const from = cur[i]!,
        to = cur[i + 1]!;
      while (j < prev.length && prev[j + 1]! < from) j += 3;
      for (let k = j; k < prev.length && prev[k]! <= to; k += 3) {
        const a = find(cur[i + 2]!),
          b = find(prev[k + 2]!);
        if (a !== b) {
          parent[a] = b;
          components--;
        }
      }
    }
    prev = cur;
  }
  return components;
}

// ---------------------------------------------------------------------------
// The patch read to tell which end is up

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Patch size in small-copy pixels (short side WORK_SIDE): about two lines of body text, a quarter of the page wide. */
const PATCH_H_OF_SIDE = 1 / 18;
const PATCH_W_OF_SIDE = 1 / 4;

/** The small copy turned by a candidate turn and levelled (its skew taken out), ink = 1. */
interface LevelledMask {
  width: number;
  height: number;
  ink: Uint8Array;
  /** Degrees rotated (as rotateGray), 0 when the skew was too small to matter. */
  skew: number;
}

/**
 * The small copy turned by `turn`, its skew measured and taken out: a
 * sideways page is rarely fed straight, and over a patch a quarter of the
 * page wide 3° moves a line by its own height, which the patch's reading
 * (and its blank edges) would not survive.
 */
function levelledMask(small: SmallMask, turn: QuarterTurn): LevelledMask {
  const { width, height } = turnedSize(small, turn);
  const gray = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) gray[y * width + x] = small.ink[sourceIndex(x, y, small.width, small.height, turn)] ? 0 : 255;
  }
  const { angle } = estimateSkew({ width, height, data: gray });
  const skew = Math.abs(angle) >= 0.5 ? angle : 0;
  const level = skew ? rotateGray({ width, height, data: gray }, skew).data : gray;
  const ink = new Uint8Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = level[i]! < 128 ? 1 : 0;
  // skewed, a ruling line was a staircase of short runs: levelled, it is found as one
  if (skew) removeLongRuns(ink, width, height, Math.max(8, Math.round(Math.min(width, height) * RULE_OF_SIDE)));
  return { width, height, ink, skew };
}

/** The inkiest patch of the levelled small copy, in its pixels; undefined when the page is nearly blank. */
function textPatch(level: LevelledMask): Rect | undefined {
  const { width: w, height: h } = level;
  const side = Math.min(w, h);
  const ph = Math.max(6, Math.round(side * PATCH_H_OF_SIDE)),
    pw = Math.max(20, Math.round(side * PATCH_W_OF_SIDE));
  if (w < pw || h < ph) return undefined;
  // summed-area table of the mask
  const sum = new Int32Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += level.ink[y * w + x]!;
      sum[(y + 1) * (w + 1) + x + 1] = sum[y * (w + 1) + x + 1]! + row;
    }
  }
  const at = (x: number, y: number) => sum[y * (w + 1) + x]!;
  let best = -1,
    bx = 0,
    by = 0;
  const sx = Math.max(1, Math.round(pw / 8)),
    sy = Math.max(1, Math.round(ph / 4));
  for (let y = 0; y + ph <= h; y += sy) {
    for (let x = 0; x + pw <= w; x += sx) {
      const s = at(x + pw, y + ph) - at(x, y + ph) - at(x + pw, y) + at(x, y);
      if (s > best) [best, bx, by] = [s, x, y];
    }
  }
  // too little ink for a few characters: nothing to read
  if (best < pw * ph * 0.04) return undefined;
  // Move each edge to the nearest blank row or column, out or in, so that no character is cut in half
  // (a half character reads at a low confidence whichever way up the page is).
  const ink = (x0: number, y0: number, x1: number, y1: number) => at(x1, y1) - at(x0, y1) - at(x1, y0) + at(x0, y0);
  const nearestBlank = (from: number, lo: number, hi: number, blank: (i: number) => boolean): number => {
    for (let d = 0; d <= Math.max(from - lo, hi - from); d++) {
      if (from - d >= lo && blank(from - d)) return from - d;
      if (from + d <= hi && blank(from + d)) return from + d;
    }
    return from;
  };
  const l0 = bx,
    r0 = bx + pw;
  const top = nearestBlank(by, Math.max(0, by - ph / 2), by + ph / 3, (y) => ink(l0, y, r0, y + 1) === 0);
  const bottom = nearestBlank(by + ph, by + ph - ph / 3, Math.min(h, by + ph * 1.5), (y) => ink(l0, y - 1, r0, y) === 0);
  const left = nearestBlank(bx, Math.max(0, bx - pw / 8), bx + pw / 8, (x) => ink(x, top, x + 1, bottom) === 0);
  const right = nearestBlank(bx + pw, bx + pw - pw / 8, Math.min(w, bx + pw * 1.125), (x) => ink(x - 1, top, x, bottom) === 0);
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** The same rect in the image turned a further half round. */
function flipRect(r: Rect, size: { width: number; height: number }): Rect {
  return { x: size.width - r.x - r.w, y: size.height - r.y - r.h, w: r.w, h: r.h };
}

/**
 * The patch, full resolution, from the page turned by `turn` and levelled
 * as `level` was (rect in the levelled small copy's pixels): grey, with a
 * white margin, and any ruling line across it whitened (read as `|` and `-`
 * it lowers the confidence of a page standing upright as much as of one
 * upside down). The same rect flipped, with the next half turn, is the same
 * patch upside down: the levelling turns about the centre.
 */
function patchImage(px: ColorPixels, turn: QuarterTurn, r: Rect, factor: number, level: LevelledMask): Gray {
  const pad = 16;
  const size = turnedSize(px, turn);
  const x0 = r.x * factor,
    y0 = r.y * factor;
  const cw = r.w * factor,
    ch = r.h * factor;
  // the levelled small copy's centre, in full-resolution pixels; rotateGray's sampling (bilinear)
  const cx = (level.width * factor - 1) / 2,
    cy = (level.height * factor - 1) / 2;
  const rad = (level.skew * Math.PI) / 180;
  const cos = Math.cos(rad),
    sin = Math.sin(rad);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= size.width || y >= size.height ? 255 : luma(px.data, sourceIndex(x, y, px.width, px.height, turn) * px.channels, px.channels));
  const crop = new Uint8Array(cw * ch);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      if (!level.skew) {
        crop[y * cw + x] = at(x0 + x, y0 + y);
        continue;
      }
      const dx = x0 + x - cx,
        dy = y0 + y - cy;
      const sx = cx + dx * cos - dy * sin,
        sy = cy + dx * sin + dy * cos;
      const ix = Math.floor(sx),
        iy = Math.floor(sy),
        fx = sx - ix,
        fy = sy - iy;
      const top = at(ix, iy) + (at(ix + 1, iy) - at(ix, iy)) * fx;
      const bottom = at(ix, iy + 1) + (at(ix + 1, iy + 1) - at(ix, iy + 1)) * fx;
      crop[y * cw + x] = top + (bottom - top) * fy;
    }
  }
  // Binarized as the page will be (a grey scan's pale rules and shadows otherwise read as strokes).
  const window = Math.max(15, Math.round(Math.min(px.width, px.height) / 28)) | 1;
  const bin = sauvola({ width: cw, height: ch, data: crop }, { window, k: 0.3 }).data;
  // A ruling line: a column dark from top to bottom (the patch ends on blank paper, so no character
  // is), or a row with a dark run longer than any character's stroke.
  const ruleCol = new Uint8Array(cw),
    ruleRow = new Uint8Array(ch);
  // (a column with its neighbours: a rule a little off the vertical wanders from one column to the next)
  for (let x = 0; x < cw; x++) {
    let dark = 0;
    for (let y = 0; y < ch; y++) {
      const i = y * cw + x;
      if (bin[i] === 0 || (x > 0 && bin[i - 1] === 0) || (x + 1 < cw && bin[i + 1] === 0)) dark++;
    }
    if (dark >= 0.9 * ch) ruleCol.fill(1, Math.max(0, x - 1), Math.min(cw, x + 2));
  }
  for (let y = 0; y < ch; y++) {
    let run = 0,
      longest = 0,
      gap = 0;
    for (let x = 0; x < cw; x++) {
      if (bin[y * cw + x] === 0) {
        run++;
        gap = 0;
      } else if (++gap > 2) run = 0;
      if (run > longest) longest = run;
    }
    ruleRow[y] = longest >= 0.3 * cw ? 1 : 0;
  }
  const ow = cw + 2 * pad;
  const out = new Uint8Array(ow * (ch + 2 * pad)).fill(255);
  for (let y = 0; y < ch; y++) {
    if (ruleRow[y]) continue;
    for (let x = 0; x < cw; x++) if (!ruleCol[x]) out[(y + pad) * ow + x + pad] = bin[y * cw + x]!;
  }
  return { width: ow, height: ch + 2 * pad, data: out };
}
