/**
 * `audit --store`: a stored document, named by its sha256 (or a unique
 * start of it) or by a path to its source, with its stored record and the
 * source's bytes (from the path given, or the first path the store knows
 * that still holds that content).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { NianbaoError } from '../../core/errors.js';
import { ReportRecord } from '../../core/record.js';
import { readSource } from '../../stages/pipeline.js';
import type { RecordStore } from '../store/interface.js';
import type { StoredDocument } from '../store/queries.js';

export interface StoredAuditInput {
  record: ReportRecord;
  bytes: Uint8Array;
  /** The source file read. */
  sourcePath: string;
  /** The nianbao version that made the record. */
  pipelineVersion: string;
}

/** Hex long enough to name one document among many, and never a file name by accident. */
const HASH_PREFIX = /^[0-9a-f]{8,64}$/i;

/** True when `ref` is to be taken as a sha256 (or its start) rather than a path: hex, and no file of that name. */
export const looksLikeHash = (ref: string, fileExists: boolean) => HASH_PREFIX.test(ref) && !fileExists;

export async function loadStored(store: RecordStore, ref: string, asHash: boolean): Promise<StoredAuditInput> {
  let doc: StoredDocument;
  let source: { path: string; bytes: Uint8Array } | undefined;
  if (asHash) {
    const found = await store.documentsByHash(ref.toLowerCase());
    if (found.length === 0) throw new NianbaoError('unreadable', 'no stored document has this sha256 (nianbao ingest stores a source)', { file: ref });
    if (found.length > 1) throw new NianbaoError('unreadable', 'several stored documents start with this sha256: give more of it', { file: ref });
    doc = found[0]!;
  } else {
    const bytes = await readSource(ref, path.basename(ref));
    const sha256 = sha256Of(bytes);
    const found = (await store.documentsByHash(sha256, 1))[0];
    if (!found) throw new NianbaoError('unreadable', `not in the store (sha256 ${sha256.slice(0, 12)}…): run nianbao ingest first, or audit it without --store`, { file: path.basename(ref) });
    doc = found;
    source = { path: ref, bytes };
  }
  const name = source ? path.basename(source.path) : doc.sha256.slice(0, 12);
  if (doc.record === null) throw new NianbaoError('unreadable', `stored as failed (${doc.error ?? 'no reason given'}): there is no record to audit`, { file: name });
  const record = ReportRecord.parse(JSON.parse(doc.record));
  source ??= await stillHolding(doc);
  return { record, bytes: source.bytes, sourcePath: source.path, pipelineVersion: doc.pipelineVersion };
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The first path the store knows for the document whose file still holds its content. */
async function stillHolding(doc: StoredDocument): Promise<{ path: string; bytes: Uint8Array }> {
  for (const p of doc.paths) {
    let bytes: Uint8Array;
    try {
      bytes = await readSource(p, path.basename(p));
    } catch {
      continue; // moved or deleted since the batch
    }
    if (sha256Of(bytes) === doc.sha256) return { path: p, bytes };
  }
  const where = doc.paths.length
    ? `none of the ${doc.paths.length} paths it was found under holds it now (${doc.paths.slice(0, 3).join(', ')}${doc.paths.length > 3 ? ', …' : ''})`
    : 'the store knows no path for it';
  throw new NianbaoError('unreadable', `the source is needed for its page images, and ${where}: give its path instead`, { file: doc.sha256.slice(0, 12) });
}
