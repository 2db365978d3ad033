// Placeholder until OCR lands: a page without a text layer is reported as needing OCR.
import { NianbaoError } from '../src/errors.js';
import type { Page } from '../src/layout.js';
import type { PDFDocumentProxy } from './pdfjs.js';
import type { ExtractorOptions } from './types.js';

/** OCR the given (1-based) pages of an open PDF into Layout pages in `px` units. */
export async function ocrPdfPages(_doc: PDFDocumentProxy, pages: number[], options: ExtractorOptions): Promise<Page[]> {
  throw new NianbaoError('needs-ocr', `pages ${pages.join(', ')} have no text layer (a scan) and need OCR, which is not supported yet`, { file: options.file });
}
