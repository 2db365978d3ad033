/**
 * Numbers the page reading left out. tesseract's page reading drops a lone
 * digit standing in a wide empty space (a fax's 0 in a cell of a table
 * whose rules the threshold broke: whole columns of them), and the cell
 * pass (cells.ts) reads only the closed cells of a ruled grid. Every group
 * of glyph-sized ink no token covers, about as tall as the page's digits
 * and no wider than a number, is shown to the second recognizer; a plain
 * number it is fairly sure of becomes a token, doubtful (ORPHAN_CONF,
 * UNSURE_CONF): the identities are to confirm it, and where none does the
 * record says it is unsure. A character the page reading missed comes back
 * as one and is left.
 */
import type { Box, Token } from '../../src/core/layout.js';
import { forEachDarkComponent, isGlyphPiece, type ComponentBox } from './binarize.js';
import { glyphCrop } from './cells.js';
import { inLanes, OcrLanes } from './lanes.js';
import { plainNumber, readLine, type PaddleLine } from './paddle.js';
import type { Gray } from './raster.js';
import { median } from '../../src/core/stats.js';

/**
 * From this mean character probability the second recognizer's number is
 * taken; below ORPHAN_SURE (a lone digit: its 0 comes back at 0.75) it is
 * taken as doubtful (UNSURE_CONF).
 */
const ORPHAN_TAKEN = 0.7;
const ORPHAN_SURE = 0.95;
/** The most confidence such a token keeps: below ocr-low-confidence's bar, unless an identity confirms it. */
const ORPHAN_CONF = 0.85;
const UNSURE_CONF = 0.5;
/** A piece of ink taller than this, in character heights, is no digit's (a rule, a seal's stroke, a picture). */
const MAX_PIECE = 1.4;
/** A group's height, in the page's digit heights (its number tokens' median; else DIGIT_OF_CHAR character heights). */
const HEIGHT = { min: 0.7, max: 1.4 };
const DIGIT_OF_CHAR = 0.75;
/** A number is no wider than this, in character heights (a seven-digit amount with its point). */
const MAX_WIDTH = 6;
/** Pieces of one number stand closer than this, in character heights. */
const GAP = 0.6;
/** A piece longer than this many times its width is a rule's remnant (a 1 has its flag or foot). */
const BAR = 7;
/** Groups read at most on a page: a page of characters tesseract lost is not read this way. */
const MAX_GROUPS = 200;

/**
 * The page's tokens with the numbers the page reading left out added
 * (ORPHAN_CONF at most); the same array when there are none.
 */
export async function readOrphanNumbers(images: { gray: Gray; bin: Gray }, tokens: readonly Token[], charHeight: number, lanes: OcrLanes = new OcrLanes()): Promise<readonly Token[]> {
  const groups = orphanGroups(images.bin, tokens, charHeight);
  if (!groups.length) return tokens;
  const m = Math.max(3, Math.round(0.3 * charHeight));
  const lines = await inLanes(lanes, groups, (g) => readLine(glyphCrop(images.gray, images.bin, { x: g.x - m, y: g.y - m, w: g.w + 2 * m, h: g.h + 2 * m }, charHeight)));
  const found: Token[] = [];
  groups.forEach((box, i) => {
    const n = orphanNumber(lines[i]!);
    if (n) found.push({ ...n, box });
  });
  return found.length ? [...tokens, ...found] : tokens;
}

/**
 * What the second recognizer's reading of an orphan group gives: a plain
 * number (a lone 0 read as o counts) at ORPHAN_TAKEN or more, with the
 * confidence its token keeps; undefined for anything else, and for a
 * reading with a mark at either end (3. or 3、 is a row label's numbering,
 * which the page reading took as part of a garbled label).
 */
export function orphanNumber(line: PaddleLine): { text: string; conf: number } | undefined {
  const raw = line.text.normalize('NFKC').replace(/\s/g, '');
  if (!/^[0-9A-Za-z](?:.*[0-9A-Za-z])?$/.test(raw)) return undefined;
  const n = plainNumber(line);
  return n && n.conf >= ORPHAN_TAKEN ? { text: n.text, conf: n.conf >= ORPHAN_SURE ? ORPHAN_CONF : UNSURE_CONF } : undefined;
}

/** Groups of glyph pieces side by side that no token covers, sized like a number (page pixels). */
export function orphanGroups(bin: Gray, tokens: readonly Token[], charHeight: number): Box[] {
  const numbers = tokens.filter((t) => /^[0-9]+$/.test(t.text)).map((t) => t.box.h);
  const digit = numbers.length >= 5 ? median(numbers) : DIGIT_OF_CHAR * charHeight;
  const pieces: ComponentBox[] = [];
  forEachDarkComponent(bin, (_pixels, c) => {
    const w = c.x1 - c.x0 + 1,
      h = c.y1 - c.y0 + 1;
    if (isGlyphPiece(c, charHeight) && h <= MAX_PIECE * charHeight && h <= BAR * w && w <= BAR * h) pieces.push({ ...c });
  });
  // under a token, or beside a number on its line (a digit of a number the page read in part: 35 read as 5;
  // not beside a rule's remnant read as 一 or |, which stands next to a lost 0 as often as not)
  const covered = (c: ComponentBox) =>
    tokens.some((t) => {
      const reach = /[0-9]/.test(t.text) ? GAP * charHeight : 2;
      return c.x0 <= t.box.x + t.box.w + reach && c.x1 >= t.box.x - reach && c.y0 <= t.box.y + t.box.h + 2 && c.y1 >= t.box.y - 2;
    });
  const free = pieces.filter((c) => !covered(c)).sort((a, b) => a.x0 - b.x0);
  // side by side on one line: each piece joins the group it overlaps by half its height, within GAP
  const groups: ComponentBox[] = [];
  for (const c of free) {
    const g = groups.find((g) => c.x0 - g.x1 <= GAP * charHeight && Math.min(g.y1, c.y1) - Math.max(g.y0, c.y0) >= 0.5 * Math.min(g.y1 - g.y0, c.y1 - c.y0));
    if (g) Object.assign(g, { x1: Math.max(g.x1, c.x1), y0: Math.min(g.y0, c.y0), y1: Math.max(g.y1, c.y1) });
    else groups.push({ ...c });
  }
  const boxes = groups
    .map((g) => ({ x: g.x0, y: g.y0, w: g.x1 - g.x0 + 1, h: g.y1 - g.y0 + 1 }))
    .filter((b) => b.h >= HEIGHT.min * digit && b.h <= HEIGHT.max * digit && b.w >= 2 && b.w <= MAX_WIDTH * charHeight);
  return boxes.length <= MAX_GROUPS ? boxes : [];
}
