/**
 * tesseract words → Layout lines and tokens. With chi_sim every CJK
 * character is its own "word", so words are merged into tokens the size of
 * a label or a table cell: neighbours merge when the gap between them is
 * small, never across a ruling line, and never two numbers (tesseract saw a
 * space between them, so they are two cells or two values).
 */
import { boxUnion, makeLine, type Box, type Line, type Token } from '../../src/core/layout.js';
import type { OcrWord } from './engine.js';
import type { RuleGrid } from './rules.js';
import { median } from '../../src/core/stats.js';

export interface TokenOptions {
  /** Words further apart than this times the line's median character height are separate tokens (default 0.8). */
  gapFactor?: number;
  /** Shift applied to every box (a region read at an offset). */
  offsetX?: number;
  offsetY?: number;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const DIGITISH = /[0-9]/;

function wordBox(w: OcrWord, dx: number, dy: number): Box {
  return { x: w.x0 + dx, y: w.y0 + dy, w: w.x1 - w.x0, h: w.y1 - w.y0 };
}

/** True when a vertical rule runs between x0 and x1 at the height of the box. */
function ruleBetween(grid: RuleGrid | undefined, x0: number, x1: number, box: Box): boolean {
  if (!grid) return false;
  const cy = box.y + box.h / 2;
  return grid.vertical.some((v) => v.x0 >= x0 - 1 && v.x1 <= x1 + 1 && v.y0 <= cy && v.y1 >= cy);
}

function joinText(a: string, b: string): string {
  const last = a.slice(-1),
    first = b.charAt(0);
  return CJK.test(last) || CJK.test(first) ? a + b : `${a} ${b}`;
}

/**
 * Split a word where tesseract glued characters across a wide gap or a
 * ruling line: in narrow table columns `0 0 0 0` comes back as one word
 * `0000`, which would be one wrong number.
 */
export function splitWord(w: OcrWord, maxGap: number, grid?: RuleGrid): OcrWord[] {
  const syms = w.symbols ?? [];
  if (syms.length < 2 || syms.map((s) => s.text).join('') !== w.text) return [w];
  const pieces: OcrWord[] = [];
  let start = 0;
  const cut = (end: number) => {
    const part = syms.slice(start, end);
    pieces.push({
      text: part.map((s) => s.text).join(''),
      confidence: w.confidence,
      x0: Math.min(...part.map((s) => s.x0)),
      y0: Math.min(...part.map((s) => s.y0)),
      x1: Math.max(...part.map((s) => s.x1)),
      y1: Math.max(...part.map((s) => s.y1)),
      symbols: part,
    });
    start = end;
  };
  for (let i = 1; i < syms.length; i++) {
    const a = syms[i - 1]!,
      b = syms[i]!;
    const box = { x: a.x0, y: w.y0, w: b.x1 - a.x0, h: w.y1 - w.y0 };
    if (b.x0 - a.x1 > maxGap || ruleBetween(grid, a.x1, b.x0, box)) cut(i);
  }
  cut(syms.length);
  return pieces;
}

/** Merge one tesseract line's words into tokens. */
export function lineTokens(words: readonly OcrWord[], grid?: RuleGrid, opts: TokenOptions = {}): Token[] {
  const dx = opts.offsetX ?? 0,
    dy = opts.offsetY ?? 0;
  const charH = median(words.map((w) => w.y1 - w.y0)) || 1;
  const maxGap = (opts.gapFactor ?? 0.8) * charH;
  const sorted = words.flatMap((w) => splitWord(w, maxGap, grid)).sort((a, b) => a.x0 - b.x0);
  const tokens: Token[] = [];
  let cur: { text: string; boxes: Box[]; conf: number; x1: number } | undefined;
  const flush = () => {
    if (!cur) return;
    const text = cur.text.normalize('NFKC').trim();
    if (text) tokens.push({ text, box: boxUnion(cur.boxes), conf: Math.max(0, Math.min(1, cur.conf)) });
    cur = undefined;
  };
  for (const w of sorted) {
    const text = w.text.normalize('NFKC').trim();
    if (!text) continue;
    const box = wordBox(w, dx, dy);
    const conf = w.confidence / 100;
    if (cur) {
      const gap = box.x - cur.x1;
      const bothNumbers = DIGITISH.test(cur.text.slice(-1)) && DIGITISH.test(text.charAt(0));
      if (gap <= maxGap && !bothNumbers && !ruleBetween(grid, cur.x1, box.x, box)) {
        cur.text = joinText(cur.text, text);
        cur.boxes.push(box);
        cur.conf = Math.min(cur.conf, conf);
        cur.x1 = Math.max(cur.x1, box.x + box.w);
        continue;
      }
      flush();
    }
    cur = { text, boxes: [box], conf, x1: box.x + box.w };
  }
  flush();
  return tokens;
}

/**
 * Tokens from all tesseract lines, regrouped into visual lines: tesseract
 * sometimes splits one table row into several lines (a label cell, then the
 * numbers), which are one row on the page. Lines come top to bottom.
 */
export function wordsToLines(ocrLines: readonly OcrWord[][], grid?: RuleGrid, opts: TokenOptions = {}): Line[] {
  return groupIntoLines(
    ocrLines.flatMap((l) => lineTokens(l, grid, opts)),
    grid,
  );
}

/**
 * How far the table row through a point has drifted from level, in px, by
 * the nearest horizontal rule's own path: on a photographed page the rows
 * of a table are not level (perspective), and a number at the right of a
 * row sits several pixels above or below its label at the left. 0 away
 * from ruled tables.
 */
export function rowDrift(grid: RuleGrid | undefined): (x: number, y: number) => number {
  const paths = (grid?.horizontal ?? [])
    .filter((s) => s.runs && s.runs.length > 0 && s.x1 - s.x0 > 20)
    .map((s) => {
      const n = s.x1 - s.x0 + 1;
      const sum = new Float64Array(n),
        count = new Float64Array(n);
      for (const r of s.runs!) {
        for (let x = Math.max(s.x0, r.from); x <= Math.min(s.x1, r.to); x++) {
          sum[x - s.x0]! += r.at;
          count[x - s.x0]!++;
        }
      }
      // rule height at each x (gaps take the last height seen)
      const at = new Float64Array(n);
      let last = (s.y0 + s.y1) / 2;
      for (let i = 0; i < n; i++) at[i] = last = count[i]! > 0 ? sum[i]! / count[i]! : last;
      // the reference: the rule's height near its left end
      const ref = at.subarray(0, Math.min(n, 12)).reduce((a, b) => a + b, 0) / Math.min(n, 12);
      return { x0: s.x0, x1: s.x1, at, ref };
    });
  if (paths.length === 0) return () => 0;
  return (x, y) => {
    let best: (typeof paths)[number] | undefined,
      bestD = Infinity;
    for (const p of paths) {
      if (x < p.x0 || x > p.x1) continue;
      const d = Math.abs(p.at[Math.round(x) - p.x0]! - y);
      if (d < bestD) [best, bestD] = [p, d];
    }
    return best ? best.at[Math.round(x) - best.x0]! - best.ref : 0;
  };
}

/** The ruled band a point lies in: the nearest horizontal rules above and below it at its x. */
interface Band {
  top: number;
  bottom: number;
}

function bandAt(grid: RuleGrid | undefined, x: number, y: number): Band | undefined {
  let top = -Infinity,
    bottom = Infinity;
  for (const s of grid?.horizontal ?? []) {
    if (x < s.x0 || x > s.x1) continue;
    const at = (s.y0 + s.y1) / 2;
    if (at < y && at > top) top = at;
    if (at > y && at < bottom) bottom = at;
  }
  return Number.isFinite(top) && Number.isFinite(bottom) ? { top, bottom } : undefined;
}

/** Pieces of one rule seen at two places differ by a pixel or two of skew. */
const sameBand = (a: Band | undefined, b: Band | undefined) => !a || !b || (Math.abs(a.top - b.top) <= 6 && Math.abs(a.bottom - b.bottom) <= 6);

/**
 * Tokens into rows by their vertical centres (levelled by `rowDrift` where
 * the page has ruled tables): a token joins the nearest row
 * whose centre is within half a character height of its own, unless a token
 * of that row already occupies its columns. Centres, not overlap: a number
 * centred beside a two-line label must not drift to either label line, and
 * all the numbers of that table row must land in the same line. In a ruled
 * table a row never takes a token from between other rules: the piece of a
 * label spanning several rows (三、本年度办理结果) that happens to sit level
 * with a row is not that row's text.
 */
export function groupIntoLines(all: readonly Token[], grid?: RuleGrid): Line[] {
  const tokens = withoutSpecks(all);
  const drift = rowDrift(grid);
  const level = new Map<Token, number>(tokens.map((t) => [t, t.box.y + t.box.h / 2 - drift(t.box.x + t.box.w / 2, t.box.y + t.box.h / 2)]));
  const band = new Map<Token, Band | undefined>(tokens.map((t) => [t, bandAt(grid, t.box.x + t.box.w / 2, t.box.y + t.box.h / 2)]));
  const cy = (t: Token) => level.get(t)!;
  // Tokens several lines tall (a label cell's lines taken together) join the rows the others make.
  const lineH = median(tokens.map((t) => t.box.h));
  const tall = (t: Token) => t.box.h > 1.6 * lineH;
  const sorted = [...tokens].sort((a, b) => Number(tall(a)) - Number(tall(b)) || cy(a) - cy(b));
  const rows: { c: number; h: number; band: Band | undefined; tokens: Token[] }[] = [];
  for (const t of sorted) {
    let best: (typeof rows)[number] | undefined,
      bestD = Infinity;
    for (const r of tall(t) ? rows : rows.slice(-6)) {
      const d = Math.abs(cy(t) - r.c);
      // a tall token's text need not be centred in its cell: it joins a row within its middle
      const reach = tall(t) ? Math.max(0.5 * Math.min(t.box.h, r.h), 0.35 * t.box.h) : 0.5 * Math.min(t.box.h, r.h);
      if (d <= reach && d < bestD && sameBand(band.get(t), r.band) && !r.tokens.some((o) => xOverlap(o.box, t.box))) {
        best = r;
        bestD = d;
      }
    }
    if (best) {
      best.tokens.push(t);
      best.band ??= band.get(t);
    } else rows.push({ c: cy(t), h: t.box.h, band: band.get(t), tokens: [t] });
  }
  return joinValueRows(rows, cy)
    .map((r) => makeLine(r.tokens))
    .sort((a, b) => a.box.y - b.box.y);
}

/** A token that is a number, signed or not. */
const BARE_NUMBER = /^[+\-−]?\d[\d.,]*$/;

/** A "number" shorter than this share of the page's numbers is a speck OCR read as a digit (a rule's dot read as 3). */
const SPECK = 0.25;
/** Numbers a page needs before their height tells a speck. */
const SPECK_SAMPLE = 5;

/** The tokens without numbers a fraction of a digit's height: no digit is printed a quarter of the others' size. */
function withoutSpecks(tokens: readonly Token[]): readonly Token[] {
  const heights = tokens.filter((t) => BARE_NUMBER.test(t.text)).map((t) => t.box.h);
  if (heights.length < SPECK_SAMPLE) return tokens;
  const least = SPECK * median(heights);
  return tokens.filter((t) => t.box.h >= least || !BARE_NUMBER.test(t.text));
}
/** A token that can only be a cell's value: a number, or one mark (a digit misread as 了, the blank mark). */
const valueLike = (t: Token) => BARE_NUMBER.test(t.text) || [...t.text].length === 1;
const hasValue = (r: { tokens: Token[] }) => r.tokens.some((t) => BARE_NUMBER.test(t.text));
const valueRow = (r: { tokens: Token[] }) => r.tokens.every(valueLike) && hasValue(r);

/**
 * A row of bare values joins a row level with it, side by side, that has
 * values too: a fax or a thresholded scan drops pieces of the ruling lines,
 * so one table row's numbers stand between different rules (the rule under
 * 112 lost, the one under 40 kept) and the band test keeps them apart, and a
 * row read as two lines (40 6 21 195, then 112 9 7) has its values out of
 * order. A spanning label, which the band test is for, is words on a row of
 * its own: it has no values.
 */
function joinValueRows<R extends { c: number; h: number; tokens: Token[] }>(rows: R[], cy: (t: Token) => number): R[] {
  const out = [...rows].sort((a, b) => a.c - b.c);
  // where a row's numbers stand and how tall they are: a row's first token may be a rule's remnant (a 3 px ';'),
  // whose centre and height say nothing of the numbers beside it
  const numbers = (r: R) => {
    const ns = r.tokens.filter((t) => BARE_NUMBER.test(t.text));
    return { c: median(ns.map(cy)), h: median(ns.map((t) => t.box.h)) };
  };
  for (let i = 0; i < out.length; i++) {
    const a = out[i]!;
    // (once per row, and again when a row joins it)
    let na = hasValue(a) ? numbers(a) : undefined;
    for (let j = i + 1; na && j < out.length && out[j]!.c - a.c <= Math.max(a.h, out[j]!.h); j++) {
      const b = out[j]!;
      if (!hasValue(b) || !(valueRow(a) || valueRow(b))) continue;
      const nb = numbers(b);
      if (Math.abs(na.c - nb.c) > 0.5 * Math.min(na.h, nb.h)) continue;
      if (a.tokens.some((t) => b.tokens.some((o) => xOverlap(o.box, t.box)))) continue;
      a.tokens.push(...b.tokens);
      out.splice(j--, 1);
      na = numbers(a);
    }
  }
  return out;
}

function xOverlap(a: Box, b: Box): boolean {
  return Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 0.3 * Math.min(a.w, b.w);
}
