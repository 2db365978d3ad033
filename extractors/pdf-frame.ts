/**
 * The upright reading frame of a PDF page. pdf.js gives each text item's
 * matrix in PDF user space; the page may be displayed turned (/Rotate) and
 * its text drawn turned (a landscape table on a portrait page). The text
 * direction with the most characters decides how far to turn the displayed
 * page so that it reads left to right, top to bottom; every item's box is
 * then taken in that turned page (points, origin top-left, y down).
 */
import type { Box } from '../src/core/layout.js';

/** A PDF matrix [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f). */
export type Matrix = readonly number[];

/** Degrees clockwise. */
export type Turn = 0 | 90 | 180 | 270;

export interface FrameItem {
  str: string;
  transform: Matrix;
}

/** `outer` after `inner`: a point mapped by `inner`, then by `outer`. */
export function compose(outer: Matrix, inner: Matrix): number[] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = outer;
  const [p = 1, q = 0, r = 0, s = 1, t = 0, u = 0] = inner;
  return [a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f];
}

/** Clockwise angle, to the nearest quarter turn, of an item's baseline on a y-down page. */
export function baselineAngle(view: Matrix, item: Matrix): Turn {
  const [a = 1, b = 0] = compose(view, item);
  const quarter = Math.round(Math.atan2(b, a) / (Math.PI / 2));
  return ((((quarter % 4) + 4) % 4) * 90) as Turn;
}

/**
 * The clockwise turn of the displayed page (`view`: pdf.js's viewport
 * transform) after which most of its characters read upright. A few turned
 * items (a stamp, a vertical margin note) do not outweigh the body text.
 */
export function readingTurn(items: readonly FrameItem[], view: Matrix): Turn {
  const chars = new Map<Turn, number>();
  for (const it of items) {
    const n = it.str.replace(/\s+/g, '').length;
    if (n === 0) continue;
    const angle = baselineAngle(view, it.transform);
    chars.set(angle, (chars.get(angle) ?? 0) + n);
  }
  let best: Turn = 0;
  for (const [angle, n] of chars) if (n > (chars.get(best) ?? 0)) best = angle;
  return ((360 - best) % 360) as Turn;
}

/** Share of an item's glyph box above its baseline (the rest is the descent). */
const ASCENT = 0.85;

/**
 * The box of the stretch [from, to] (fractions of the item's advance) of an
 * item whose matrix in the reading frame is `m`, `width` long along its
 * baseline and `height` tall: the bounding box of its four corners, so an
 * item still turned in this frame gets a box that covers it.
 */
export function stretchBox(m: Matrix, width: number, height: number, from: number, to: number): Box {
  const [a = 1, b = 0, c = 0, d = -1, e = 0, f = 0] = m;
  const along = Math.hypot(a, b),
    across = Math.hypot(c, d);
  const [ux, uy] = along > 0 ? [a / along, b / along] : [1, 0];
  // the text's "up" (its matrix's second column), upward on the page for upright text
  const [vx, vy] = across > 0 ? [c / across, d / across] : [0, -1];
  const xs: number[] = [],
    ys: number[] = [];
  for (const t of [from * width, to * width]) {
    for (const s of [(ASCENT - 1) * height, ASCENT * height]) {
      xs.push(e + t * ux + s * vx);
      ys.push(f + t * uy + s * vy);
    }
  }
  const x = Math.min(...xs),
    y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}
