import type { Layout, SourceKind } from '../src/core/layout.js';
import type { OcrLanes } from './ocr/lanes.js';

/** Options every extractor accepts; each reads only what concerns it. */
export interface ExtractorOptions {
  /** The file name, for error messages. */
  file: string;
  /** OCR settings (scans and images). */
  ocr?: {
    /** Worker start-up limit in ms (tesseract.js hangs forever when its data is missing). */
    startTimeoutMs?: number;
    /** Scanned pages read at most (MAX_SCANNED_PAGES unless raised). */
    maxPages?: number;
    /** How many OCR calls may run at once (one unless given; raised while a document is read when a batch lends cores). */
    lanes?: OcrLanes;
  };
}

/** Scanned pages of a PDF read by default: more than any report has, far fewer than an archive bundle. */
export const MAX_SCANNED_PAGES = 40;

export type Extractor = (bytes: Uint8Array, options: ExtractorOptions) => Promise<Layout>;

export type { Layout, SourceKind };
