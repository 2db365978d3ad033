/**
 * Which extractor reads a file: sniffed from its bytes first (a PDF named
 * .txt is still a PDF), the file name's extension second.
 */
import { NianbaoError } from '../src/core/errors.js';
import type { Layout } from '../src/core/layout.js';
import { EXTENSIONS, extensionOf, extractorOf, indexOfAscii, isImage, SIGNATURES, type SniffedKind } from './formats.js';
import type { ExtractorOptions } from './types.js';

export type { SniffedKind } from './formats.js';

export function sniffKind(bytes: Uint8Array, file: string): SniffedKind {
  const ext = extensionOf(file);
  const head = bytes.subarray(0, 1024);
  if (SIGNATURES.pdf(head)) return 'pdf';
  if (isImage(bytes)) return 'image';
  if (SIGNATURES.ole2(bytes)) {
    // Office keeps a password-protected .docx in an OLE2 container too, as 'EncryptedPackage'
    if (indexOfAscii(utf16Ascii(bytes.subarray(0, 1 << 20)), 'EncryptedPackage') >= 0) {
      throw new NianbaoError('encrypted', 'the Word document is password protected (encrypted); remove the password first', { file });
    }
    throw new NianbaoError('legacy-doc', 'this is a legacy Word .doc (OLE2) file; convert it to .docx or PDF first (e.g. soffice --headless --convert-to docx)', { file });
  }
  if (SIGNATURES.zip(bytes)) {
    if (ext === 'docx' || indexOfAscii(bytes.subarray(0, 4096), 'word/') >= 0) return 'docx';
    throw new NianbaoError('unsupported-kind', 'a zip archive that is not a Word .docx document', { file });
  }
  if (EXTENSIONS[ext] === 'pdf') return 'pdf'; // no header in the first KiB: let pdf.js say what is wrong
  if (looksBinary(head)) {
    throw new NianbaoError('unsupported-kind', 'binary data that is not a PDF, image or Word document', { file });
  }
  const text = new TextDecoder(utf16Bom(head) ? (head[0] === 0xff ? 'utf-16le' : 'utf-16be') : 'latin1').decode(head).toLowerCase();
  if (EXTENSIONS[ext] === 'html' || /<(!doctype html|html|head|body|table|meta)[\s>]/.test(text)) return 'html';
  return 'text';
}

/** The ASCII bytes of a UTF-16LE stretch (every other byte), for looking up OLE2 directory names. */
function utf16Ascii(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = bytes[i * 2]!;
  return out;
}

/**
 * Many NUL bytes or control characters: not text in any encoding we read. A
 * few stray NULs in a text are noise, and UTF-16 (with its BOM) is text.
 */
function looksBinary(head: Uint8Array): boolean {
  if (utf16Bom(head)) return false;
  let control = 0;
  for (const b of head) if (b < 8 || (b > 13 && b < 27)) control++;
  return head.length > 0 && control / head.length > 0.05;
}

const utf16Bom = (b: Uint8Array) => (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);

/** Turn a file's bytes into a Layout, with the extractor its kind calls for. */
export async function extractLayout(bytes: Uint8Array, options: ExtractorOptions): Promise<Layout> {
  if (bytes.length === 0) throw new NianbaoError('empty-file', 'the file is empty (0 bytes)', { file: options.file });
  const extract = await extractorOf(sniffKind(bytes, options.file));
  return extract(bytes, options);
}
