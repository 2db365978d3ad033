/**
 * Table ruling lines. On a binarized page a rule is a long run of dark
 * pixels; fed to tesseract it becomes `|`, `1` or `-` glued to the digits
 * next to it and breaks its line finding, so rules are erased from the OCR
 * image. Where they were is kept: the cell grid is the best evidence of
 * which column a number belongs to, and the crop box for re-reading a cell.
 */
import type { Box } from '../../src/core/layout.js';
import { boxSum, integral, thresholdByGrid, windowGrid } from './local-grid.js';
import type { Gray } from './raster.js';

/** One ruling line, in page pixels: a thin box. */
export interface RuleSegment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /**
   * The runs it was found from (row or column, from, to), so that a rule that
   * is not quite straight (a photographed page's perspective) is erased
   * along its own path, not as its whole bounding box.
   */
  runs?: { at: number; from: number; to: number }[];
}

export interface RuleGrid {
  horizontal: RuleSegment[];
  vertical: RuleSegment[];
}

interface Run {
  at: number; // row (horizontal) or column (vertical)
  from: number;
  to: number; // inclusive
}

/** Longest gap (px) a rule may have and still count as one (scan dropouts). */
const GAP = 3;

/** Runs of dark pixels along rows (or columns), bridging short gaps, at least minLen long. */
function findRuns(img: Gray, vertical: boolean, minLen: number): Run[] {
  // Columns are scanned as the rows of the transposed image: in memory order, several times faster.
  const { width: w, height: h, data } = vertical ? transpose(img) : img;
  const runs: Run[] = [];
  const smeared = new Uint8Array(w);
  for (let l = 0; l < h; l++) {
    // Vertical rules: a pixel counts when it or a neighbour across the line is dark, so a rule
    // leaning by a pixel every few dozen (a photographed page's perspective) still gives runs
    // long enough to be found. Not for horizontal ones: smeared, a line of CJK text (一, 二, 三)
    // would run together into a "rule" and be erased.
    const row = l * w;
    for (let a = 0; a < w; a++) {
      smeared[a] = data[row + a] === 0 || (vertical && ((l > 0 && data[row - w + a] === 0) || (l + 1 < h && data[row + w + a] === 0))) ? 1 : 0;
    }
    let start = -1,
      last = -1;
    for (let a = 0; a <= w; a++) {
      if (a < w && smeared[a]) {
        if (start < 0 || a - last > GAP + 1) {
          if (start >= 0 && last - start + 1 >= minLen) runs.push({ at: l, from: start, to: last });
          start = a;
        }
        last = a;
      }
    }
    if (start >= 0 && last - start + 1 >= minLen) runs.push({ at: l, from: start, to: last });
  }
  return runs;
}

function transpose(img: Gray): Gray {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  const B = 64;
  for (let by = 0; by < h; by += B) {
    for (let bx = 0; bx < w; bx += B) {
      const ye = Math.min(h, by + B),
        xe = Math.min(w, bx + B);
      for (let y = by; y < ye; y++) for (let x = bx; x < xe; x++) out[x * h + y] = data[y * w + x]!;
    }
  }
  return { width: h, height: w, data: out };
}

/**
 * A rule's path across a gap in it, as runs 8 px long: from just after
 * `last` (its last pixel before the gap) to just before `next` (its first
 * after), its line going from `atLast` to `atNext` across (a rule not quite
 * level). What is left of the rule there (dots, dashes) is erased with it.
 */
function gapRuns(last: number, next: number, atLast: number, atNext: number): Run[] {
  const runs: Run[] = [];
  for (let q = last + 1; q < next; q += 8) runs.push({ at: Math.round(atLast + ((atNext - atLast) * (q - last)) / (next - last)), from: q, to: Math.min(next - 1, q + 7) });
  return runs;
}

/** Group runs on neighbouring rows (columns) that overlap into segments. */
function groupRuns(runs: Run[], vertical: boolean): RuleSegment[] {
  const open: { at1: number; seg: RuleSegment }[] = [];
  const done: RuleSegment[] = [];
  for (const r of runs) {
    let joined = false;
    for (const o of open) {
      const s = o.seg;
      const from = vertical ? s.y0 : s.x0,
        to = vertical ? s.y1 : s.x1;
      if (r.at - o.at1 <= 2 && r.from <= to && r.to >= from) {
        if (vertical) {
          s.x1 = r.at;
          s.y0 = Math.min(s.y0, r.from);
          s.y1 = Math.max(s.y1, r.to);
        } else {
          s.y1 = r.at;
          s.x0 = Math.min(s.x0, r.from);
          s.x1 = Math.max(s.x1, r.to);
        }
        s.runs!.push(r);
        o.at1 = r.at;
        joined = true;
        break;
      }
    }
    if (!joined) {
      const seg: RuleSegment = vertical ? { x0: r.at, x1: r.at, y0: r.from, y1: r.to, runs: [r] } : { x0: r.from, x1: r.to, y0: r.at, y1: r.at, runs: [r] };
      open.push({ at1: r.at, seg });
    }
    for (let i = open.length - 1; i >= 0; i--) {
      if (r.at - open[i]!.at1 > 2) done.push(...open.splice(i, 1).map((o) => o.seg));
    }
  }
  done.push(...open.map((o) => o.seg));
  return mergeOverlapping(done, vertical);
}

/**
 * One rule can start as several pieces (a dropout, a stub, the two masks'
 * findings of it); join segments that overlap, until none do: a piece that
 * has grown by one join may now reach another.
 */
function mergeOverlapping(segs: RuleSegment[], vertical: boolean): RuleSegment[] {
  let out = segs;
  for (let n = Infinity; out.length < n;) {
    n = out.length;
    out = mergePass(out, vertical);
  }
  return out;
}

/** One pass of mergeOverlapping: each segment, in order, joins the first one kept that it overlaps. */
function mergePass(segs: RuleSegment[], vertical: boolean): RuleSegment[] {
  const out: RuleSegment[] = [];
  const key = (s: RuleSegment) => (vertical ? s.x0 : s.y0);
  for (const s of [...segs].sort((a, b) => key(a) - key(b))) {
    const m = out.find((o) =>
      vertical ? s.x0 <= o.x1 + 2 && s.x1 >= o.x0 - 2 && s.y0 <= o.y1 + GAP && s.y1 >= o.y0 - GAP : s.y0 <= o.y1 + 2 && s.y1 >= o.y0 - 2 && s.x0 <= o.x1 + GAP && s.x1 >= o.x0 - GAP,
    );
    if (m) {
      m.x0 = Math.min(m.x0, s.x0);
      m.x1 = Math.max(m.x1, s.x1);
      m.y0 = Math.min(m.y0, s.y0);
      m.y1 = Math.max(m.y1, s.y1);
      m.runs = [...(m.runs ?? []), ...(s.runs ?? [])];
    } else out.push({ ...s });
  }
  return out;
}

export interface RuleOptions {
  /** Minimum horizontal rule length in px (default: width / 12). */
  minHorizontal?: number;
  /** Minimum vertical rule length in px (default: width / 20; the width, because long images stitch pages). */
  minVertical?: number;
  /** Thicker than this (px) is a filled area, not a rule (default: width / 250). */
  maxThickness?: number;
  /** The page's integral (local-grid.ts `integral`), when the caller has it already: the binarizer needs it too. */
  sum?: Float64Array;
}

/**
 * Pixels clearly darker than their surroundings (local mean over a window,
 * minus `delta`). Thin ruling lines in a light scan are only a little darker
 * than paper (grey 190 on 250) and vanish from a text binarization, but
 * they stand out against the local mean; long runs of them are rules. `sum`:
 * the image's integral, when the caller has it.
 */
export function contrastMask(gray: Gray, sum = integral(gray), window = 41, delta = 25): Gray {
  const { width: w, height: h } = gray;
  const grid = windowGrid(w, h, window >> 1, (x0, y0, x1, y1) => boxSum(sum, w, x0, y0, x1, y1) / ((y1 - y0) * (x1 - x0)) - delta);
  return thresholdByGrid(gray, grid, false);
}

/** How much darker than the paper a few pixels above and below it a faint horizontal rule is (see ridgeMask). */
const RIDGE = 12;

/**
 * Pixels of a thin horizontal line: darker by RIDGE than the paper 3–4 px
 * above and 3–4 px below alike, each averaged over 3 px along the line. A
 * rule blurred in a photograph (grey 140 on paper 170) is too faint for the
 * window of contrastMask and drops out along most of its length; against
 * the paper right beside it, it stands clear over its whole length. Text
 * gives such pixels only for a stroke's width, never for a rule's length.
 */
export function ridgeMask(gray: Gray): Gray {
  const { width: w, height: h, data } = gray;
  const out = new Uint8Array(w * h).fill(255);
  // each pixel's sum with its neighbours left and right, once: every test below reads five of them
  const along = new Uint16Array(w * h);
  for (let i = 1; i < w * h - 1; i++) along[i] = data[i - 1]! + data[i]! + data[i + 1]!;
  for (let y = 4; y < h - 4; y++) {
    for (let x = 1, i = y * w + 1; x < w - 1; x++, i++) {
      const above = along[i - 3 * w]! + along[i - 4 * w]!,
        below = along[i + 3 * w]! + along[i + 4 * w]!;
      if (2 * along[i]! + 6 * RIDGE <= Math.min(above, below)) out[i] = 0;
    }
  }
  return { width: w, height: h, data: out };
}

/** Find the ruling lines of a page from its grey image (see contrastMask and ridgeMask). */
export function findRules(gray: Gray, opts: RuleOptions = {}): RuleGrid {
  const mask = contrastMask(gray, opts.sum);
  const minH = opts.minHorizontal ?? Math.max(40, Math.round(gray.width / 12));
  const minV = opts.minVertical ?? Math.max(30, Math.round(gray.width / 20));
  const maxT = opts.maxThickness ?? Math.max(4, Math.round(gray.width / 250));
  // Vertical runs are smeared by a pixel each side; a leaning rule is as thick as its drift (up to 2°).
  const thin = (s: RuleSegment, vertical: boolean) => (vertical ? s.x1 - s.x0 + 1 <= maxT + 2 + 0.035 * (s.y1 - s.y0) : s.y1 - s.y0 + 1 <= maxT);
  // Rules found against the local mean and faint ones found against the paper beside them, each kept
  // only where thin on its own (a fax's specks beside a rule make its ridge look thick), then joined.
  const found = (runs: Run[]) => groupRuns(runs, false).filter((s) => thin(s, false));
  // the mask's runs down to a dash's length, once: those of a rule's length are among them (a dash is shorter)
  const short = Math.min(gray.width, gray.height);
  const columnRuns = findRuns(mask, true, Math.min(minV, Math.round(short * STUB_MIN)));
  const verticalPieces = groupRuns(
    columnRuns.filter((r) => r.to - r.from + 1 >= minV),
    true,
  ).filter((s) => thin(s, true));
  const maskRuns = findRuns(mask, false, Math.min(minH, Math.round(short * DASH_MIN)));
  const solid = [...found(maskRuns.filter((r) => r.to - r.from + 1 >= minH)), ...found(findRuns(ridgeMask(gray), false, minH))];
  const dashes = found(maskRuns);
  // broken rules where no rule was found (a rule found whole is left as it was found)
  const dashed = dashedRules(dashes, verticalPieces, { minLen: minH, maxGap: Math.round(short * DASH_GAP) }).filter(
    (d) => !solid.some((s) => s.y0 <= d.y1 + 2 && s.y1 >= d.y0 - 2 && s.x0 <= d.x1 && s.x1 >= d.x0),
  );
  const bridged = bridgeGaps(gray, mergeOverlapping([...solid, ...dashed], false));
  const tolerance = Math.max(4, Math.round(gray.width / 300));
  const vertical = healDropouts(verticalPieces, bridged, true, tolerance);
  const horizontal = healDropouts(bridged, vertical, false, tolerance);
  const verticals = [...vertical, ...shortVerticals(mask, horizontal, vertical, minV, maxT)];
  const stubs = stubsInLine(
    groupRuns(columnRuns, true).filter((s) => thin(s, true) && standsAlone(mask, s, Math.max(4, Math.round(short / 400)))),
    verticals,
    horizontal,
  );
  return { horizontal, vertical: [...verticals, ...stubs] };
}

/**
 * Whether a vertical piece has paper on both sides along its length, from
 * 3 to `reach` px off (a row or two of ink allowed): a rule's stub in a
 * cell's margin does; a stroke of a character (府's left stroke under a
 * column's line) has the character's other strokes against it.
 */
function standsAlone(mask: Gray, s: RuleSegment, reach: number): boolean {
  const { width: w, data } = mask;
  let touched = 0;
  for (let y = s.y0; y <= s.y1; y++) {
    const row = y * w;
    for (let d = 3; d <= reach; d++) {
      const l = s.x0 - d,
        r = s.x1 + d;
      if ((l >= 0 && data[row + l] === 0) || (r < w && data[row + r] === 0)) {
        touched++;
        break;
      }
    }
  }
  return touched <= STUB_TOUCHED * (s.y1 - s.y0 + 1);
}

/** The share of a stub's length that may have ink beside it (specks). */
const STUB_TOUCHED = 0.1;

/** A stub of a vertical rule is at least this share of the page's short side (31 px at 300 dpi). */
const STUB_MIN = 1 / 80;

/**
 * What a fax's threshold left of a vertical rule in the rows where the rule
 * was not found: stubs a row tall, too short to be found as rules, standing
 * beside the values (a 0 read as 10). A stub in line (2 px) with a vertical
 * rule found elsewhere on the page, between the table's top and bottom rules
 * at that line and apart from the rule found, is that column's border too.
 * The caller keeps only stubs with paper on both sides (standsAlone): a
 * stroke of a label under a line a column's border runs along elsewhere
 * on the page has its character's other strokes against it.
 */
export function stubsInLine(stubs: RuleSegment[], vertical: RuleSegment[], horizontal: RuleSegment[]): RuleSegment[] {
  const mid = (s: RuleSegment) => (s.x0 + s.x1) / 2;
  return stubs.filter((p) => {
    const x = mid(p);
    const line = vertical.filter((v) => Math.abs(mid(v) - x) <= 2);
    if (line.length === 0 || line.some((v) => v.y0 <= p.y1 && v.y1 >= p.y0)) return false;
    const across = horizontal.filter((h) => h.x0 <= x && h.x1 >= x).map((h) => (h.y0 + h.y1) / 2);
    return across.length >= 2 && p.y0 >= Math.min(...across) - 2 && p.y1 <= Math.max(...across) + 2;
  });
}

/**
 * A dash of a broken rule is at least this share of the page's short side
 * (63 px at 300 dpi, 15 pt): longer than any stroke of table or body text.
 */
const DASH_MIN = 1 / 40;
/** Dashes of one rule are at most this share of the page's short side apart. */
const DASH_GAP = 1 / 6;
/** A broken rule is at least this many dashes... */
const MIN_DASHES = 3;
/** ...that cover this share of its length... */
const DASH_COVER = 0.2;

/**
 * Whether a broken rule at height y from x0 to x1 runs from a vertical rule
 * (`across`) to the table's right side: it begins a gap (`slack`) from one
 * at most, and ends in the last column, a gap from the rightmost vertical
 * rule level with it. The report's tables merge cells on their label side
 * only, so every rule between rows reaches the right side; a chain that
 * stops short lost its other dashes, and as a rule it would close cells
 * that are not (two rows' labels read as one cell). Nothing is taken when
 * the table's sides were not found either.
 */
function spansToTheRight(x0: number, x1: number, y: number, across: RuleSegment[], slack: number): boolean {
  const level = across.filter((v) => v.y0 <= y + 4 && v.y1 >= y - 4).map((v) => (v.x0 + v.x1) / 2);
  const right = Math.max(...level);
  const begins = level.some((v) => v <= x0 + slack && v >= x0 - slack);
  const reaches = right - x1 <= slack && !level.some((v) => v > x1 && v < right);
  return level.length >= 2 && begins && reaches && right > x0;
}

/**
 * Horizontal rules a fax's threshold left as dashes: a thin light rule
 * comes out as pieces a few characters long with longer gaps between them,
 * none of them a rule's least length, so none was found, no cell was closed,
 * and the rule's remains were read as 一 and - among the labels. `dashes`:
 * thin runs longer than any stroke of text (DASH_MIN). Dashes level with
 * each other (2 px), each at most `maxGap` from the next, are one rule when
 * they are MIN_DASHES or more, cover DASH_COVER of their extent, reach
 * `minLen` and run from a vertical rule found (`across`) to the table's
 * right side (spansToTheRight): a table's rule runs across its columns, a
 * large title's level strokes across nothing. The gaps are taken as part of the rule (erased with it).
 */
export function dashedRules(dashes: RuleSegment[], across: RuleSegment[], limits: { minLen: number; maxGap: number }): RuleSegment[] {
  const level = (s: RuleSegment) => (s.y0 + s.y1) / 2;
  const chains: RuleSegment[][] = [];
  for (const p of [...dashes].sort((a, b) => a.x0 - b.x0)) {
    const chain = chains.find((c) => {
      const last = c[c.length - 1]!;
      return Math.abs(level(last) - level(p)) <= 2 && p.x0 > last.x1 && p.x0 - last.x1 <= limits.maxGap;
    });
    if (chain) chain.push(p);
    else chains.push([p]);
  }
  const out: RuleSegment[] = [];
  for (const c of chains) {
    const x0 = c[0]!.x0,
      x1 = c[c.length - 1]!.x1,
      y = level(c[0]!);
    const covered = c.reduce((a, s) => a + s.x1 - s.x0 + 1, 0);
    if (c.length < MIN_DASHES || x1 - x0 + 1 < limits.minLen || covered < DASH_COVER * (x1 - x0 + 1) || !spansToTheRight(x0, x1, y, across, limits.maxGap)) continue;
    const runs = c.flatMap((s) => s.runs ?? []);
    // the gaps' path, so that what is left of the rule there (dots) is erased with it
    for (let i = 1; i < c.length; i++) {
      const a = c[i - 1]!,
        b = c[i]!;
      runs.push(...gapRuns(a.x1, b.x0, level(a), level(b)));
    }
    out.push({ x0, x1, y0: Math.min(...c.map((s) => s.y0)), y1: Math.max(...c.map((s) => s.y1)), runs });
  }
  return out;
}

/**
 * One rule broken where no line shows any more: a fax's threshold leaves a
 * thin rule as dashes, and a red seal removed over a table takes the rules
 * under it along. A ruled table's rule stops only where it meets a rule
 * across it (the border of a merged cell), so two pieces in line whose gap
 * begins or ends inside a cell, not at a rule across, are one rule. Without
 * it the cells along the gap are not closed, and their values are not read
 * as cells. Pieces with no rules across them on both sides of the gap (a
 * three-line table) are left as they are: nothing there says where a rule
 * may stop. `across`: the rules crossing these (vertical ones for
 * horizontal pieces); `tolerance`: how near (px) a rule across counts as
 * where a piece ends.
 */
export function healDropouts(segs: RuleSegment[], across: RuleSegment[], vertical: boolean, tolerance: number): RuleSegment[] {
  // for horizontal pieces: where they stand (y), and their extent (x); the other way round for vertical ones
  const at = (s: RuleSegment) => (vertical ? (s.x0 + s.x1) / 2 : (s.y0 + s.y1) / 2);
  const from = (s: RuleSegment) => (vertical ? s.y0 : s.x0);
  const to = (s: RuleSegment) => (vertical ? s.y1 : s.x1);
  const out = [...segs].sort((a, b) => from(a) - from(b));
  // where the rules across that reach position p stand along the pieces' extent
  const crossing = (p: number) =>
    across.filter((c) => (vertical ? c.x0 : c.y0) <= p + tolerance && (vertical ? c.x1 : c.y1) >= p - tolerance).map((c) => (vertical ? (c.y0 + c.y1) / 2 : (c.x0 + c.x1) / 2));
  const inLine = (a: RuleSegment, b: RuleSegment) => Math.abs(at(a) - at(b)) <= 3;
  for (let i = 0; i < out.length; i++) {
    for (;;) {
      const a = out[i]!;
      // the next piece along, in line with a
      const next = out.filter((b) => b !== a && from(b) > to(a) && inLine(a, b)).sort((b, c) => from(b) - from(c))[0];
      if (!next) break;
      const ps = crossing(at(a));
      const inGrid = ps.some((p) => p < to(a) - tolerance) && ps.some((p) => p > from(next) + tolerance);
      const atRule = (p: number) => ps.some((q) => Math.abs(q - p) <= tolerance);
      if (!inGrid || (atRule(to(a)) && atRule(from(next)))) break;
      // the gap's path, so that what is left of the rule there (dashes) is erased with it
      const runs = [...(a.runs ?? []), ...(next.runs ?? [])];
      const p0 = Math.round(at(a)),
        p1 = Math.round(at(next));
      runs.push(...gapRuns(to(a), from(next), p0, p1));
      out[i] = { x0: Math.min(a.x0, next.x0), x1: Math.max(a.x1, next.x1), y0: Math.min(a.y0, next.y0), y1: Math.max(a.y1, next.y1), runs };
      // (after a: the pieces stay in order of their start, and a join keeps a's)
      out.splice(out.indexOf(next), 1);
    }
  }
  return out;
}

/** Darker than the paper just above and below by this much, a column of a faint rule still shows. */
const LINE_CONTRAST = 20;
/** Share of a gap's columns that must show the line (a vertical rule crossing it does not). */
const GAP_COVERAGE = 0.8;

/**
 * One horizontal rule found in pieces at the same height: the contrast mask
 * compares a pixel with the mean of a 41-px window, and where text stands
 * close above or below a faint rule (grey 200 on paper 245) the mean drops
 * and the rule's run breaks off. A row of a table then has its rule on one
 * side of the page and not the other, and values between the same two
 * rules were bound to different rows (a 1 lost from its row). Two pieces at
 * the same height are joined where the grey image shows a thin line across
 * most of the gap: darker by LINE_CONTRAST than the paper 5–9 px above and
 * below. A rule that really stops (a merged cell between) shows nothing
 * there, and text is not a line across a whole gap.
 */
function bridgeGaps(gray: Gray, segs: RuleSegment[]): RuleSegment[] {
  const { width: w, height: h, data } = gray;
  const shows = (x: number, yc: number): boolean => {
    if (yc - 9 < 0 || yc + 9 >= h) return false;
    let line = 255;
    for (let y = yc - 2; y <= yc + 2; y++) line = Math.min(line, data[y * w + x]!);
    const around: number[] = [];
    for (let d = 5; d <= 9; d++) around.push(data[(yc - d) * w + x]!, data[(yc + d) * w + x]!);
    around.sort((a, b) => a - b);
    return around[around.length >> 1]! - line >= LINE_CONTRAST;
  };
  // the height of a piece at its end: its runs there (a rule not quite level)
  const heightAt = (s: RuleSegment, x: number): number => {
    const near = (s.runs ?? []).filter((r) => r.from <= x + 20 && r.to >= x - 20);
    return near.length ? near.reduce((a, r) => a + r.at, 0) / near.length : (s.y0 + s.y1) / 2;
  };
  const out = [...segs].sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < out.length; j++) {
      const a = out[i]!,
        b = out[j]!;
      if (i === j || b.x0 <= a.x1 + GAP) continue;
      const ya = heightAt(a, a.x1),
        yb = heightAt(b, b.x0);
      if (Math.abs(ya - yb) > 3) continue;
      // the nearest piece to the right at this height only
      if (out.some((c, k) => k !== i && k !== j && c.x0 > a.x1 && c.x0 < b.x0 && Math.abs(heightAt(c, c.x0) - ya) <= 3)) continue;
      let seen = 0;
      const gap = b.x0 - a.x1 - 1;
      for (let x = a.x1 + 1; x < b.x0; x++) if (shows(x, Math.round(ya + ((yb - ya) * (x - a.x1)) / (b.x0 - a.x1)))) seen++;
      if (seen < GAP_COVERAGE * gap) continue;
      const runs = [...(a.runs ?? []), ...(b.runs ?? [])];
      runs.push(...gapRuns(a.x1, b.x0, ya, yb));
      out[i] = { x0: Math.min(a.x0, b.x0), x1: Math.max(a.x1, b.x1), y0: Math.min(a.y0, b.y0), y1: Math.max(a.y1, b.y1), runs };
      out.splice(j, 1);
      if (j < i) i--;
      j = -1;
    }
  }
  return out;
}

/**
 * Vertical rules shorter than `minV` that run from one horizontal rule to
 * the next: the cell borders of a table row standing alone (table 四's value
 * row carried over to the next page). Too short for the long-run search, but
 * a column dark over the whole height between two rules is a border, not a
 * character (text keeps off the rules).
 */
function shortVerticals(mask: Gray, horizontal: RuleSegment[], vertical: RuleSegment[], minV: number, maxT: number): RuleSegment[] {
  const { width: w, height: h, data } = mask;
  const out: RuleSegment[] = [];
  const sorted = [...horizontal].sort((a, b) => a.y0 - b.y0);
  for (const a of sorted) {
    // the next rule below that shares some of a's extent
    const b = sorted.find((s) => s.y0 > a.y1 + 2 && s.x0 < a.x1 && s.x1 > a.x0);
    if (!b) continue;
    const top = a.y1 + 1,
      bottom = b.y0 - 1;
    const span = bottom - top + 1;
    if (span < 10 || span >= minV) continue;
    const x0 = Math.max(a.x0, b.x0),
      x1 = Math.min(a.x1, b.x1);
    let run: { from: number; to: number } | undefined;
    const flush = () => {
      if (run && run.to - run.from + 1 <= maxT + 2) {
        const covered = vertical.some((v) => v.x0 <= run!.to + 2 && v.x1 >= run!.from - 2 && v.y0 <= top + 2 && v.y1 >= bottom - 2);
        if (!covered) {
          const runs = [];
          for (let x = run.from; x <= run.to; x++) runs.push({ at: x, from: top - 1, to: bottom + 1 });
          out.push({ x0: run.from, x1: run.to, y0: top - 1, y1: bottom + 1, runs });
        }
      }
      run = undefined;
    };
    for (let x = Math.max(0, x0); x <= Math.min(w - 1, x1); x++) {
      let dark = 0;
      for (let y = top; y <= bottom && y < h; y++) {
        // a pixel or its neighbour across the line: a rule may lean by a pixel over a row
        const i = y * w + x;
        if (data[i] === 0 || (x > 0 && data[i - 1] === 0) || (x + 1 < w && data[i + 1] === 0)) dark++;
      }
      if (dark >= 0.92 * span) {
        if (run) run.to = x;
        else run = { from: x, to: x };
      } else flush();
    }
    flush();
  }
  return out;
}

/** Whiten the rules (grown by `halo` px) in a binary image, in place. */
export function eraseRules(bin: Gray, grid: RuleGrid, halo = 2): void {
  const { width: w, height: h, data } = bin;
  const fill = (x0: number, y0: number, x1: number, y1: number) => {
    x0 = Math.max(0, x0);
    x1 = Math.min(w - 1, x1);
    y0 = Math.max(0, y0);
    y1 = Math.min(h - 1, y1);
    for (let y = y0; y <= y1; y++) data.fill(255, y * w + x0, y * w + x1 + 1);
  };
  for (const s of grid.horizontal) {
    if (s.runs) for (const r of s.runs) fill(r.from - halo, r.at - halo, r.to + halo, r.at + halo);
    else fill(s.x0 - halo, s.y0 - halo, s.x1 + halo, s.y1 + halo);
  }
  for (const s of grid.vertical) {
    if (s.runs) for (const r of s.runs) fill(r.at - halo, r.from - halo, r.at + halo, r.to + halo);
    else fill(s.x0 - halo, s.y0 - halo, s.x1 + halo, s.y1 + halo);
  }
}

/**
 * The interior of the table cell around a point: between the nearest rules
 * on each side that pass the point, shrunk by `inset` px; above and below,
 * only rules within twice the box's height. Sides without a rule fall back
 * to the given box grown by `pad`.
 */
export function cellInterior(grid: RuleGrid, box: Box, inset = 4, pad = 6): Box {
  const cx = box.x + box.w / 2,
    cy = box.y + box.h / 2;
  let left = box.x - pad,
    right = box.x + box.w + pad,
    top = box.y - pad,
    bottom = box.y + box.h + pad;
  let bestL = -Infinity,
    bestR = Infinity,
    bestT = -Infinity,
    bestB = Infinity;
  for (const v of grid.vertical) {
    if (v.y0 > cy || v.y1 < cy) continue;
    if (v.x1 < cx && v.x1 > bestL && v.x1 <= box.x + 2) bestL = v.x1;
    if (v.x0 > cx && v.x0 < bestR && v.x0 >= box.x + box.w - 2) bestR = v.x0;
  }
  // a rule far above or below is not the cell's (a three-line table's rules bound the whole table)
  const reach = 2 * box.h + pad;
  for (const s of grid.horizontal) {
    if (s.x0 > cx || s.x1 < cx) continue;
    if (s.y1 < cy && s.y1 > bestT && s.y1 <= box.y + 2 && s.y1 >= box.y - reach) bestT = s.y1;
    if (s.y0 > cy && s.y0 < bestB && s.y0 >= box.y + box.h - 2 && s.y0 <= box.y + box.h + reach) bestB = s.y0;
  }
  if (Number.isFinite(bestL)) left = bestL + inset;
  if (Number.isFinite(bestR)) right = bestR - inset;
  if (Number.isFinite(bestT)) top = bestT + inset;
  if (Number.isFinite(bestB)) bottom = bestB - inset;
  return { x: left, y: top, w: Math.max(1, right - left), h: Math.max(1, bottom - top) };
}
