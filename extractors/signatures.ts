/** The first bytes that give a file's format away (the table of formats, formats.ts, says which extractor reads it). */

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
