/**
 * Page images for the audit page, as JPEG: text-PDF pages rendered through
 * pdf.js (its own canvas factory, a second @napi-rs/canvas
 * copy breaks rendering), OCR pages from the cleaned grey image the OCR read
 * (deskewed, so the provenance boxes in `px` fall on it exactly).
 */
import { createCanvas } from '@napi-rs/canvas';
import { NianbaoError } from '../../core/errors.js';
import { openPdf, type PDFDocumentProxy } from '../../../extractors/pdfjs.js';
import { withRenderedPage } from '../../../extractors/pdf-render.js';

export interface EncodedImage {
  mime: 'image/jpeg' | 'image/png';
  bytes: Uint8Array;
  /** Pixel size of the encoded image (the boxes are scaled to it by the page, in percent). */
  width: number;
  height: number;
}

/** Widest page image put in the audit: enough to read a table's digits, small enough to keep the file a few MB. */
export const AUDIT_IMAGE_WIDTH = 1400;
const JPEG_QUALITY = 80;

/** A page to render: its 1-based number and the turn its Layout page was read in (`Page.turn`). */
export interface PageToRender {
  number: number;
  turn?: number;
}

/** Render the given pages of a PDF to JPEG, AUDIT_IMAGE_WIDTH wide at most, turned as they were read. */
export async function renderPdfPages(bytes: Uint8Array, file: string, pages: readonly PageToRender[]): Promise<Map<number, EncodedImage>> {
  const out = new Map<number, EncodedImage>();
  if (pages.length === 0) return out;
  const { doc, close } = await openPdf(bytes, file);
  try {
    for (const { number: n, turn = 0 } of pages) {
      if (n < 1 || n > doc.numPages) continue;
      out.set(n, await renderPage(doc, n, turn, file));
    }
  } finally {
    await close();
  }
  return out;
}

async function renderPage(doc: PDFDocumentProxy, n: number, turn: number, file: string): Promise<EncodedImage> {
  const page = await doc.getPage(n);
  // the frame the provenance boxes are in: the displayed page, turned as its text was read
  const rotation = (page.rotate + turn) % 360;
  const base = page.getViewport({ scale: 1, rotation });
  // up to ~150 dpi, and never wider than the audit's page images
  const viewport = page.getViewport({ scale: Math.min(150 / 72, AUDIT_IMAGE_WIDTH / base.width), rotation });
  try {
    return await withRenderedPage(doc, page, viewport, async (cc, width, height) => ({
      mime: 'image/jpeg' as const,
      bytes: new Uint8Array(await cc.canvas.encode('jpeg', JPEG_QUALITY)),
      width,
      height,
    }));
  } catch (err) {
    throw new NianbaoError('unreadable', `page ${n} could not be rendered for the audit (${(err as Error)?.message ?? err})`, { file, cause: err });
  } finally {
    page.cleanup();
  }
}

/** An 8-bit grey image (row-major) as a JPEG, scaled down to AUDIT_IMAGE_WIDTH when wider. */
export async function encodeGray(gray: Uint8Array, width: number, height: number): Promise<EncodedImage> {
  if (gray.length < width * height) throw new NianbaoError('unreadable', `a page image is shorter than its size (${gray.length} < ${width}×${height})`);
  const full = createCanvas(width, height);
  const ctx = full.getContext('2d');
  const img = ctx.createImageData(width, height);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    const v = gray[i]!;
    img.data[j] = v;
    img.data[j + 1] = v;
    img.data[j + 2] = v;
    img.data[j + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  let canvas = full;
  if (width > AUDIT_IMAGE_WIDTH) {
    const w = AUDIT_IMAGE_WIDTH,
      h = Math.max(1, Math.round((height * AUDIT_IMAGE_WIDTH) / width));
    canvas = createCanvas(w, h);
    canvas.getContext('2d').drawImage(full, 0, 0, w, h);
  }
  return { mime: 'image/jpeg', bytes: new Uint8Array(await canvas.encode('jpeg', JPEG_QUALITY)), width: canvas.width, height: canvas.height };
}

export function dataUri(img: Pick<EncodedImage, 'mime' | 'bytes'>): string {
  return `data:${img.mime};base64,${Buffer.from(img.bytes.buffer, img.bytes.byteOffset, img.bytes.byteLength).toString('base64')}`;
}
