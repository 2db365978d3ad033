/**
 * A photographed page: the sheet lies on a darker surface, seen at an
 * angle, so its rectangle is a quadrilateral and every ruling line leans by
 * a different amount. Deskew turns the page as a whole and cannot undo
 * that; a table's rows drift across it and its cells never close. The
 * sheet's own edge against the surface is the clearest straight line in
 * such a picture (far more so than a table's faint outer rule, which blur
 * breaks into dashes), so its four sides are found and the sheet is mapped
 * back onto a rectangle. A scan, whose paper fills the picture, has no such
 * edge and is left as it is.
 */
import { otsuThreshold } from './binarize.js';
import { downscale, type Gray } from './raster.js';

export interface Point {
  x: number;
  y: number;
}

/** The sheet's corners in image pixels. */
export interface Quad {
  topLeft: Point;
  topRight: Point;
  bottomRight: Point;
  bottomLeft: Point;
}

/** Width the picture is reduced to for finding the sheet: its edge is long and straight, detail is not needed. */
const WORK_WIDTH = 500;
/** The sheet must cover at least this share of the picture (else what was found is not the page). */
const LEAST_AREA = 0.35;
/** And leave at least this share to the surface: a scan's paper fills its picture. */
const LEAST_SURFACE = 0.03;
/** The surface must be this much darker than the sheet (grey levels) to call its boundary an edge. */
const LEAST_CONTRAST = 40;
/** A side's points may stray this far (work pixels, median) from its line: a torn or curled edge is not a line. */
const MOST_RESIDUAL = 1.5;
/** Below this lean (the largest corner shift from a rectangle, as a share of the side) warping would only blur. */
const LEAST_DISTORTION = 0.004;

/**
 * The sheet's quadrilateral, when the picture shows a light sheet on a darker
 * surface with four straight edges; undefined for anything else (a scan, a
 * page cut off by the frame, a sheet on white).
 */
export function findSheet(gray: Gray): Quad | undefined {
  const factor = Math.max(1, Math.floor(gray.width / WORK_WIDTH));
  const small = downscale(gray, factor);
  const { width: w, height: h, data } = small;
  const t = otsuThreshold(small);
  const sheet = largestLightComponent(small, t);
  if (!sheet || sheet.area < LEAST_AREA * w * h || sheet.area > (1 - LEAST_SURFACE) * w * h) return undefined;
  // Contrast: the surface (dark pixels outside the sheet) against the sheet's paper.
  let paper = 0,
    papers = 0,
    surface = 0,
    surfaces = 0;
  for (let i = 0; i < data.length; i++) {
    if (sheet.mask[i]) {
      if (data[i]! > t) ((paper += data[i]!), papers++);
    } else ((surface += data[i]!), surfaces++);
  }
  if (!surfaces || !papers || paper / papers - surface / surfaces < LEAST_CONTRAST) return undefined;

  // Each side's edge points: per row the first and last sheet pixel, per column the same.
  const inSheet = (x: number, y: number) => sheet.mask[y * w + x] === 1;
  const [left, right] = edgePoints(
    sheet.y0,
    sheet.y1,
    w,
    (y, x) => inSheet(x, y),
    (y, x) => ({ x, y }),
  );
  const [top, bottom] = edgePoints(
    sheet.x0,
    sheet.x1,
    h,
    (x, y) => inSheet(x, y),
    (x, y) => ({ x, y }),
  );
  const l = fitSide(left, true, sheet.y1 - sheet.y0),
    r = fitSide(right, true, sheet.y1 - sheet.y0),
    tp = fitSide(top, false, sheet.x1 - sheet.x0),
    bt = fitSide(bottom, false, sheet.x1 - sheet.x0);
  if (!l || !r || !tp || !bt) return undefined;
  const corner = (v: Line, hz: Line): Point => {
    // v: x = a·y + b; hz: y = a·x + b
    const y = (hz.a * v.b + hz.b) / (1 - hz.a * v.a);
    return { x: (v.a * y + v.b + 0.5) * factor, y: (y + 0.5) * factor };
  };
  const quad: Quad = { topLeft: corner(l, tp), topRight: corner(r, tp), bottomRight: corner(r, bt), bottomLeft: corner(l, bt) };
  const inside = (p: Point) => p.x >= -0.02 * gray.width && p.y >= -0.02 * gray.height && p.x <= 1.02 * gray.width && p.y <= 1.02 * gray.height;
  if (!Object.values(quad).every(inside)) return undefined;
  return distortion(quad) >= LEAST_DISTORTION ? quad : undefined;
}

/**
 * For each line `at` from `from` to `to` (rows, or columns), the first and
 * last of its `length` pixels inside the sheet, as points. An edge on the
 * picture's border is the frame, not the sheet, and is left out.
 */
function edgePoints(from: number, to: number, length: number, inside: (at: number, i: number) => boolean, point: (at: number, i: number) => Point): [Point[], Point[]] {
  const first: Point[] = [],
    last: Point[] = [];
  for (let at = from; at <= to; at++) {
    let a = -1,
      b = -1;
    for (let i = 0; i < length; i++)
      if (inside(at, i)) {
        if (a < 0) a = i;
        b = i;
      }
    if (a > 0) first.push(point(at, a));
    if (b >= 0 && b < length - 1) last.push(point(at, b));
  }
  return [first, last];
}

/** A side as a line: x = a·y + b for the left and right sides, y = a·x + b for the top and bottom. */
interface Line {
  a: number;
  b: number;
}

/**
 * The straight line through a side's edge points (least squares, twice: the
 * second time without the points more than 2 px off the first line, a
 * shadow or a dog-ear). None when too few points or the edge is not straight.
 */
function fitSide(points: Point[], vertical: boolean, span: number): Line | undefined {
  const along = (p: Point) => (vertical ? p.y : p.x),
    across = (p: Point) => (vertical ? p.x : p.y);
  const from = points.reduce((m, p) => Math.min(m, along(p)), Infinity),
    to = points.reduce((m, p) => Math.max(m, along(p)), -Infinity);
  const middle = points.filter((p) => along(p) >= from + 0.1 * (to - from) && along(p) <= to - 0.1 * (to - from));
  if (middle.length < 0.5 * span) return undefined;
  const fit = (ps: Point[]): Line => {
    const n = ps.length;
    let su = 0,
      sv = 0,
      suu = 0,
      suv = 0;
    for (const p of ps) {
      const u = along(p),
        v = across(p);
      su += u;
      sv += v;
      suu += u * u;
      suv += u * v;
    }
    const a = (n * suv - su * sv) / (n * suu - su * su || 1);
    return { a, b: (sv - a * su) / n };
  };
  const off = (line: Line, p: Point) => Math.abs(across(p) - (line.a * along(p) + line.b));
  const first = fit(middle);
  const kept = middle.filter((p) => off(first, p) <= 2);
  if (kept.length < 0.6 * middle.length) return undefined;
  const line = fit(kept);
  const residuals = kept.map((p) => off(line, p)).sort((a, b) => a - b);
  return residuals[residuals.length >> 1]! <= MOST_RESIDUAL ? line : undefined;
}

/** How far the quad is from an upright rectangle: its largest corner shift, as a share of its mean side. */
function distortion(q: Quad): number {
  const side = (Math.hypot(q.topRight.x - q.topLeft.x, q.topRight.y - q.topLeft.y) + Math.hypot(q.bottomLeft.x - q.topLeft.x, q.bottomLeft.y - q.topLeft.y)) / 2;
  const shifts = [q.topLeft.x - q.bottomLeft.x, q.topRight.x - q.bottomRight.x, q.topLeft.y - q.topRight.y, q.bottomLeft.y - q.bottomRight.y];
  return Math.max(...shifts.map(Math.abs)) / side;
}

/** The largest 4-connected component of pixels lighter than `t`, as a mask, its area and bounds. */
function largestLightComponent(img: Gray, t: number): { mask: Uint8Array; area: number; x0: number; y0: number; x1: number; y1: number } | undefined {
  const { width: w, height: h, data } = img;
  const label = new Int32Array(w * h);
  const stack: number[] = [];
  let best = { id: 0, area: 0, x0: 0, y0: 0, x1: 0, y1: 0 };
  let id = 0;
  for (let s = 0; s < data.length; s++) {
    if (label[s] || data[s]! <= t) continue;
    id++;
    let area = 0,
      x0 = w,
      y0 = h,
      x1 = 0,
      y1 = 0;
    label[s] = id;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w,
        y = (i - x) / w;
      area++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const visit = (j: number) => {
        if (!label[j] && data[j]! > t) {
          label[j] = id;
          stack.push(j);
        }
      };
      if (x > 0) visit(i - 1);
      if (x + 1 < w) visit(i + 1);
      if (y > 0) visit(i - w);
      if (y + 1 < h) visit(i + w);
    }
    if (area > best.area) best = { id, area, x0, y0, x1, y1 };
  }
  if (!best.id) return undefined;
  // The sheet is the component and every hole in it (its print): all but what the surface reaches.
  const outside = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) for (const y of [0, h - 1]) if (label[y * w + x] !== best.id && !outside[y * w + x]) flood(x, y);
  for (let y = 0; y < h; y++) for (const x of [0, w - 1]) if (label[y * w + x] !== best.id && !outside[y * w + x]) flood(x, y);
  function flood(x: number, y: number): void {
    outside[y * w + x] = 1;
    stack.push(y * w + x);
    while (stack.length) {
      const i = stack.pop()!;
      const px = i % w,
        py = (i - px) / w;
      const visit = (j: number) => {
        if (!outside[j] && label[j] !== best.id) {
          outside[j] = 1;
          stack.push(j);
        }
      };
      if (px > 0) visit(i - 1);
      if (px + 1 < w) visit(i + 1);
      if (py > 0) visit(i - w);
      if (py + 1 < h) visit(i + w);
    }
  }
  const mask = new Uint8Array(w * h);
  let area = 0;
  for (let i = 0; i < mask.length; i++) if (!outside[i]) ((mask[i] = 1), area++);
  return { mask, area, x0: best.x0, y0: best.y0, x1: best.x1, y1: best.y1 };
}

/**
 * The sheet mapped onto an upright rectangle as wide as its longer top or
 * bottom side and as tall as its longer left or right side (so no part is
 * shrunk), sampled bilinearly.
 */
export function unwarp(gray: Gray, q: Quad): Gray {
  const w = Math.round(Math.max(Math.hypot(q.topRight.x - q.topLeft.x, q.topRight.y - q.topLeft.y), Math.hypot(q.bottomRight.x - q.bottomLeft.x, q.bottomRight.y - q.bottomLeft.y)));
  const h = Math.round(Math.max(Math.hypot(q.bottomLeft.x - q.topLeft.x, q.bottomLeft.y - q.topLeft.y), Math.hypot(q.bottomRight.x - q.topRight.x, q.bottomRight.y - q.topRight.y)));
  const m = homography(
    [
      { x: 0, y: 0 },
      { x: w, y: 0 },
      { x: w, y: h },
      { x: 0, y: h },
    ],
    [q.topLeft, q.topRight, q.bottomRight, q.bottomLeft],
  );
  const { width: sw, height: sh, data: src } = gray;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const v = y + 0.5;
    for (let x = 0; x < w; x++) {
      const u = x + 0.5;
      const d = m[6]! * u + m[7]! * v + 1;
      const sx = Math.min(sw - 1, Math.max(0, (m[0]! * u + m[1]! * v + m[2]!) / d - 0.5));
      const sy = Math.min(sh - 1, Math.max(0, (m[3]! * u + m[4]! * v + m[5]!) / d - 0.5));
      const x0 = Math.floor(sx),
        y0 = Math.floor(sy);
      const x1 = Math.min(sw - 1, x0 + 1),
        y1 = Math.min(sh - 1, y0 + 1);
      const fx = sx - x0,
        fy = sy - y0;
      const a = src[y0 * sw + x0]!,
        b = src[y0 * sw + x1]!,
        c = src[y1 * sw + x0]!,
        e = src[y1 * sw + x1]!;
      data[y * w + x] = (a + (b - a) * fx) * (1 - fy) + (c + (e - c) * fx) * fy;
    }
  }
  return { width: w, height: h, data };
}

/**
 * The projective map taking each `from` point to its `to` point, as the
 * eight numbers h0…h7 of (x, y) → ((h0·x + h1·y + h2) / d, (h3·x + h4·y + h5) / d), d = h6·x + h7·y + 1.
 */
export function homography(from: Point[], to: Point[]): number[] {
  const rows: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i]!,
      { x: u, y: v } = to[i]!;
    rows.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    rows.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gaussian elimination with partial pivoting on the 8×9 augmented matrix
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(rows[r]![c]!) > Math.abs(rows[p]![c]!)) p = r;
    [rows[c], rows[p]] = [rows[p]!, rows[c]!];
    const pivot = rows[c]![c]!;
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = rows[r]![c]! / pivot;
      for (let k = c; k < 9; k++) rows[r]![k]! -= f * rows[c]![k]!;
    }
  }
  return rows.map((r, i) => r[8]! / r[i]!);
}
