/** Reading a record by cell key, and the cell keys a record has. */
import type { ReportRecord } from '../../core/record.js';
import { TEMPLATES, templateCells, type CellLabels } from '../../core/templates/index.js';

/** The value at a dotted cell key: a number, null for a blank, undefined when the record has no such cell. */
export function cellValue(record: ReportRecord, key: string): number | null | undefined {
  let o: unknown = record;
  for (const part of key.split('.')) {
    if (typeof o !== 'object' || o === null) return undefined;
    o = (o as Record<string, unknown>)[part];
  }
  return typeof o === 'number' || o === null ? o : undefined;
}

/** The table-三 row keys of a record, as the reconstructor chose them (a single （六） row or three). */
export function requestRowKeys(record: ReportRecord): string[] {
  const single = record.template === '2019' || record.requests.otherHandling.all !== undefined;
  return TEMPLATES[record.template].tables.requests.rows.filter((r) => !r.variant || r.variant.option === (single ? 'single' : 'rows')).map((r) => r.key);
}

/** The record's cells in reading order (the template's, with its （六） variant). */
export function recordKeys(record: ReportRecord): string[] {
  const single = requestRowKeys(record).includes('otherHandling.all');
  return templateCells(TEMPLATES[record.template], single ? 'single' : 'rows').map((c) => c.key);
}

/**
 * Each cell's Chinese row and column labels in the record's own format.
 * (`cellLabels` in templates/index.ts answers with whichever format it met
 * first — 2019, as '2019' sorts first among integer-like keys — so a 2021
 * record's 行政处罚 cell would read 处理决定数量, not 本年处理决定数量.)
 */
export function recordLabels(record: ReportRecord): Map<string, CellLabels> {
  const single = requestRowKeys(record).includes('otherHandling.all');
  return new Map(templateCells(TEMPLATES[record.template], single ? 'single' : 'rows').map((c) => [c.key, c]));
}

/** `行 · 列` as the form prints them (table 四's single row has no row label). */
export function labelText(l: CellLabels | undefined, key: string): string {
  return l ? [l.rowLabel, l.columnLabel].filter(Boolean).join(' · ') : key;
}
