/**
 * The one pdf.js page renderer: a page drawn on white through pdf.js's own
 * canvas factory (the one copy of @napi-rs/canvas pdf.js uses: a second copy
 * segfaults), handed to the caller while the canvas lives,
 * and freed after. OCR reads its pixels; the audit encodes it as JPEG.
 */
import type { PDFDocumentProxy } from './pdfjs.js';

type PdfPage = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;
type Viewport = ReturnType<PdfPage['getViewport']>;

/** What pdf.js's canvas factory gives: @napi-rs/canvas's canvas and 2D context. */
export interface RenderedCanvas {
  canvas: { width: number; height: number; encode(format: 'jpeg', quality: number): Promise<Buffer> };
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface CanvasFactory {
  create(w: number, h: number): RenderedCanvas;
  destroy(c: RenderedCanvas): void;
}

/** Render the page at the viewport, then let `use` read the canvas before it is freed. */
export async function withRenderedPage<T>(doc: PDFDocumentProxy, page: PdfPage, viewport: Viewport, use: (c: RenderedCanvas, width: number, height: number) => Promise<T> | T): Promise<T> {
  const width = Math.ceil(viewport.width),
    height = Math.ceil(viewport.height);
  const factory = doc.canvasFactory as CanvasFactory;
  const cc = factory.create(width, height);
  try {
    await page.render({ canvasContext: cc.context as never, canvas: cc.canvas as never, viewport, background: 'white' }).promise;
    return await use(cc, width, height);
  } finally {
    factory.destroy(cc);
  }
}
