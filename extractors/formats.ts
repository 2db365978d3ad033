/**
 * The source formats nianbao reads, in one place: their file extensions and
 * the first bytes that give them away. The extractor dispatch
 * (extractors/index.ts) and the batch's walk (src/app/batch/kinds.ts) both
 * decide from this table, so a new format is added here once.
 */
import type { SourceKind } from '../src/core/layout.js';

/** What a file is before extraction: `pdf` becomes pdf-text or pdf-scan once its pages are seen. */
export type SniffedKind = Exclude<SourceKind, 'pdf-text' | 'pdf-scan'> | 'pdf';

/** Extensions of the files read, by kind. TIFF is taken so that the image extractor can say how to convert it. */
export const EXTENSIONS: Readonly<Record<string, SniffedKind>> = {
  pdf: 'pdf',
  txt: 'text',
  html: 'html',
  htm: 'html',
  docx: 'docx',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  tif: 'image',
  tiff: 'image',
};

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => sig.every((v, i) => b[at + i] === v);

/** Signatures by their first bytes. */
export const SIGNATURES = {
  png: (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47]),
  jpeg: (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]),
  tiff: (b: Uint8Array) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]),
  /** OLE2: a legacy .doc, or an encrypted .docx. */
  ole2: (b: Uint8Array) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0]),
  zip: (b: Uint8Array) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]),
  /** pdf.js takes a PDF whose header is anywhere in the first KiB, as readers do. */
  pdf: (b: Uint8Array) => indexOfAscii(b.subarray(0, 1024), '%PDF-') >= 0,
} as const;

/** An image by its signature (PNG, JPEG, TIFF). */
export const isImage = (b: Uint8Array) => SIGNATURES.png(b) || SIGNATURES.jpeg(b) || SIGNATURES.tiff(b);

export function indexOfAscii(bytes: Uint8Array, s: string): number {
  outer: for (let i = 0; i + s.length <= bytes.length; i++) {
    for (let j = 0; j < s.length; j++) if (bytes[i + j] !== s.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

export function extensionOf(name: string): string {
  const m = /\.([^./\\]+)$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}
