/**
 * A document's own digits. A report prints its few hundred digits in one
 * face, at one size and one scan quality: a fax's 5 looks like every other
 * 5 of the same fax far more than like any 5 a recognizer was trained on.
 * The numbers the identities confirm are labelled examples: their cells are
 * cut into glyphs, one per digit, and each doubtful cell's glyphs are named
 * after the examples they most resemble. A glyph resembling no example
 * closely, or two digits about as closely, names nothing, and the cell
 * gets no reading from here.
 *
 * A glyph is compared by its shape at a fixed size: its grey pixels (the
 * page's binary decides which pieces are glyphs, as for the cell pass),
 * scaled so that the document's digit height becomes SIDE px, centred in a
 * SIDE × SIDE square, and normalised (mean 0, length 1), so that two glyphs
 * resemble each other by the cosine of their vectors.
 */
import type { Box } from '../../src/core/layout.js';
import { forEachDarkComponent, isGlyphPiece } from './binarize.js';
import { crop, type Gray } from './raster.js';

/** The side of the square a glyph is compared in (px). */
const SIDE = 20;
/** Least resemblance (cosine) to name a glyph after an example. */
const LEAST = 0.8;
/** The best digit must resemble the glyph by this much more than any other digit. */
const MARGIN = 0.04;

export interface Glyph {
  box: Box;
  vector: Float32Array;
}

/**
 * The glyphs of one cell, left to right: the binary's glyph pieces (isGlyphPiece
 * of `digitHeight`), pieces overlapping in x joined (a broken 0,
 * a 5's flag), each glyph's grey pixels as a vector.
 */
export function cellGlyphs(gray: Gray, bin: Gray, region: Box, digitHeight: number): Glyph[] {
  const x0 = Math.max(0, Math.floor(region.x)),
    y0 = Math.max(0, Math.floor(region.y));
  const b = crop(bin, x0, y0, region.w, region.h);
  const spans: { x0: number; x1: number; y0: number; y1: number }[] = [];
  forEachDarkComponent(b, (_p, c) => {
    if (isGlyphPiece(c, digitHeight)) spans.push({ ...c });
  });
  spans.sort((a, c) => a.x0 - c.x0);
  const joined: typeof spans = [];
  for (const s of spans) {
    const last = joined[joined.length - 1];
    // overlapping by more than a pixel or two across: one glyph
    if (last && s.x0 <= last.x1 - 1) {
      last.x1 = Math.max(last.x1, s.x1);
      last.y0 = Math.min(last.y0, s.y0);
      last.y1 = Math.max(last.y1, s.y1);
    } else joined.push({ ...s });
  }
  return joined.map((s) => {
    const box = { x: x0 + s.x0, y: y0 + s.y0, w: s.x1 - s.x0 + 1, h: s.y1 - s.y0 + 1 };
    return { box, vector: shapeVector(gray, box, digitHeight) };
  });
}

/** The glyph's grey pixels scaled by SIDE / digitHeight, centred in a SIDE-px square, normalised. */
function shapeVector(gray: Gray, box: Box, digitHeight: number): Float32Array {
  const k = SIDE / digitHeight;
  const v = new Float32Array(SIDE * SIDE);
  const cx = box.x + box.w / 2,
    cy = box.y + box.h / 2;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const sx = cx + (x + 0.5 - SIDE / 2) / k,
        sy = cy + (y + 0.5 - SIDE / 2) / k;
      // outside the glyph's own box is paper (a neighbour's stroke is not its shape)
      if (sx < box.x - 0.5 || sx > box.x + box.w - 0.5 || sy < box.y - 0.5 || sy > box.y + box.h - 0.5) continue;
      const ix = Math.min(gray.width - 1, Math.max(0, Math.round(sx))),
        iy = Math.min(gray.height - 1, Math.max(0, Math.round(sy)));
      v[y * SIDE + x] = 255 - gray.data[iy * gray.width + ix]!;
    }
  }
  let mean = 0;
  for (const a of v) mean += a;
  mean /= v.length;
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i]! -= mean;
    norm += v[i]! * v[i]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** One example: a cell's glyphs and the number the identities confirm it holds. */
export interface DigitExample {
  glyphs: Glyph[];
  text: string;
}

/** The digits of one document, learned from its confirmed cells. */
export class DigitModel {
  readonly #byDigit = new Map<string, Float32Array[]>();

  /** Examples whose glyphs do not number their digits (two digits touching, a speck taken in) teach nothing. */
  constructor(examples: readonly DigitExample[]) {
    for (const e of examples) {
      if (!/^[0-9]+$/.test(e.text) || e.glyphs.length !== e.text.length) continue;
      e.glyphs.forEach((g, i) => {
        const d = e.text[i]!;
        const vs = this.#byDigit.get(d);
        if (vs) vs.push(g.vector);
        else this.#byDigit.set(d, [g.vector]);
      });
    }
  }

  /** How many digits (0–9) have examples. */
  get digits(): number {
    return this.#byDigit.size;
  }

  /**
   * The cell's number, each glyph named after the digit whose examples it
   * resembles most, with the least margin as its confidence (0..1); undefined
   * when a glyph resembles no example closely enough, or two digits alike.
   */
  read(glyphs: readonly Glyph[]): { text: string; conf: number } | undefined {
    if (!glyphs.length || this.#byDigit.size < 2) return undefined;
    let text = '';
    let conf = 1;
    for (const g of glyphs) {
      const scores = [...this.#byDigit].map(([d, vs]) => ({ d, s: Math.max(...vs.map((v) => cosine(v, g.vector))) })).sort((a, b) => b.s - a.s);
      const [best, next] = [scores[0]!, scores[1]!];
      if (best.s < LEAST || best.s - next.s < MARGIN) return undefined;
      text += best.d;
      conf = Math.min(conf, Math.min(1, (best.s - next.s) / (4 * MARGIN)) * best.s);
    }
    return { text, conf };
  }
}
