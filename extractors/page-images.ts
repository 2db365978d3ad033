/**
 * A source's pages as its extraction saw them, without reading them again:
 * what the audit of a stored record needs to draw its boxes on. Nothing is
 * OCR'd and no record is built.
 *
 * - text, web pages, Word: the text extractor's Layout (no OCR in it), whose
 *   tokens the audit highlights;
 * - a PDF page read from its text layer: its frame as the record gives it
 *   (size in points, the turn it was read in); the audit renders it;
 * - a scanned page or an image: the page image cleaned up as OCR saw it
 *   (turned upright by the turn the record's `page-rotated` finding gives,
 *   resampled and deskewed), since a scan's boxes are in its pixels.
 */
import { NianbaoError } from '../src/core/errors.js';
import type { Finding } from '../src/core/findings.js';
import type { Layout, Page, SourceKind } from '../src/core/layout.js';
import { extractLayout } from './index.js';
import { decodeImage } from './image.js';
import { turnPixels, type QuarterTurn } from './ocr/orient.js';
import { preparePage } from './ocr/page.js';
import { pageRaster } from './ocr/pdf-image.js';
import type { ColorPixels } from './ocr/raster.js';
import { splitStitchedPages } from './ocr/stitched.js';
import { openPdf } from './pdfjs.js';

/** A page as the record describes it (`provenance.pageSizes`). */
export interface PageFrame {
  page: number;
  width: number;
  height: number;
  unit: string;
  turn?: number;
}

export interface StoredPagesInput {
  file: string;
  kind: SourceKind;
  frames: readonly PageFrame[];
  /** The record's findings: `page-rotated` says how a scanned page was turned before OCR. */
  findings: readonly Finding[];
}

/** The turn a `page-rotated` finding records (its message, as pageRotatedFinding words it), or 0. */
export function recordedTurn(findings: readonly Finding[], page: number): QuarterTurn {
  const f = findings.find((x) => x.code === 'page-rotated' && x.page === page);
  const m = f && /turned (90|180|270)° clockwise/.exec(f.message);
  return m ? (Number(m[1]) as QuarterTurn) : 0;
}

export async function storedPages(bytes: Uint8Array, input: StoredPagesInput): Promise<Layout> {
  const { file, kind } = input;
  if (kind === 'text' || kind === 'html' || kind === 'docx') {
    const layout = await extractLayout(bytes, { file });
    return { kind, pages: layout.pages, findings: [] };
  }
  const pages = kind === 'image' ? await imagePages(bytes, input) : await pdfPages(bytes, input);
  return { kind, pages, findings: [] };
}

async function pdfPages(bytes: Uint8Array, { file, frames, findings }: StoredPagesInput): Promise<Page[]> {
  const { doc, close } = await openPdf(bytes, file);
  try {
    const pages: Page[] = [];
    for (const f of frames) {
      if (f.page < 1 || f.page > doc.numPages) throw new NianbaoError('unreadable', `the PDF has ${doc.numPages} pages, not the page ${f.page} the record was read from`, { file });
      if (f.unit === 'px') {
        const { pixels, dpi } = await pageRaster(doc, f.page);
        pages.push(scanPage(turnPixels(pixels, recordedTurn(findings, f.page)), f, dpi, file));
      } else {
        pages.push({ number: f.page, width: f.width, height: f.height, unit: 'pt', lines: [], ...(f.turn ? { turn: f.turn as 90 | 180 | 270 } : {}) });
      }
    }
    return pages;
  } finally {
    await close();
  }
}

async function imagePages(bytes: Uint8Array, { file, frames, findings }: StoredPagesInput): Promise<Page[]> {
  let decoded: ColorPixels;
  try {
    decoded = await decodeImage(bytes);
  } catch (err) {
    if (err instanceof NianbaoError) err.file ??= file;
    throw err;
  }
  // an image is turned as a whole, before it is cut into pages (extractImage): every page's finding gives the same turn
  const parts = splitStitchedPages(turnPixels(decoded, recordedTurn(findings, frames[0]?.page ?? 1)));
  return frames.map((f) => {
    const part = parts[f.page - 1];
    if (!part) throw new NianbaoError('unreadable', `the image holds ${parts.length} pages, not the page ${f.page} the record was read from`, { file });
    return scanPage(part, f, undefined, file);
  });
}

/** A scanned page cleaned up as OCR saw it; refused when it is not the size the record's boxes are in. */
function scanPage(pixels: ColorPixels, frame: PageFrame, dpi: number | undefined, file: string): Page {
  const { gray } = preparePage(pixels, dpi);
  if (Math.abs(gray.width - frame.width) > 1 || Math.abs(gray.height - frame.height) > 1) {
    throw new NianbaoError(
      'unreadable',
      `page ${frame.page} comes out ${gray.width}×${gray.height} px, not the ${frame.width}×${frame.height} px the record was read from (another nianbao version?): audit the source itself`,
      { file },
    );
  }
  return { number: frame.page, width: gray.width, height: gray.height, unit: 'px', lines: [], image: { width: gray.width, height: gray.height, gray: gray.data } };
}
