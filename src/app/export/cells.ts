/**
 * Cell keys in the form's order, read off the templates (as the record
 * schema is), and the values and worst findings of one record by cell key.
 */
import { names, type Finding, type Severity } from '../../core/findings.js';
import type { ReportRecord } from '../../core/record.js';
import { cellValue, textValue } from '../../core/record-cells.js';
import { derived, formatKeys, templateOf, templates, textFields, type TableId } from '../../core/templates/index.js';

const TABLES: TableId[] = ['proactive', 'requests', 'reviewLitigation'];
const tableOf = (key: string) => key.slice(0, key.indexOf('.')) as TableId;

/** Every key a record of one format may hold, in the form's order (the rows of every variant, and text fields, included). */
export function templateCellKeys(template: string): readonly string[] {
  return formatKeys(templateOf(template));
}

/**
 * The union of every format's keys, table by table: the newest format's keys
 * in order, then each older format's keys the newer ones lack. The wide CSV's columns.
 */
export const allCellKeys = derived((): readonly string[] =>
  TABLES.flatMap((table) => {
    const out: string[] = [];
    for (const t of templates()) for (const k of formatKeys(t)) if (tableOf(k) === table && !out.includes(k)) out.push(k);
    return out;
  }),
);

/** Keys whose value is text (a unit printed beside a number), not a number. */
export const textCellKeys = derived((): ReadonlySet<string> => new Set(templates().flatMap((t) => textFields(t).map((f) => f.key))));

export type CellText = number | string | null;

/**
 * The cells a record has, key → value, in template order. An optional row
 * the record does not carry (the other variant of （六）其他处理) is absent,
 * not null: null means the source left the cell blank.
 */
export function recordCells(record: ReportRecord): Map<string, CellText> {
  const out = new Map<string, CellText>();
  const text = textCellKeys();
  for (const key of templateCellKeys(record.template)) {
    const v = text.has(key) ? textValue(record, key) : cellValue(record, key);
    if (v !== undefined) out.set(key, v);
  }
  return out;
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/**
 * The worst finding naming the key or a dotted prefix of it: the first of the
 * highest severity, in record order. Its code keeps apart what severity alone
 * does not (`source-inconsistent`, the agency's sums, against `identity-failed`, our reading).
 */
export function worstFinding(findings: readonly Finding[], key: string): Finding | null {
  let worst: Finding | null = null;
  for (const f of findings) {
    if (!names(f, key)) continue;
    if (!worst || RANK[f.severity] > RANK[worst.severity]) worst = f;
  }
  return worst;
}
