/**
 * One way through: bytes → Layout (extractor) → record draft (reconstructor,
 * normalizers) → checked record (validator). Each stage takes the previous
 * stage's output and nothing else.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { extractLayout } from '../../extractors/index.js';
import type { ExtractorOptions } from '../../extractors/types.js';
import { OcrLanes } from '../../extractors/ocr/lanes.js';
import { NianbaoError } from '../core/errors.js';
import { buildRecord } from './reconstruct/record.js';
import { rereadDoubtful } from './reread.js';
import type { Layout } from '../core/layout.js';
import { ReportRecord } from '../core/record.js';

/** The version stored with each record: ingest extracts again what an older version stored (0.2.0 added agencyKey and region). */
export const PIPELINE_VERSION = '0.2.0';

/** Files larger than this are refused before reading (reports are a few MB). */
export const MAX_INPUT_BYTES = 200 * 1024 * 1024;

export interface ExtractOptions {
  /** The name the record and errors use; defaults to the path's base name. */
  fileName?: string;
  ocr?: ExtractorOptions['ocr'];
}

/** Extract one report, from a path or its bytes, into its canonical record. */
export async function extract(input: string | Uint8Array, options: ExtractOptions = {}): Promise<ReportRecord> {
  return (await extractWithLayout(input, options)).record;
}

export interface Extraction {
  bytes: Uint8Array;
  layout: Layout;
  record: ReportRecord;
}

/** The record and the Layout it was built from (the audit shows both). */
export async function extractWithLayout(input: string | Uint8Array, options: ExtractOptions = {}): Promise<Extraction> {
  const file = options.fileName ?? (typeof input === 'string' ? path.basename(input) : 'input');
  const bytes = typeof input === 'string' ? await readSource(input, file) : input;
  // one set of OCR lanes for the whole extraction, re-reads included: a batch may raise it while the document is read
  const ocr = { ...options.ocr, lanes: options.ocr?.lanes ?? new OcrLanes() };
  const layout = await extractLayout(bytes, { file, ocr });
  const facts = { file, sha256: createHash('sha256').update(bytes).digest('hex'), pipeline: PIPELINE_VERSION };
  let record = ReportRecord.parse(buildRecord(layout, facts));
  // a scan: read doubtful cells again, one by one, and rebuild with what they say
  const rereads = await rereadDoubtful(layout, record, ocr.lanes);
  if (rereads.size) record = ReportRecord.parse(buildRecord(layout, facts, rereads));
  return { bytes, layout, record };
}

export async function readSource(p: string, file: string): Promise<Uint8Array> {
  let size: number;
  try {
    const st = await stat(p);
    if (!st.isFile()) throw new NianbaoError('unreadable', 'not a regular file', { file });
    size = st.size;
  } catch (err) {
    if (err instanceof NianbaoError) throw err;
    throw new NianbaoError('unreadable', `cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`, { file, cause: err });
  }
  if (size > MAX_INPUT_BYTES) {
    throw new NianbaoError('too-large', `the file is ${(size / 1048576).toFixed(0)} MiB, over the ${MAX_INPUT_BYTES / 1048576} MiB limit`, { file });
  }
  return new Uint8Array(await readFile(p));
}
