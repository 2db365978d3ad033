/**
 * The source side of the audit page, one view per Layout page: a page image
 * with a mark for every cell whose provenance points at it (PDFs, scans,
 * images), or the page's text lines with the tokens that gave each value
 * tagged with its cell keys (text, HTML, DOCX).
 */
import type { Box, Layout, Page, Token } from '../../core/layout.js';
import type { CellProvenance, ReportRecord } from '../../core/record.js';
import { inferBoxes } from './locate.js';
import { encodeGray, renderPdfPages, type EncodedImage } from './render.js';

export interface BoxMark {
  key: string;
  box: Box;
  /** No box of its own: placed from its row and column (locate.ts). */
  inferred: boolean;
}

export interface ImagePageView {
  type: 'image';
  number: number;
  /** Page size in `unit`: what the marks' boxes are relative to. */
  width: number;
  height: number;
  unit: 'pt' | 'px';
  /** Absent when the page could not be rendered: the marks are drawn on a blank page. */
  image?: EncodedImage;
  marks: BoxMark[];
}

export interface TextToken {
  text: string;
  /** Cell keys whose provenance box overlaps this token. */
  keys: string[];
  box: Box;
  /** Structured sources: the grid cell. */
  cell?: Token['cell'];
}

export interface TextPageView {
  type: 'text';
  number: number;
  unit: 'char' | 'cell';
  lines: TextToken[][];
}

export type PageView = ImagePageView | TextPageView;

const overlaps = (a: Box, b: Box) => a.x < b.x + Math.max(b.w, 1e-9) && b.x < a.x + Math.max(a.w, 1e-9) && a.y < b.y + Math.max(b.h, 1e-9) && b.y < a.y + Math.max(a.h, 1e-9);

/** Cell keys by page, for the cells whose provenance has a box in that page's unit. */
function boxedCells(record: ReportRecord, page: Page): [string, CellProvenance & { box: Box }][] {
  return Object.entries(record.provenance.cells).filter((e): e is [string, CellProvenance & { box: Box }] => e[1].page === page.number && e[1].box !== null && e[1].unit === page.unit);
}

/**
 * Build the views. `bytes` are the source's (PDF pages without an OCR image
 * are rendered from them); `keys` are the record's cells in reading order.
 */
export async function pageViews(layout: Layout, record: ReportRecord, bytes: Uint8Array, file: string, keys: readonly string[]): Promise<PageView[]> {
  const isPdf = record.source.kind === 'pdf-text' || record.source.kind === 'pdf-scan';
  const toRender = layout.pages.filter((p) => (p.unit === 'pt' || (p.unit === 'px' && !p.image?.gray)) && isPdf).map((p) => ({ number: p.number, turn: p.turn }));
  const rendered = await renderPdfPages(bytes, file, toRender);
  const unitOf = (n: number) => layout.pages.find((p) => p.number === n)?.unit;
  const inferred = inferBoxes(keys, record.provenance.cells, unitOf);
  const views: PageView[] = [];
  for (const page of layout.pages) {
    if (page.unit === 'char' || page.unit === 'cell') {
      views.push(textView(page, boxedCells(record, page)));
      continue;
    }
    const marks: BoxMark[] = boxedCells(record, page).map(([key, p]) => ({ key, box: p.box, inferred: false }));
    for (const [key, b] of inferred) if (b.page === page.number) marks.push({ key, box: b.box, inferred: true });
    let image: EncodedImage | undefined = rendered.get(page.number);
    if (!image && page.image?.gray) image = await encodeGray(page.image.gray, page.image.width, page.image.height);
    if (!image && page.image?.encoded) image = { ...page.image.encoded, width: page.image.width, height: page.image.height };
    views.push({ type: 'image', number: page.number, width: page.width, height: page.height, unit: page.unit, image, marks });
  }
  return views;
}

function textView(page: Page, cells: [string, { box: Box }][]): TextPageView {
  const lines = page.lines.map((line) =>
    line.tokens.map((t) => ({
      text: t.text,
      box: t.box,
      cell: t.cell,
      keys: cells.filter(([, p]) => overlaps(p.box, t.box)).map(([k]) => k),
    })),
  );
  return { type: 'text', number: page.number, unit: page.unit as 'char' | 'cell', lines };
}
