/**
 * What an auditor should think of each cell, from its provenance and the
 * findings that name it: the colour of its box on the page and in the tables.
 */
import { CROSS_REPORT_CODES, names } from './findings.js';
import type { CellProvenance, ReportRecord } from './record.js';

type Finding = ReportRecord['findings'][number];

/** A reading at or above this confidence needs no identity to be trusted (below it, a cell is `uncertain`). */
export const CLEAR_CONFIDENCE = 0.8;

export const STATUSES = ['clean', 'repaired', 'uncertain', 'inconsistent', 'missing', 'blank'] as const;
export type CellStatus = (typeof STATUSES)[number];

/** How each status is called on the page. */
export const STATUS_LABELS: Record<CellStatus, string> = {
  clean: 'read cleanly',
  repaired: 'repaired',
  uncertain: 'uncertain',
  inconsistent: 'source inconsistent',
  missing: 'missing',
  blank: 'blank in the source',
};

export { names } from './findings.js';

/** The findings that name a cell, in record order. */
export function findingsOf(findings: readonly Finding[], key: string): Finding[] {
  return findings.filter((f) => names(f, key));
}

/**
 * The status of one cell. Order matters: a blank or lost value first, then
 * what the source itself gets wrong, then what nianbao changed, then what it
 * is unsure of.
 */
export function cellStatus(value: number | null | undefined, prov: CellProvenance | undefined, cellFindings: readonly Finding[]): CellStatus {
  // what another report says of a cell does not change how it was read; only a disagreement between cells read cleanly is the source's own
  const read = cellFindings.filter((f) => !CROSS_REPORT_CODES.has(f.code));
  const has = (sev: Finding['severity']) => read.some((f) => f.severity === sev);
  if (value === null || value === undefined) return has('error') ? 'missing' : 'blank';
  if (cellFindings.some((f) => f.code === 'source-inconsistent' || f.code === 'cross-year-mismatch')) return 'inconsistent';
  if (prov && prov.repairs.length > 0) return 'repaired';
  if (!prov || prov.confidence < CLEAR_CONFIDENCE || has('error') || (prov.method === 'order' && has('warning'))) return 'uncertain';
  if (has('warning')) return 'repaired';
  return 'clean';
}
