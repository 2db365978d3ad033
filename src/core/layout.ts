/**
 * The Layout: the common ground every extractor produces and the
 * reconstructor consumes. A page is a list of lines in reading order; a line
 * is a list of tokens ordered left to right, each with a box.
 *
 * Units depend on the source, and `Page.unit` says which:
 * - `pt`: PDF points, origin top-left, y grows downward (pdf-text);
 * - `px`: image pixels, same orientation (OCR of scans and images);
 * - `char`: plain text, x is the display column (a CJK character is 2 wide),
 *   y the line number, h = 1;
 * - `cell`: structured tables (HTML, DOCX): x is the grid column, w the column
 *   span, y the grid row; paragraphs outside tables are single-token lines.
 */
import type { Finding } from './findings.js';

export type SourceKind = 'pdf-text' | 'pdf-scan' | 'image' | 'text' | 'html' | 'docx';
export const SOURCE_KINDS: readonly SourceKind[] = ['pdf-text', 'pdf-scan', 'image', 'text', 'html', 'docx'];

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Where a grid cell sits in its table (structured sources only). */
export interface CellRef {
  table: number;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface Token {
  /** Text after NFKC and whitespace clean-up. */
  text: string;
  box: Box;
  /** Recognition confidence 0..1 (OCR); absent where the text is certain (a text layer). */
  conf?: number;
  /** The grid cell this token is (HTML, DOCX). */
  cell?: CellRef;
}

export interface Line {
  tokens: Token[];
  box: Box;
  /**
   * Plain text only: the line's words stand one space apart, as in running
   * text (`pdftotext` without `-layout`, crawler text), so a token's x is its
   * offset in the line, not a column of the page.
   */
  running?: boolean;
}

/** A page image kept for OCR re-reads and the audit (scans, images, rendered PDF pages). */
export interface PageImage {
  width: number;
  height: number;
  /** 8-bit grey, row-major, width*height bytes (after deskew and clean-up). */
  gray?: Uint8Array;
  /** Encoded image (PNG or JPEG) for the audit page. */
  encoded?: { mime: 'image/png' | 'image/jpeg'; bytes: Uint8Array };
}

export interface Page {
  /** 1-based page number in the source. */
  number: number;
  width: number;
  height: number;
  unit: 'pt' | 'px' | 'char' | 'cell';
  lines: Line[];
  image?: PageImage;
  /**
   * PDF text pages: degrees clockwise the page as displayed was turned so that
   * its text reads upright (text drawn turned on the page); boxes, width and
   * height are those of the turned page. Absent when not turned.
   */
  turn?: 90 | 180 | 270;
  /** Scans: the table's ruling lines found on the page (vertical ones give exact column bounds). */
  rules?: { vertical: Box1D[]; horizontal: Box1D[] };
}

/** A ruling line's extent in page units. */
export interface Box1D {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Layout {
  kind: SourceKind;
  pages: Page[];
  /** Problems the extractor saw (low OCR confidence, unreadable page, …). */
  findings: Finding[];
  /** Title as the container states it (HTML <title>, DOCX core properties), if any. */
  declaredTitle?: string;
  /**
   * OCR sources only: read one region of a page again (single-line mode,
   * digits whitelist), giving the readings best first. The pipeline calls it
   * for low-confidence cells and rows that fail an identity. `known` are
   * numbers the identities confirm elsewhere in the document, where they
   * stand: its own examples of its digits.
   */
  reread?: (page: number, box: Box, known?: readonly KnownValue[], options?: RereadOptions) => Promise<Reading[]>;
  /**
   * OCR sources only: whether a digit's ink stands in a region of a page
   * (glyph-sized; a fax's specks and a rule's remnants are not), undefined
   * where the page was not OCR'd. Tells a cell printed empty from one whose
   * number the reading lost.
   */
  inkAt?: (page: number, box: Box) => boolean | undefined;
}

/** How a region is read again. */
export interface RereadOptions {
  /**
   * The region was taken as blank (nothing was read there): read it only if
   * glyph-sized ink stands in it, so that a fax's specks in an empty cell
   * are not read as a number.
   */
  blank?: boolean;
  /**
   * Only the readers other than tesseract, which read the page first: the
   * second recognizer and the document's own digits. A witness for a number
   * nothing else checks (no OCR call of the page's engine).
   */
  witness?: boolean;
}

/** A number the identities confirm, where it was read. */
export interface KnownValue {
  page: number;
  box: Box;
  text: string;
}

/** One OCR reading of a region. */
export interface Reading {
  text: string;
  conf: number;
}

export function boxUnion(boxes: readonly Box[]): Box {
  if (boxes.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

export function makeLine(tokens: Token[]): Line {
  const sorted = [...tokens].sort((a, b) => a.box.x - b.box.x);
  return { tokens: sorted, box: boxUnion(sorted.map((t) => t.box)) };
}

/** A table as rows of cells (already expanded from HTML/DOCX markup). */
export interface GridCell {
  text: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

/**
 * Lay a table grid out as lines in `cell` units: one line per grid row, each
 * cell a token at x = its column. A cell spanning rows appears once, on its
 * first row, which is where its label is read. `firstY` is the y of the first
 * row on the page, so that tables and paragraphs keep document order.
 */
export function gridToLines(cells: readonly GridCell[], table: number, firstY: number): Line[] {
  const byRow = new Map<number, Token[]>();
  for (const c of cells) {
    if (!c.text.trim()) continue;
    const tok: Token = {
      text: c.text,
      box: { x: c.col, y: firstY + c.row, w: c.colSpan, h: c.rowSpan },
      cell: { table, row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan },
    };
    const list = byRow.get(c.row) ?? [];
    list.push(tok);
    byRow.set(c.row, list);
  }
  return [...byRow.keys()].sort((a, b) => a - b).map((r) => makeLine(byRow.get(r)!));
}
