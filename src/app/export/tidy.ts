/**
 * The tidy cells table: one row per document × cell. The one definition of
 * its columns and rows, which the long CSV and Parquet both write, so the
 * two cannot drift apart.
 *
 * Not a view in the store: a cell's status, its worst finding and its labels
 * are rules in TypeScript (core/cell-status.ts, cells.ts, the templates) that
 * SQL would have to restate and would drift from; a table filled at ingest
 * would add a row per cell of every document and need backfilling for the
 * stores already made. Export to Parquet instead.
 */
import type { Finding } from '../../core/findings.js';
import type { ReportRecord } from '../../core/record.js';
import { cellStatus, findingsOf } from '../../core/cell-status.js';
import type { StoredRecordRow } from '../store/queries.js';
import { labelsOf } from './cell-labels.js';
import { recordCells, worstFinding } from './cells.js';
import { recordTemplate } from '../../core/record-cells.js';
import { textFields } from '../../core/templates/index.js';

/**
 * How a column is typed where a format has types (Parquet). `number` holds
 * counts and money alike: see `value` below.
 */
export type ColumnType = 'string' | 'int32' | 'number';

export const TIDY_COLUMNS = [
  { name: 'sha256', type: 'string' },
  { name: 'file', type: 'string' },
  { name: 'agency', type: 'string' },
  { name: 'agency_key', type: 'string' },
  { name: 'region_code', type: 'string' },
  { name: 'year', type: 'int32' },
  { name: 'template', type: 'string' },
  { name: 'status', type: 'string' },
  { name: 'table', type: 'string' },
  { name: 'cell', type: 'string' },
  { name: 'row_label', type: 'string' },
  { name: 'column_label', type: 'string' },
  { name: 'unit', type: 'string' },
  // Counts and money in one column: the record holds both as JSON numbers,
  // so a double carries each exactly as the record has it (a count stays a
  // whole number, 682.2674 万元 keeps its decimals).
  { name: 'value', type: 'number' },
  // The value of a text cell (the unit printed beside 采购总金额), which a
  // typed value column cannot hold; null for every numeric cell.
  { name: 'value_text', type: 'string' },
  { name: 'cell_status', type: 'string' },
  { name: 'finding_severity', type: 'string' },
  { name: 'finding_code', type: 'string' },
  { name: 'confidence', type: 'number' },
] as const satisfies readonly { name: string; type: ColumnType }[];

export type TidyColumn = (typeof TIDY_COLUMNS)[number]['name'];
type ValueOf<T extends ColumnType> = T extends 'string' ? string : number;
export type TidyRow = { [C in (typeof TIDY_COLUMNS)[number] as C['name']]: ValueOf<C['type']> | null };

export const TIDY_HEADER: readonly TidyColumn[] = TIDY_COLUMNS.map((c) => c.name);

/** The rows of one stored record, in template order. */
export function tidyRows(stored: StoredRecordRow): TidyRow[] {
  const rec = JSON.parse(stored.record) as ReportRecord;
  const findings = rec.findings as Finding[];
  const cells = recordCells(rec);
  // cells whose unit the report prints beside them rather than the form fixing it (the 2019 form's
  // 采购总金额, in 元 or 万元, whichever the agency wrote): the key of the field that holds it
  const unitFrom = new Map(textFields(recordTemplate(rec)).map((f) => [f.of.key, f.key]));
  const provCells = rec.provenance?.cells ?? {};
  const out: TidyRow[] = [];
  for (const [key, value] of cells) {
    const l = labelsOf(key, rec.template);
    // the findings naming this cell, found once: its worst and its status both come from them
    const own = findingsOf(findings, key);
    const worst = worstFinding(own, key);
    const prov = provCells[key];
    const num = typeof value === 'number' ? value : null;
    const unitCell = unitFrom.get(key);
    const printedUnit = unitCell === undefined ? undefined : cells.get(unitCell);
    out.push({
      sha256: stored.sha256,
      file: stored.path ?? rec.source.file,
      agency: rec.agency,
      agency_key: rec.agencyKey ?? null,
      region_code: rec.region?.code ?? null,
      year: rec.year,
      template: rec.template,
      status: stored.status,
      table: l.table,
      cell: key,
      row_label: l.row,
      column_label: l.column,
      unit: typeof printedUnit === 'string' ? printedUnit : l.unit,
      value: num,
      value_text: typeof value === 'string' ? value : null,
      cell_status: key in provCells ? cellStatus(num, prov, own) : null,
      finding_severity: worst?.severity ?? null,
      finding_code: worst?.code ?? null,
      confidence: prov ? Number(prov.confidence.toFixed(3)) : null,
    });
  }
  return out;
}
