/**
 * Deskew. Scans come rotated by up to ±3°; tesseract's line finder and any
 * column/row alignment downstream assume horizontal lines. The angle is the
 * one whose horizontal projection profile is sharpest (text lines and table
 * rules collapse into tall, narrow peaks), searched on a downscaled
 * binarized copy, coarse then fine.
 */
import { otsuThreshold } from './binarize.js';
import { downscale, type Gray } from './raster.js';

export interface SkewEstimate {
  /** Degrees; lines in the image follow y = y0 + x·tan(angle) (y grows downward). */
  angle: number;
  /** Profile sharpness at the angle relative to 0° (rows × columns): near 1 means there was little to go on. */
  gain: number;
}

/** Dark pixels sampled: enough for a sharp profile, few enough that the ~50 angles tried stay cheap. */
const MAX_SAMPLES = 120_000;
/** Width the page is reduced to first: 0.01° over 700 px is a 0.12 px shift, still seen by the split bins. */
const WORK_WIDTH = 700;

export function estimateSkew(img: Gray, maxAngle = 4): SkewEstimate {
  // By width, not the longest side: a stitched tall image must keep its width.
  const factor = Math.max(1, Math.round(img.width / WORK_WIDTH));
  const small = downscale(img, factor);
  const t = otsuThreshold(small);
  const xs: number[] = [],
    ys: number[] = [];
  let dark = 0;
  for (const v of small.data) if (v <= t) dark++;
  const step = Math.max(1, Math.ceil(dark / MAX_SAMPLES));
  let k = 0;
  for (let y = 0; y < small.height; y++) {
    for (let x = 0; x < small.width; x++) {
      if (small.data[y * small.width + x]! <= t && k++ % step === 0) {
        xs.push(x - small.width / 2);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return { angle: 0, gain: 1 };
  // Two profiles: rows (text lines, horizontal rules) and columns (vertical rules, the aligned
  // edges of text and digits). A table page of tall ruled rows with faint horizontal rules and
  // short labels in a narrow column has almost no row profile to go by (0.5° off, within 1.5%
  // of the best): its dark vertical rules say the angle clearly.
  const rows = new Float64Array(small.height + small.width + 2);
  const cols = new Float64Array(small.height + small.width + 2);
  const offset = small.width / 2 + 1;
  const midY = small.height / 2;
  const add = (bins: Float64Array, at: number): void => {
    // split each sample between its two bins: a smoother profile, finer angles
    const lo = Math.floor(at),
      f = at - lo;
    bins[lo]! += 1 - f;
    bins[lo + 1]! += f;
  };
  const sumSquares = (bins: Float64Array): number => {
    let s = 0;
    for (const b of bins) s += b * b;
    return s;
  };
  // the joint search and the rows' own search visit the same coarse angles: each is measured once
  const measured = new Map<number, [number, number]>();
  const profiles = (deg: number): [number, number] => {
    const key = Math.round(deg * 1e6);
    const known = measured.get(key);
    if (known) return known;
    const tan = Math.tan((deg * Math.PI) / 180);
    rows.fill(0);
    cols.fill(0);
    for (let i = 0; i < xs.length; i++) {
      // lines follow y = y0 + x·tan; the rules across them x = x0 − y·tan
      add(rows, ys[i]! - xs[i]! * tan + offset);
      add(cols, xs[i]! + (ys[i]! - midY) * tan + offset + small.height / 2);
    }
    const both: [number, number] = [sumSquares(rows), sumSquares(cols)];
    measured.set(key, both);
    return both;
  };
  const [rows0, cols0] = profiles(0);
  // Each profile's sharpness relative to its own at 0°, multiplied: neither one's scale decides.
  const score = (deg: number): number => {
    const [r, c] = profiles(deg);
    return (r / rows0) * (c / cols0);
  };
  const rowScore = (deg: number): number => profiles(deg)[0] / rows0;
  // Coarse to fine (0.25°, 0.05°, 0.01°): the profile's peak is broad enough at each step not to be missed.
  const peak = (f: (deg: number) => number): { angle: number; score: number } => {
    let best = 0,
      bestScore = -1;
    for (const [step, span] of [
      [0.25, maxAngle],
      [0.05, 0.25],
      [0.01, 0.05],
    ] as const) {
      const centre = best;
      for (let i = -Math.round(span / step); i <= Math.round(span / step); i++) {
        const a = centre + i * step;
        if (Math.abs(a) > maxAngle + 1e-9) continue;
        const s = f(a);
        if (s > bestScore) [best, bestScore] = [a, s];
      }
    }
    return { angle: best, score: bestScore };
  };
  const both = peak(score);
  // The rows (the lines OCR reads along) are the finer measure where they say the angle at all: when
  // the rows alone peak close to where both do, their angle is taken; far from it, they were flat.
  const rowsAlone = peak(rowScore);
  const angle = Math.abs(rowsAlone.angle - both.angle) <= ROWS_AGREE ? rowsAlone.angle : both.angle;
  return { angle: Math.round(angle * 100) / 100, gain: score(angle) };
}

/** How near (degrees) the rows' own best angle must be to the joint one to be taken. */
const ROWS_AGREE = 0.25;

/**
 * Rotate so that lines of slope tan(angle) become horizontal, about the
 * centre, keeping the size; uncovered corners are white. Bilinear sampling.
 */
export function rotateGray(img: Gray, angle: number): Gray {
  if (angle === 0) return img;
  const { width: w, height: h, data: src } = img;
  const rad = (angle * Math.PI) / 180;
  const cos = Math.cos(rad),
    sin = Math.sin(rad);
  const cx = (w - 1) / 2,
    cy = (h - 1) / 2;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      const sx = cx + dx * cos - dy * sin;
      const sy = cy + dx * sin + dy * cos;
      const x0 = Math.floor(sx),
        y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[y * w + x] = 255;
        continue;
      }
      const fx = sx - x0,
        fy = sy - y0;
      const i = y0 * w + x0;
      const top = src[i]! + (src[i + 1]! - src[i]!) * fx;
      const bottom = src[i + w]! + (src[i + w + 1]! - src[i + w]!) * fx;
      out[y * w + x] = top + (bottom - top) * fy;
    }
  }
  return { width: w, height: h, data: out };
}
