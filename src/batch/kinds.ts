/**
 * Which files a batch takes, by name first (a walk must not open every file
 * of an archive), by the first bytes for names without a known extension.
 * The extractor sniffs the content again (extractors/index.ts); this only
 * decides what to hand it.
 */

/** The kind a file is expected to be; the record's source.kind is the final word. */
export type CandidateKind = 'pdf' | 'text' | 'html' | 'docx' | 'image';

const READABLE: Record<string, CandidateKind> = {
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

export function extensionOf(name: string): string {
  const m = /\.([^./\\]+)$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

export type Classification = { take: true; kind: CandidateKind } | { take: false; reason: string };

/** Decide from the name alone; `undefined` means "look at the first bytes". */
export function classifyByName(name: string): Classification | undefined {
  const ext = extensionOf(name);
  const kind = READABLE[ext];
  if (kind) return { take: true, kind };
  const reason = SKIP_REASONS[ext];
  if (reason) return { take: false, reason };
  if (ext === '') return undefined;
  return { take: false, reason: `not a kind nianbao reads (.${ext})` };
}

/** For a name without an extension: take PDFs and images by their signature. */
export function classifyByHead(head: Uint8Array): Classification {
  const starts = (sig: number[]) => sig.every((v, i) => head[i] === v);
  if (Buffer.from(head).indexOf('%PDF-') >= 0) return { take: true, kind: 'pdf' };
  if (starts([0x89, 0x50, 0x4e, 0x47]) || starts([0xff, 0xd8, 0xff])) return { take: true, kind: 'image' };
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return { take: true, kind: 'image' };
  if (starts([0xd0, 0xcf, 0x11, 0xe0])) return { take: false, reason: 'legacy Word: convert to .docx' };
  return { take: false, reason: 'no extension, and not a PDF or an image' };
}
