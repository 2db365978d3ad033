/** Reading a record by cell key for the audit and the diff: the core's accessors, and labels as one line. */
import type { ReportRecord } from '../../core/record.js';
import { recordCells } from '../../core/record-cells.js';
import type { CellLabels } from '../../core/templates/index.js';

export { cellValue, recordRequestRows as requestRowKeys } from '../../core/record-cells.js';

/** The record's cells in reading order (its format's, with its variant rows as it carries them). */
export function recordKeys(record: ReportRecord): string[] {
  return recordCells(record).map((c) => c.key);
}

/** Each cell's Chinese row and column labels in the record's own format (本年处理决定数量 in 2021, 处理决定数量 in 2019). */
export function recordLabels(record: ReportRecord): Map<string, CellLabels> {
  return new Map(recordCells(record).map((c) => [c.key, c]));
}

/** `行 · 列` as the form prints them (table 四's single row has no row label). */
export function labelText(l: CellLabels | undefined, key: string): string {
  return l ? [l.rowLabel, l.columnLabel].filter(Boolean).join(' · ') : key;
}
