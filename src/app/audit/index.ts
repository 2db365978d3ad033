/**
 * `nianbao audit`: a source → its record and its Layout (extracted once:
 * OCR is the slow part) → the self-contained audit page.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { storedPages } from '../../../extractors/page-images.js';
import { NianbaoError } from '../../core/errors.js';
import type { Layout, SourceKind } from '../../core/layout.js';
import { extractWithLayout, PIPELINE_VERSION } from '../../stages/pipeline.js';
import { buildRecord } from '../../stages/reconstruct/record.js';
import { ReportRecord } from '../../core/record.js';
import { auditModel, renderAuditPage, type AuditModel } from './page.js';
import { recordKeys } from './values.js';
import type { Lang } from './messages.js';
import { pageViews } from './source-view.js';

export { renderAuditPage, auditModel, type AuditModel, type CellInfo } from './page.js';
export { LANGS, DEFAULT_LANG, type Lang } from './messages.js';
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
 * Extract a source and build its audit page, from the very Layout and record
 * `extract` makes (OCR runs once, re-reads included).
 */
export async function auditSource(input: string | Uint8Array, options: { fileName?: string; lang?: Lang } = {}): Promise<AuditResult> {
  const file = options.fileName ?? (typeof input === 'string' ? path.basename(input) : 'input');
  const { layout, record, bytes } = await extractWithLayout(input, { fileName: file });
  return auditRecord(layout, record, bytes, file, options.lang);
}

/**
 * The audit page of a stored record: the record as stored (nothing is
 * extracted or OCR'd again), drawn on the source's pages as its extraction
 * saw them (storedPages: page images, text lines).
 */
export async function auditStored(record: ReportRecord, bytes: Uint8Array, file: string, lang?: Lang): Promise<AuditResult> {
  if (createHash('sha256').update(bytes).digest('hex') !== record.source.sha256) {
    throw new NianbaoError('unreadable', `not the source of the stored record (its sha256 differs from ${record.source.sha256.slice(0, 12)}…)`, { file });
  }
  const layout = await storedPages(bytes, { file, kind: record.source.kind as SourceKind, frames: record.provenance.pageSizes, findings: record.findings });
  return auditRecord(layout, record, bytes, file, lang);
}

/** The record of a Layout (built as `extract` builds it, without re-reads) and its audit page. */
export async function auditLayout(layout: Layout, bytes: Uint8Array, file: string, lang?: Lang): Promise<AuditResult> {
  const record = ReportRecord.parse(buildRecord(layout, { file, sha256: createHash('sha256').update(bytes).digest('hex'), pipeline: PIPELINE_VERSION }));
  return auditRecord(layout, record, bytes, file, lang);
}

async function auditRecord(layout: Layout, record: ReportRecord, bytes: Uint8Array, file: string, lang?: Lang): Promise<AuditResult> {
  const views = await pageViews(layout, record, bytes, file, recordKeys(record));
  return { html: renderAuditPage({ record, views, lang }), record, model: auditModel(record, views, lang) };
}
