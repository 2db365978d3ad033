/**
 * The source formats nianbao reads, in one place: their file extensions, the
 * first bytes that give them away, and their extractors. The extractor
 * dispatch (extractors/index.ts) and the batch's walk (src/app/batch/kinds.ts)
 * both decide from this table, so a new format is added here once.
 */
import type { SourceKind } from '../src/core/layout.js';
import type { Extractor } from './types.js';

export { indexOfAscii, isImage, SIGNATURES } from './signatures.js';

/** What a file is before extraction: `pdf` becomes pdf-text or pdf-scan once its pages are seen. */
export type SniffedKind = Exclude<SourceKind, 'pdf-text' | 'pdf-scan'> | 'pdf';

/** A kind of source: the extensions its files carry and the extractor that reads it. */
export interface SourceFormat {
  kind: SniffedKind;
  extensions: readonly string[];
  /** The extractor, loaded when a file of the kind is first read (pdf.js and tesseract.js are large). */
  extractor: () => Promise<Extractor>;
}

/** The kinds read, with their extensions and extractors. TIFF is taken so that the image extractor can say how to convert it. */
export const FORMATS: readonly SourceFormat[] = [
  { kind: 'pdf', extensions: ['pdf'], extractor: async () => (await import('./pdf.js')).extractPdf },
  { kind: 'text', extensions: ['txt'], extractor: async () => (await import('./text.js')).extractText },
  { kind: 'html', extensions: ['html', 'htm'], extractor: async () => (await import('./html.js')).extractHtml },
  { kind: 'docx', extensions: ['docx'], extractor: async () => (await import('./docx.js')).extractDocx },
  { kind: 'image', extensions: ['png', 'jpg', 'jpeg', 'tif', 'tiff'], extractor: async () => (await import('./image.js')).extractImage },
];

/** The kind of each extension. */
export const EXTENSIONS: Readonly<Record<string, SniffedKind>> = Object.fromEntries(FORMATS.flatMap((f) => f.extensions.map((e) => [e, f.kind])));

/** The extractor of a kind. */
export function extractorOf(kind: SniffedKind): Promise<Extractor> {
  return FORMATS.find((f) => f.kind === kind)!.extractor();
}

export function extensionOf(name: string): string {
  const m = /\.([^./\\]+)$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}
