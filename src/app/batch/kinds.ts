/**
 * Which files a batch takes, by name first (a walk must not open every file
 * of an archive), by the first bytes for names without a known extension.
 * The extractor sniffs the content again (extractors/index.ts); this only
 * decides what to hand it.
 */

import { EXTENSIONS, extensionOf, isImage, SIGNATURES, type SniffedKind } from '../../../extractors/formats.js';

/** The kind a file is expected to be; the record's source.kind is the final word. */
export type CandidateKind = SniffedKind;
export { extensionOf };

/** Formats people keep next to reports, with what to do about them. */
const SKIP_REASONS: Record<string, string> = {
  doc: 'legacy Word: convert to .docx',
  wps: 'WPS document: convert to .docx or PDF',
  rtf: 'RTF: convert to .docx or PDF',
  odt: 'OpenDocument text: convert to .docx or PDF',
  ofd: 'OFD: convert to PDF',
  xls: 'spreadsheet: not a report format nianbao reads',
  xlsx: 'spreadsheet: not a report format nianbao reads',
  et: 'spreadsheet: not a report format nianbao reads',
  zip: 'archive: unpack it first',
  rar: 'archive: unpack it first',
  '7z': 'archive: unpack it first',
  gz: 'archive: unpack it first',
  sqlite: 'a database (perhaps a nianbao store)',
  'sqlite-wal': 'a database (perhaps a nianbao store)',
  'sqlite-shm': 'a database (perhaps a nianbao store)',
};

export type Classification = { take: true; kind: CandidateKind } | { take: false; reason: string };

/** Decide from the name alone; `undefined` means "look at the first bytes". */
export function classifyByName(name: string): Classification | undefined {
  const ext = extensionOf(name);
  const kind = EXTENSIONS[ext];
  if (kind) return { take: true, kind };
  const reason = SKIP_REASONS[ext];
  if (reason) return { take: false, reason };
  if (ext === '') return undefined;
  return { take: false, reason: `not a kind nianbao reads (.${ext})` };
}

/** For a name without an extension: take PDFs and images by their signature. */
export function classifyByHead(head: Uint8Array): Classification {
  if (SIGNATURES.pdf(head)) return { take: true, kind: 'pdf' };
  if (isImage(head)) return { take: true, kind: 'image' };
  if (SIGNATURES.ole2(head)) return { take: false, reason: 'legacy Word: convert to .docx' };
  return { take: false, reason: 'no extension, and not a PDF or an image' };
}
