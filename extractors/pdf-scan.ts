/**
 * OCR of the scanned pages of a PDF (pages without a text layer). The PDF
 * extractor opens the document, finds the pages to OCR, and calls
 * `ocrPdfPages`; it sets the layout kind to `pdf-scan` and its `reread` to
 * `makeReread(pages)` and its `inkAt` to `makeInkAt(pages)` (re-exported here).
 */
import { NianbaoError } from '../src/core/errors.js';
import type { Finding } from '../src/core/findings.js';
import type { Page } from '../src/core/layout.js';
import { inLanes } from './ocr/lanes.js';
import { pageRotatedFinding, uprightPage } from './ocr/orient.js';
import { makeInkAt, makeReread, ocrOptions, readPageImage } from './ocr/page.js';
import { pageRaster } from './ocr/pdf-image.js';
import type { PDFDocumentProxy } from './pdfjs.js';
import type { ExtractorOptions } from './types.js';

export { makeInkAt, makeReread, ocrOptions };

/**
 * OCR the given (1-based) pages of an open PDF into Layout pages in `px`
 * units, in the order given. Findings (seal removed, page empty) are pushed
 * onto `findings` when given.
 */
export async function ocrPdfPages(doc: PDFDocumentProxy, pageNumbers: number[], options: ExtractorOptions, findings?: Finding[]): Promise<Page[]> {
  // Pages are read in parallel when the process has OCR lanes to spare; findings keep page order.
  const ocr = ocrOptions(options);
  const read = await inLanes(ocr.lanes, pageNumbers, async (n) => {
    try {
      const { pixels, dpi } = await pageRaster(doc, n);
      // a page scanned sideways or upside down is turned upright first (its boxes are on the turned page)
      const upright = await uprightPage(pixels, dpi, ocr);
      const read = await readPageImage(upright.pixels, n, dpi, ocr);
      if (upright.turn) read.findings.unshift(pageRotatedFinding(n, upright.turn));
      return read;
    } catch (err) {
      if (err instanceof NianbaoError) {
        err.file ??= options.file;
        if (!err.message.includes(`page ${n}`)) err.message = `page ${n}: ${err.message}`;
        throw err;
      }
      throw new NianbaoError('ocr-failed', `page ${n}: OCR failed (${(err as Error)?.message ?? err})`, { file: options.file, cause: err });
    }
  });
  findings?.push(...read.flatMap((r) => r.findings));
  const pages: Page[] = read.map((r) => r.page);
  return pages;
}
