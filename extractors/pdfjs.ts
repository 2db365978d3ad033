/**
 * pdf.js, set up once for Node: the legacy build (the modern one needs
 * DOMMatrix), and the CMap, standard-font and wasm folders as plain paths
 * with a trailing separator (a file:// URL or a missing slash silently drops
 * Chinese text from non-embedded fonts, and JPX scans decode blank).
 */
import { restoreNativeBuiltins } from './native-builtins.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { NianbaoError } from '../src/core/errors.js';
import { MAX_PIXELS } from './ocr/raster.js';

restoreNativeBuiltins();

export { pdfjs };
export type { PDFDocumentProxy };

const require = createRequire(import.meta.url);
const pdfjsDir = path.dirname(require.resolve('pdfjs-dist/package.json'));

export const pdfjsAssets = {
  cMapUrl: path.join(pdfjsDir, 'cmaps') + path.sep,
  cMapPacked: true,
  standardFontDataUrl: path.join(pdfjsDir, 'standard_fonts') + path.sep,
  wasmUrl: path.join(pdfjsDir, 'wasm') + path.sep,
};

export interface OpenPdf {
  doc: PDFDocumentProxy;
  close(): Promise<void>;
}

/** Open a PDF, turning pdf.js's exceptions into errors that name the problem. */
export async function openPdf(bytes: Uint8Array, file: string): Promise<OpenPdf> {
  // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
  // maxImageSize: pdf.js leaves an image over the pixel limit undecoded, rather than decoding it before anyone can check
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), ...pdfjsAssets, verbosity: 0, isEvalSupported: false, maxImageSize: MAX_PIXELS });
  try {
    const doc = await task.promise;
    // the fake worker's module, loaded on first use, installs the polyfills again
    restoreNativeBuiltins();
    return { doc, close: () => task.destroy() };
  } catch (err) {
    await task.destroy().catch(() => undefined);
    const name = (err as { name?: string })?.name ?? '';
    const msg = (err as Error)?.message ?? String(err);
    if (name === 'PasswordException') {
      throw new NianbaoError('encrypted', 'the PDF is encrypted (password protected); decrypt it first', { file, cause: err });
    }
    if (name === 'InvalidPDFException' || /Invalid PDF|No PDF header|startxref/i.test(msg)) {
      throw new NianbaoError('truncated', `the PDF is damaged or truncated (${msg})`, { file, cause: err });
    }
    throw new NianbaoError('unreadable', `pdf.js could not read the PDF (${msg})`, { file, cause: err });
  }
}
