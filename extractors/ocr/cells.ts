/**
 * The cell pass. Page-level OCR reads table rows as text lines, and a lone
 * digit in a narrow cell suffers: next to a two-line label its baseline is
 * wrong and `0` comes back as `。`, or it is dropped as noise, or glued to
 * its neighbour. Every closed cell of the ruled grid whose tokens are
 * missing, doubtful or not clean is read again on its own (single line),
 * and its tokens are replaced by that reading.
 */
import { boxUnion, type Box, type Line, type Token } from '../../src/core/layout.js';
import { recognize, type EngineOptions, type OcrWord } from './engine.js';
import { forEachDarkComponent, isGlyphPiece, type ComponentBox } from './binarize.js';
import { cellImage, isDashMark, markShape, scaleFor, type CellImage } from './cell-image.js';
import { crop, encodePgm, histogram, histogramRank, upscale, type Gray } from './raster.js';
import type { RuleGrid, RuleSegment } from './rules.js';
import { groupIntoLines } from './tokens.js';
import { asDigits, tiledReading } from './tiled.js';
import { mergeCellText, rereadLabelCells } from './label-cells.js';
import { CLEAN_NUMBER, HAS_CJK, center, inside } from './cell-text.js';
import { inLanes, inOrderAhead, OcrLanes } from './lanes.js';
import { labelOf, plainNumber, readLine, wordsOf, type PaddleLine } from './paddle.js';

/** Glyphs further apart than this (in character heights) are not one value (glyphGroups). */
const SPLIT_GAP = 2;
/** Cells whose tokens all reach this confidence and look clean are left alone. */
const TRUSTED = 0.9;
const DIGITS_WHITELIST = '0123456789./-';
const ODD = /[。,,、:;'"|`~_()\[\]{}!?]/;

/** Interiors of the closed cells of a ruled grid: a rule on all four sides. */
export function gridCells(rules: RuleGrid, inset = 3): Box[] {
  const ys = dedupe(rules.horizontal.map((s) => (s.y0 + s.y1) / 2));
  const cells: Box[] = [];
  for (let i = 0; i + 1 < ys.length; i++) {
    const top = ys[i]!,
      bottom = ys[i + 1]!;
    const mid = (top + bottom) / 2;
    const xs = dedupe(rules.vertical.filter((v) => v.y0 <= mid && v.y1 >= mid).map((v) => (v.x0 + v.x1) / 2));
    for (let j = 0; j + 1 < xs.length; j++) {
      const left = xs[j]!,
        right = xs[j + 1]!;
      // A rule may be broken (fax dropouts, a seal removed over it): most of the side is enough.
      const covered = (y: number) => rules.horizontal.filter((s) => Math.abs((s.y0 + s.y1) / 2 - y) <= 3).reduce((n, s) => n + Math.max(0, Math.min(s.x1, right) - Math.max(s.x0, left)), 0);
      if (covered(top) < 0.6 * (right - left) || covered(bottom) < 0.6 * (right - left)) continue;
      const b = { x: left + inset, y: top + inset, w: right - left - 2 * inset, h: bottom - top - 2 * inset };
      if (b.w > 4 && b.h > 4) cells.push(b);
    }
  }
  return cells;
}

function padded(img: Gray, pad: number): Gray {
  return crop(img, 0, 0, img.width, img.height, pad);
}

function clip(b: Box, to: Box): Box {
  const x0 = Math.max(b.x, to.x),
    y0 = Math.max(b.y, to.y);
  const x1 = Math.min(b.x + b.w, to.x + to.w),
    y1 = Math.min(b.y + b.h, to.y + to.h);
  return { x: x0, y: y0, w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
}

function dedupe(vals: number[]): number[] {
  const out: number[] = [];
  for (const v of [...vals].sort((a, b) => a - b)) if (!out.length || v - out[out.length - 1]! > 6) out.push(v);
  return out;
}

/**
 * The bounding box of the ink inside a region of a binary image, if any.
 * Components smaller than `minArea` pixels are left out: on a fax a few
 * specks around a number would make its cell look like two lines of text.
 */
export function inkBox(bin: Gray, r: Box, minArea = 0): Box | undefined {
  const xa = Math.max(0, Math.floor(r.x)),
    ya = Math.max(0, Math.floor(r.y));
  const region = crop(bin, r.x, r.y, r.w, r.h);
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  forEachDarkComponent(region, (pixels, c) => {
    if (pixels.length < minArea) return;
    x0 = Math.min(x0, c.x0 + xa);
    y0 = Math.min(y0, c.y0 + ya);
    x1 = Math.max(x1, c.x1 + xa);
    y1 = Math.max(y1, c.y1 + ya);
  });
  return x1 < 0 ? undefined : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/**
 * The ink of the glyphs in a region: its glyph pieces (isGlyphPiece: a
 * digit, a piece of a broken one, a minus, a slash), and what lies in their
 * band (a decimal point). A fax's specks,
 * small both ways, are left out wherever they lie: taken in, a speck a
 * row above a lone 0 makes its cell look like two lines of text, and the
 * cell is not read again.
 */
export function glyphInkBox(bin: Gray, r: Box, charHeight: number): Box | undefined {
  return inkOfPieces(glyphPieces(bin, r, charHeight), r, charHeight);
}

/** glyphInkBox from a region's pieces (glyphPieces), for a caller that needs them for more. */
function inkOfPieces({ parts, small }: { parts: ComponentBox[]; small: ComponentBox[] }, r: Box, charHeight: number): Box | undefined {
  const xa = Math.max(0, Math.floor(r.x)),
    ya = Math.max(0, Math.floor(r.y));
  if (!parts.length) return undefined;
  const band = { y0: Math.min(...parts.map((c) => c.y0)), y1: Math.max(...parts.map((c) => c.y1)), x0: Math.min(...parts.map((c) => c.x0)), x1: Math.max(...parts.map((c) => c.x1)) };
  const reach = 0.5 * charHeight;
  const kept = parts.concat(small.filter((c) => c.y0 >= band.y0 && c.y1 <= band.y1 && c.x1 >= band.x0 - reach && c.x0 <= band.x1 + reach));
  const x0 = Math.min(...kept.map((c) => c.x0)),
    y0 = Math.min(...kept.map((c) => c.y0));
  return { x: x0 + xa, y: y0 + ya, w: Math.max(...kept.map((c) => c.x1)) - x0 + 1, h: Math.max(...kept.map((c) => c.y1)) - y0 + 1 };
}

/** The dark components of a region (in its own pixels): glyph pieces (isGlyphPiece), and the smaller ones. */
function glyphPieces(bin: Gray, r: Box, charHeight: number): { parts: ComponentBox[]; small: ComponentBox[] } {
  const parts: ComponentBox[] = [];
  const small: ComponentBox[] = [];
  forEachDarkComponent(crop(bin, r.x, r.y, r.w, r.h), (_pixels, c) => {
    (isGlyphPiece(c, charHeight) ? parts : small).push({ ...c });
  });
  return { parts, small };
}

/**
 * The glyphs of a region in groups side by side, each group's glyphs no
 * further apart than SPLIT_GAP character heights: their extents, in page x,
 * left to right. A number is one group; two values in one "cell" (a rule
 * between them lost: a fax's dashes) are two.
 */
function glyphGroups(bin: Gray, r: Box, charHeight: number): { x0: number; x1: number }[] {
  return groupsOfPieces(glyphPieces(bin, r, charHeight).parts, r, charHeight);
}

/** glyphGroups from a region's glyph pieces (glyphPieces' parts). */
function groupsOfPieces(parts: ComponentBox[], r: Box, charHeight: number): { x0: number; x1: number }[] {
  const xa = Math.max(0, Math.floor(r.x));
  const groups: { x0: number; x1: number }[] = [];
  for (const c of [...parts].sort((a, b) => a.x0 - b.x0)) {
    const last = groups[groups.length - 1];
    if (last && c.x0 + xa - last.x1 - 1 <= SPLIT_GAP * charHeight) last.x1 = Math.max(last.x1, c.x1 + xa);
    else groups.push({ x0: c.x0 + xa, x1: c.x1 + xa });
  }
  return groups;
}

/** Whether a region's glyphs stand in more than one group (glyphGroups): two columns' values read as one cell (1 and 0 as 10). */
export function holdsSeveralValues(bin: Gray, r: Box, charHeight: number): boolean {
  return glyphGroups(bin, r, charHeight).length > 1;
}

/**
 * A region narrowed, side to side, to the group of glyphs (glyphGroups) that
 * `box` stands on (the one nearest its middle), up to halfway to the next
 * group on each side; the region as it is when it holds one group or none.
 * A cell read again where a lost rule left two columns' values in one
 * interior: `4` and `18` came back as 418.
 */
export function aroundGlyphsOf(bin: Gray, r: Box, box: Box, charHeight: number): Box {
  const groups = glyphGroups(bin, r, charHeight);
  if (groups.length < 2) return r;
  const mid = box.x + box.w / 2;
  const distance = (g: { x0: number; x1: number }) => (mid < g.x0 ? g.x0 - mid : mid > g.x1 ? mid - g.x1 : 0);
  const i = groups.reduce((best, g, k) => (distance(g) < distance(groups[best]!) ? k : best), 0);
  const left = i > 0 ? (groups[i - 1]!.x1 + groups[i]!.x0) / 2 : r.x;
  const right = i + 1 < groups.length ? (groups[i]!.x1 + groups[i + 1]!.x0) / 2 : r.x + r.w;
  return { x: left, y: r.y, w: right - left, h: r.h };
}

/**
 * The grey crop of `region` with everything but the glyphs whitened: the
 * glyphs' pieces and what lies in their band (as glyphInkBox takes them) keep
 * their grey, grown by a pixel for the strokes' soft edges; specks, the
 * remains of a rule and a seal's ghost become paper. What the second
 * recognizer reads: it takes a fax's speck beside a 128 for a comma or a
 * dash (`124,一`).
 */
export function glyphCrop(gray: Gray, bin: Gray, region: Box, charHeight: number): Gray {
  const x0 = Math.max(0, Math.floor(region.x)),
    y0 = Math.max(0, Math.floor(region.y));
  const g = crop(gray, x0, y0, region.w, region.h);
  const b = crop(bin, x0, y0, region.w, region.h);
  const keep = new Uint8Array(g.width * g.height);
  const pieces: { pixels: number[]; box: ComponentBox }[] = [];
  forEachDarkComponent(b, (pixels, box) => pieces.push({ pixels: [...pixels], box: { ...box } }));
  const parts = pieces.filter((p) => isGlyphPiece(p.box, charHeight));
  if (parts.length) {
    const top = Math.min(...parts.map((p) => p.box.y0)),
      bottom = Math.max(...parts.map((p) => p.box.y1));
    const left = Math.min(...parts.map((p) => p.box.x0)) - 0.5 * charHeight,
      right = Math.max(...parts.map((p) => p.box.x1)) + 0.5 * charHeight;
    for (const p of pieces) {
      const c = p.box;
      if (!parts.includes(p) && !(c.y0 >= top && c.y1 <= bottom && c.x1 >= left && c.x0 <= right)) continue;
      for (const i of p.pixels) {
        const x = i % g.width,
          y = (i - x) / g.width;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx,
              yy = y + dy;
            if (xx >= 0 && yy >= 0 && xx < g.width && yy < g.height) keep[yy * g.width + xx] = 1;
          }
      }
    }
  }
  // paper: the crop's light grey (its 90th percentile), so the model sees no hard white edge
  const paper = percentile(g.data, 0.9);
  const data = new Uint8Array(g.data.length);
  for (let i = 0; i < data.length; i++) data[i] = keep[i] ? Math.min(g.data[i]!, paper) : paper;
  return { width: g.width, height: g.height, data };
}

/**
 * The value at `share` of the way through the sorted pixels (index ⌊share·(n − 1)⌋), 255 for none:
 * counted in a histogram, since every doubtful cell needs one and a sort of its crop costs n log n.
 */
function percentile(data: Uint8Array, share: number): number {
  return data.length ? histogramRank(histogram(data), Math.floor(share * (data.length - 1))) : 255;
}

function intersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function trusted(tokens: Token[], numericColumn: boolean): boolean {
  return tokens.length > 0 && tokens.every((t) => (t.conf ?? 0) >= TRUSTED && !ODD.test(t.text) && (CLEAN_NUMBER.test(t.text) || (!numericColumn && HAS_CJK.test(t.text) && !/[0-9]/.test(t.text))));
}

/**
 * The part of a value cell to read: its ink and a margin, kept inside the
 * cell (the grey image still has its rules). A minus sign is too small to
 * count as the cell's ink (glyphInkBox) and sits a gap before the digits: where
 * a flat piece stands at the digits' mid height within 0.8 of a character
 * left of the ink, the crop reaches over it. Elsewhere the margin stays
 * 5 px: a thin lone 0 at the right of a crop with a wide blank left came
 * back as a sure 4 (0.91, both readings alike).
 */
export function valueRegion(bin: Gray, cell: Box, ink: Box, charHeight: number): Box {
  const inner = { x: cell.x + 2, y: cell.y + 2, w: cell.w - 4, h: cell.h - 4 };
  const reach = Math.max(5, Math.round(0.8 * Math.min(ink.h, charHeight)));
  const left = reach > 5 && minusBefore(bin, clip({ x: ink.x - reach, y: ink.y, w: reach, h: ink.h }, inner), ink) ? reach : 5;
  return clip({ x: ink.x - left, y: ink.y - 5, w: ink.w + left + 5, h: ink.h + 10 }, inner);
}

/** Whether the binary page holds a flat piece (a minus) in `area`, centred in the middle half of the ink's height. */
function minusBefore(bin: Gray, area: Box, ink: Box): boolean {
  if (area.x >= ink.x) return false;
  const x = Math.floor(area.x),
    y = Math.floor(area.y);
  const region = crop(bin, x, y, Math.min(area.w, ink.x - x), area.h);
  let found = false;
  forEachDarkComponent(region, (_pixels, c) => {
    const w = c.x1 - c.x0 + 1,
      h = c.y1 - c.y0 + 1;
    const mid = y + (c.y0 + c.y1) / 2;
    if (w >= 2 * h && w >= 3 && mid >= ink.y + 0.25 * ink.h && mid <= ink.y + 0.75 * ink.h) found = true;
  });
  return found;
}

/** Column key of a cell: its left and right rule positions. */
const columnOf = (b: Box) => `${Math.round(b.x / 8)}:${Math.round((b.x + b.w) / 8)}`;
/** Row key of a cell: its vertical centre. */
const rowOf = (b: Box) => Math.round((b.y + b.h / 2) / 12);

interface CellReading {
  words: OcrWord[];
  text: string;
  conf: number;
}

async function readCell(img: Gray, whitelist: string, dpi: number, opts: EngineOptions): Promise<CellReading> {
  const r = await recognize(encodePgm(img), { psm: '7', whitelist, dpi, timeoutMs: 30_000 }, opts);
  const words = r.lines.flat();
  const text = words
    .map((w) => w.text.normalize('NFKC'))
    .join(' ')
    .trim();
  const conf = words.length ? Math.min(...words.map((w) => w.confidence)) / 100 : 0;
  return { words, text, conf };
}

/** Of a column's (or a row's) cells that read as something, how many read as a number. */
export interface Votes {
  numbers: number;
  all: number;
}

/**
 * Which columns and rows of the grid hold numbers. A column where most
 * cells read as numbers is a value column: a "label" there is a misread
 * digit. Likewise a row of numbers (table 四 has one value row, so its
 * columns hold one value each): a short "label" among them is a misread
 * digit too (7 as 了, 0 as O). A cell counts as a number where the page read
 * one (or a digit's lookalike, O or 工), or the second recognizer did
 * (`seconds`): on a fax the page reads most of a column's numbers as
 * garble (站, 心:), and voted on its garble alone the column was taken for
 * labels. A cell the page read nothing in does not vote: the second
 * recognizer says what the page's garble was, not what a column holds
 * (counted, a photographed table's letter labels made a column of numbers).
 */
export function numberVotes(cells: readonly Box[], tokens: readonly Token[], seconds: ReadonlyMap<Box, PaddleLine>): { columns: Map<string, Votes>; rows: Map<number, Votes> } {
  const columns = new Map<string, Votes>();
  const rows = new Map<number, Votes>();
  const count = <K>(map: Map<K, Votes>, key: K, isNumber: boolean) => {
    const v = map.get(key) ?? { numbers: 0, all: 0 };
    v.all++;
    if (isNumber) v.numbers++;
    map.set(key, v);
  };
  for (const cell of cells) {
    const texts = tokens.filter((t) => inside(cell, center(t.box))).map((t) => t.text);
    if (texts.length === 0) continue;
    const second = seconds.get(cell);
    const isNumber = texts.every((x) => CLEAN_NUMBER.test(x) || CLEAN_NUMBER.test(asDigits(x))) || (second !== undefined && plainNumber(second) !== undefined);
    count(columns, columnOf(cell), isNumber);
    count(rows, rowOf(cell), isNumber);
  }
  return { columns, rows };
}

/**
 * Re-read doubtful single-line cells and put their readings in place of the
 * page-level tokens. Returns the new lines (tokens regrouped into rows) and
 * how many cells were re-read.
 */
export async function refineCells(
  images: { bin: Gray; gray: Gray; dpi?: number },
  rules: RuleGrid,
  lines: Line[],
  charHeight: number,
  opts: EngineOptions = {},
): Promise<{ lines: Line[]; reread: number }> {
  const { bin, gray } = images;
  let tokens = lines.flatMap((l) => l.tokens);
  let reread = 0;
  const grid = gridCells(rules);
  const cells = grid
    .map((cell) => {
      const pieces = glyphPieces(bin, cell, charHeight);
      return { cell, ink: inkOfPieces(pieces, cell, charHeight), groups: groupsOfPieces(pieces.parts, cell, charHeight).length };
    })
    // Empty cells, cells holding more than one line of text (labels), and cells whose glyphs stand in two
    // groups far apart (two columns' values, the rule between them lost) stay as the page read them.
    .filter((c): c is { cell: Box; ink: Box; groups: number } => !!c.ink && c.ink.h <= 1.7 * charHeight && c.ink.w * c.ink.h >= 20 && c.groups <= 1);
  // The cell's tokens: centred in it, or covering its ink (a garbled token can straddle two cells).
  const inCellOf = ({ cell, ink }: { cell: Box; ink: Box }) => tokens.filter((t) => inside(cell, center(t.box)) || intersection(t.box, ink) >= 0.3 * ink.w * ink.h);
  // The second recognizer's reading of every cell the page did not read cleanly, made once, before the
  // votes (numberVotes) that it takes part in; readOneCell uses it too.
  const seconds = new Map<Box, PaddleLine>();
  const doubtful = cells.filter((c) => !trusted(inCellOf(c), false));
  const readings = await inLanes(opts.lanes ?? new OcrLanes(), doubtful, ({ cell, ink }) => readLine(glyphCrop(gray, bin, valueRegion(bin, cell, ink, charHeight), charHeight)));
  doubtful.forEach(({ cell }, i) => seconds.set(cell, readings[i]!));
  const { columns: votes, rows: rowVotes } = numberVotes(
    cells.map((c) => c.cell),
    tokens,
    seconds,
  );
  // Cells are read ahead in parallel when lanes allow, and committed in order (see inOrderAhead).
  const context: CellContext = { images, charHeight, votes, rowVotes, opts, seconds };
  await inOrderAhead(opts.lanes ?? new OcrLanes(), cells, {
    inputOf: inCellOf,
    same: (a, b) => a.length === b.length && a.every((t, i) => t === b[i]),
    work: (c, inCell) => readOneCell(context, c.cell, c.ink, inCell),
    commit: (_c, _inCell, edit) => {
      if (!edit) return;
      tokens = edit(tokens);
      reread++;
    },
  });
  // Lone 1s and 7s outside any closed cell (a broken grid, a borderless table): the same shape check.
  const inCells = (t: Token) => cells.some(({ cell }) => inside(cell, center(t.box)));
  tokens = tokens.map((t) => {
    if ((t.text !== '1' && t.text !== '7') || inCells(t)) return t;
    const m = Math.max(3, Math.round(0.2 * charHeight));
    const region = { x: t.box.x - m, y: t.box.y - m, w: t.box.w + 2 * m, h: t.box.h + 2 * m };
    if (markShape(cellImage(gray, region, scaleFor(t.box.h), charHeight).img) !== 'slash') return t;
    reread++;
    return { ...t, text: '/', conf: Math.min(t.conf ?? 1, 0.7) };
  });
  const labels = await rereadLabelCells(images, grid, tokens, charHeight, opts);
  reread += labels.reread;
  tokens = mergeCellText(labels.tokens, grid, charHeight, gray.width);
  return { lines: groupIntoLines(tokens, rules), reread };
}

/** Below this the second recognizer's reading does not stand against tesseract's. */
const SECOND_SURE = 0.8;
/** From this the second recognizer's reading is taken (doubtful) without tesseract's. */
const SECOND_ALONE = 0.95;

/**
 * Tesseract's reading of a cell weighed against the second recognizer's
 * number there. `first`: tesseract's text, the number taken from it (if
 * any) and its confidence. Returns the number to take (if any), its
 * confidence and the most it may keep (cap).
 */
export function withSecondReading(
  first: { text: string; number: string | undefined; conf: number },
  second: { text: string; conf: number },
  numericColumn: boolean,
): { digitsText: string | undefined; conf: number; cap: number } {
  const text = first.text.replace(/\s/g, '');
  if (text === second.text) {
    // two recognizers that err differently agree: trusted when both are sure
    const conf = second.conf >= TRUSTED && first.conf >= 0.5 ? TRUSTED : Math.max(Math.min(first.conf, 0.7), Math.min(second.conf, 0.85));
    return { digitsText: second.text, conf, cap: conf };
  }
  // They differ: the second recognizer reads small and noisy digits better (paddle.ts); doubtful either way.
  if (second.conf >= SECOND_SURE) return { digitsText: second.text, conf: Math.min(second.conf, 0.6), cap: 0.7 };
  // In a column of numbers tesseract read no number at all (a fax's 0 as 心: or a lone dot): the second
  // recognizer's number, unsure, is the only reading of one; doubtful, for the identities to judge.
  if (numericColumn && first.number === undefined && !CLEAN_NUMBER.test(text)) return { digitsText: second.text, conf: Math.min(second.conf, 0.5), cap: 0.7 };
  return { digitsText: first.number, conf: Math.min(first.conf, 0.5), cap: 0.7 };
}

interface CellContext {
  images: { bin: Gray; gray: Gray; dpi?: number };
  charHeight: number;
  votes: ReadonlyMap<string, Votes>;
  rowVotes: ReadonlyMap<number, Votes>;
  opts: EngineOptions;
  /** The second recognizer's readings made before the votes, by cell. */
  seconds: ReadonlyMap<Box, PaddleLine>;
}

/**
 * Read one closed cell again, given the page's tokens in it. Returns how the
 * page's tokens change (the cell's tokens replaced by its reading), or
 * undefined when they stay as they are.
 */
async function readOneCell({ images, charHeight, votes, rowVotes, opts, seconds }: CellContext, cell: Box, ink: Box, inCell: Token[]): Promise<((tokens: Token[]) => Token[]) | undefined> {
  const { bin, gray } = images;
  const vote = votes.get(columnOf(cell)) ?? { numbers: 0, all: 0 };
  const rowVote = rowVotes.get(rowOf(cell)) ?? { numbers: 0, all: 0 };
  const numericColumn =
    (vote.numbers >= 2 && vote.numbers >= 0.5 * vote.all) ||
    // only narrow ink: the row's label cell is long text
    (rowVote.numbers >= 3 && rowVote.numbers >= 0.6 * rowVote.all && ink.w <= 2.5 * charHeight);
  // What the page read there, when that is a number.
  const pageNumber = inCell.length > 0 && inCell.every((t) => CLEAN_NUMBER.test(t.text)) ? inCell.map((t) => t.text).join('') : undefined;
  // The same with digit lookalikes mapped (the page's O for 0).
  const pageDigits = inCell.length > 0 && /^[0-9]+$/.test(asDigits(inCell.map((t) => t.text).join(''))) ? asDigits(inCell.map((t) => t.text).join('')) : undefined;
  const region = valueRegion(bin, cell, ink, charHeight);
  const scale = scaleFor(Math.min(ink.h, charHeight));
  // built when first needed, then kept: the dash check, the shape check and the readings use the same crop
  let cached: CellImage | undefined;
  const image = () => (cached ??= cellImage(gray, region, scale, charHeight));
  // A cell holding only a flat bar is the blank mark, whatever the page read there (nothing, 一, or a sure 1):
  // no label of the forms is a lone bar, and a column of blanks gives no votes to say it holds values.
  if (ink.h <= Math.max(2, charHeight / 3) && isDashMark(image().img, charHeight * scale)) {
    // as tall as a character about the bar, so it joins the row of the values beside it
    const box = { x: ink.x, y: ink.y + ink.h / 2 - charHeight / 2, w: ink.w, h: charHeight };
    const token = { text: '—', box, conf: 0.8 };
    return (tokens) => tokens.filter((t) => !inCell.includes(t)).concat(token);
  }
  if (trusted(inCell, numericColumn)) {
    // Even a confident lone 1 or 7 may be the blank mark `/`: its shape says (no OCR needed).
    const only = inCell.length === 1 ? inCell[0]! : undefined;
    if (only && (only.text === '1' || only.text === '7') && markShape(image().img) === 'slash') {
      return (tokens) => tokens.map((t) => (t === only ? { ...t, text: '/', conf: 0.7 } : t));
    }
    return undefined;
  }
  const ci = image();
  if (ci.blank) return undefined;
  // the second recognizer's reading of the grey crop, when it is a plain number
  const line = seconds.get(cell) ?? (await readLine(glyphCrop(gray, bin, region, charHeight)));
  const second = plainNumber(line);
  // Sure, or agreeing with what the page read, it is taken without tesseract's three to five readings of the cell.
  if (second && (second.text === pageDigits || second.conf >= SECOND_ALONE) && !(second.text.length === 1 && '17'.includes(second.text) && markShape(ci.img) === 'slash')) {
    const agreed = second.text === pageDigits;
    const conf = agreed ? (second.conf >= TRUSTED ? TRUSTED : Math.min(0.85, Math.max(second.conf, ...inCell.map((t) => t.conf ?? 0)))) : Math.min(second.conf, 0.7);
    const token = { text: second.text, box: ink, conf };
    return (tokens) => tokens.filter((t) => !inCell.includes(t)).concat(token);
  }
  // Words on both readings, the page's and the second recognizer's (wordsOf): a label or a header, whose text the
  // second recognizer reads better than tesseract does; tesseract's readings of the cell would only cost time.
  const words = second ? undefined : wordsOf(line);
  if (words && HAS_CJK.test(inCell.map((t) => t.text).join(''))) {
    return (tokens) => tokens.filter((t) => !inCell.includes(t)).concat({ text: words.text, box: ink, conf: words.conf });
  }
  const dpi = (images.dpi ?? 300) * ci.scale;
  const free = await readCell(ci.text, '', dpi, opts);
  let chosen = free;
  let conf = free.conf;
  let digitsText: string | undefined;
  // A single CJK character in a narrow cell is a misread digit, not a label (labels are words).
  const glyphs = inkBox(ci.img, { x: 0, y: 0, w: ci.img.width, h: ci.img.height });
  const lone = [...free.text.replace(/\s/g, '')].length === 1 && HAS_CJK.test(free.text) && (glyphs?.w ?? Infinity) <= 1.2 * charHeight * ci.scale;
  if (numericColumn || lone || !HAS_CJK.test(free.text)) {
    // A number (or a mark): the digits-only reading must agree with the free one to keep its confidence.
    let digits = await readCell(ci.img, DIGITS_WHITELIST, dpi, opts);
    // Nothing at all: the page's binary (thresholded locally), enlarged the same, sometimes keeps a stroke Otsu lost.
    const binCrop = crop(bin, region.x, region.y, region.w, region.h);
    if (!digits.text && binCrop.data.includes(0)) digits = await readCell(padded(upscale(binCrop, ci.scale), ci.pad), DIGITS_WHITELIST, dpi, opts);
    const same = digits.text.replace(/\s/g, '') === free.text.replace(/\s/g, '');
    const lookalike = !same && digits.text !== '' && asDigits(free.text) === digits.text.replace(/\s/g, '');
    if (digits.text && (same || lookalike)) {
      chosen = digits;
      // A lookalike (工 for 1) is the digit in a serif font, but say it is less sure.
      conf = same ? Math.max(free.conf, digits.conf) : Math.min(digits.conf, 0.85);
      // Two readings of one crop at one size are not independent: at table sizes tesseract reads a clear 0
      // as 6, or 11 as 1, both ways alike and fairly sure (0.78). An unsure short number is read again as
      // three copies on one line; where the copies all read another number (or the page did too), that is taken,
      // doubtful, for the identities to judge; where they read something else again, the reading stays, doubtful.
      const text = digits.text.replace(/\s/g, '');
      // (Not where the page read more than digits, as a sign: -1 read alone comes back 1, as copies 11.)
      if (conf < TRUSTED && /^[0-9]{1,3}$/.test(text) && (inCell.length === 0 || pageDigits !== undefined)) {
        const tiled = await tiledReading(ci.img, Math.round(charHeight * ci.scale), dpi, opts);
        if (tiled && tiled.text !== text) {
          if (/^[0-9]+$/.test(tiled.text) && (tiled.agree === tiled.copies || tiled.text === pageDigits)) digitsText = tiled.text;
          conf = Math.min(conf, 0.5);
        }
      }
    } else if (pageNumber !== undefined && [digits.text.replace(/\s/g, ''), asDigits(free.text)].includes(pageNumber)) {
      // One cell reading found nothing or a lookalike, the other agrees with the page's: two readings say it.
      digitsText = pageNumber;
      conf = 0.7;
    } else {
      // The readings disagree, or one found nothing (a lone 0 in line mode): three copies on one line
      // read it again; what they agree on stands if another reading (the page's too) saw it, else doubtful.
      const tiled = await tiledReading(ci.img, Math.round(charHeight * ci.scale), dpi, opts);
      const seen = [digits.text.replace(/\s/g, ''), asDigits(free.text), pageNumber ?? ''].filter((t) => t !== '');
      if (tiled && seen.includes(tiled.text)) {
        digitsText = tiled.text;
        conf = 0.7;
      } else if (tiled && (numericColumn || lone)) {
        digitsText = tiled.text;
        conf = 0.5;
      } else {
        if (digits.text && (numericColumn || lone || digits.conf > free.conf)) chosen = digits;
        conf = Math.min(chosen.conf, 0.5);
        // The digits reading found nothing where the free one saw a digit's lookalike (a serif 1 as 工): the digit, doubtful.
        if (!digits.text && (numericColumn || lone) && free.text && /^[0-9]+$/.test(asDigits(free.text))) digitsText = asDigits(free.text);
      }
    }
  }
  // Most confidence a reading of tesseract's alone keeps here: the identities are to confirm it.
  let cap = 0.7;
  if (second) ({ digitsText, conf, cap } = withSecondReading({ text: digitsText ?? chosen.text, number: digitsText, conf }, second, numericColumn));
  if (!chosen.text && digitsText === undefined) return undefined;
  // A number column's cell the page read as a number is not replaced by a reading that is not one.
  if (numericColumn && pageNumber !== undefined && digitsText === undefined && !CLEAN_NUMBER.test(chosen.text.replace(/\s/g, ''))) return undefined;
  // A lone 1, 7 or / is checked against its shape: the blank mark leans, a 1 stands upright.
  const mark = (digitsText ?? chosen.text).replace(/\s/g, '');
  if (chosen.words.length <= 1 && (mark === '1' || mark === '7' || mark === '/')) {
    const shape = markShape(ci.img);
    if (shape === 'slash' && mark !== '/') {
      digitsText = '/';
      conf = Math.min(conf, 0.7);
    } else if (mark === '/' && shape === 'upright') conf = Math.min(conf, 0.6);
  }
  const toPage = (w: OcrWord): Box => ({
    x: ci.x + (w.x0 - ci.pad) / ci.scale,
    y: ci.y + (w.y0 - ci.pad) / ci.scale,
    w: (w.x1 - w.x0) / ci.scale,
    h: (w.y1 - w.y0) / ci.scale,
  });
  if (digitsText !== undefined) {
    // One value for the cell, where the words were (or its ink, when no reading found any).
    const boxes = chosen.words.map(toPage);
    const token = { text: digitsText, box: boxes.length ? boxUnion(boxes) : ink, conf: Math.max(0, Math.min(1, conf, cap)) };
    return (tokens) => tokens.filter((t) => !inCell.includes(t)).concat(token);
  }
  // A label tesseract read unsure: the second recognizer's reading where it is surer of its characters.
  const label = labelOf(line);
  if (!numericColumn && label && label.conf > conf) return (tokens) => tokens.filter((t) => !inCell.includes(t)).concat({ text: label.text, box: ink, conf: label.conf });
  const replaced: Token[] = chosen.words.map((w) => ({ text: w.text.normalize('NFKC').trim(), box: toPage(w), conf: Math.max(0, Math.min(1, conf, w.confidence / 100)) })).filter((t) => t.text);
  if (!replaced.length) return undefined;
  // A label cell read as several CJK "words" is one token.
  const merged: Token[] = HAS_CJK.test(chosen.text)
    ? [{ text: replaced.map((t) => t.text).join(''), box: boxUnion(replaced.map((t) => t.box)), conf: Math.min(...replaced.map((t) => t.conf!)) }]
    : replaced;
  return (tokens) => tokens.filter((t) => !inCell.includes(t)).concat(merged);
}
