/**
 * A record's cells by dotted key (`requests.denied.stateSecret.total`): the
 * one place that reads and writes the nested objects, and that tells which
 * form of its variant rows a record carries.
 */
import type { ReportRecord } from './record.js';
import { requestRowKeys, templateCells, templateOf, variantOptions, type Template, type TemplateCell, type VariantChoice } from './templates/index.js';

/** What is at a dotted key: undefined where the record has no such key. */
function at(record: object, key: string): unknown {
  let o: unknown = record;
  for (const part of key.split('.')) {
    if (typeof o !== 'object' || o === null) return undefined;
    o = (o as Record<string, unknown>)[part];
  }
  return o;
}

/** The value at a dotted cell key: a number, null for a blank, undefined when the record has no such cell. */
export function cellValue(record: ReportRecord, key: string): number | null | undefined {
  const v = at(record, key);
  return typeof v === 'number' || v === null ? v : undefined;
}

/** The text at a dotted key (a unit as printed), null where none was printed, undefined when the record has no such field. */
export function textValue(record: ReportRecord, key: string): string | null | undefined {
  const v = at(record, key);
  return typeof v === 'string' || v === null ? v : undefined;
}

/** Sets the value at a dotted key, making the objects on the way. */
export function setAt(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  o[parts[parts.length - 1]!] = value;
}

/** The record's format. */
export function recordTemplate(record: ReportRecord): Template {
  return templateOf(record.template);
}

/** Which option of each variant group the record carries: the option whose rows it holds. */
export function recordVariants(record: ReportRecord): VariantChoice {
  const template = recordTemplate(record);
  const choice: Record<string, string> = {};
  for (const [group, options] of variantOptions(template)) {
    const rowsOf = (option: string) => Object.values(template.tables).flatMap((t) => t.rows.filter((r) => r.variant?.group === group && r.variant.option === option).map((r) => `${t.id}.${r.key}`));
    choice[group] = options.find((o) => rowsOf(o).some((k) => at(record, k) !== undefined)) ?? options[0]!;
  }
  return choice;
}

/** The record's cells in reading order, with their labels in the record's own format. */
export function recordCells(record: ReportRecord): readonly TemplateCell[] {
  return templateCells(recordTemplate(record), recordVariants(record));
}

/** The table-三 row keys the record holds (its （六） rows in the form it carries). */
export function recordRequestRows(record: ReportRecord): string[] {
  return requestRowKeys(recordTemplate(record), recordVariants(record));
}
