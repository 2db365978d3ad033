/**
 * `nianbao audit`: a source → its record and its Layout (extracted once:
 * OCR is the slow part) → the self-contained audit page.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { extractLayout } from '../../extractors/index.js';
import { NianbaoError } from '../errors.js';
import type { Layout } from '../layout.js';
import { MAX_INPUT_BYTES, PIPELINE_VERSION } from '../pipeline.js';
import { buildRecord } from '../reconstruct/record.js';
import { ReportRecord } from '../record/schema.js';
import { auditModel, renderAuditPage, type AuditModel } from './page.js';
import { recordKeys } from './values.js';
import { pageViews } from './source-view.js';

export { renderAuditPage, auditModel, type AuditModel, type CellInfo } from './page.js';
export { recordKeys } from './values.js';
export { pageViews } from './source-view.js';
export type { PageView, ImagePageView, TextPageView } from './source-view.js';

export interface AuditResult {
  html: string;
  record: ReportRecord;
  /** What the page shows for each cell (status, mark, findings). */
  model: AuditModel;
}

/**
 * Extract a source and build its audit page. The record is built from the
 * same Layout the page shows, the way `extract` (src/pipeline.ts) builds it.
 */
export async function auditSource(input: string | Uint8Array, options: { fileName?: string } = {}): Promise<AuditResult> {
  const file = options.fileName ?? (typeof input === 'string' ? path.basename(input) : 'input');
  const bytes = typeof input === 'string' ? await readSource(input, file) : input;
  return auditLayout(await extractLayout(bytes, { file }), bytes, file);
}

/** The record of a Layout (built as `extract` builds it) and its audit page. */
export async function auditLayout(layout: Layout, bytes: Uint8Array, file: string): Promise<AuditResult> {
  const record = ReportRecord.parse(
    buildRecord(layout, { file, sha256: createHash('sha256').update(bytes).digest('hex'), pipeline: PIPELINE_VERSION }),
  );
  const views = await pageViews(layout, record, bytes, file, recordKeys(record));
  return { html: renderAuditPage({ record, views }), record, model: auditModel(record, views) };
}

async function readSource(p: string, file: string): Promise<Uint8Array> {
  let size: number;
  try {
    const st = await stat(p);
    if (!st.isFile()) throw new NianbaoError('unreadable', 'not a regular file', { file });
    size = st.size;
  } catch (err) {
    if (err instanceof NianbaoError) throw err;
    throw new NianbaoError('unreadable', `cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`, { file, cause: err });
  }
  if (size > MAX_INPUT_BYTES) throw new NianbaoError('too-large', `the file is ${(size / 1048576).toFixed(0)} MiB, over the ${MAX_INPUT_BYTES / 1048576} MiB limit`, { file });
  return new Uint8Array(await readFile(p));
}
