/**
 * Cell keys, in template order, read off the record schema itself (the
 * contract of docs/record.md), and the values and worst findings of one
 * record by cell key.
 */
import { z } from 'zod';
import { names, type Finding, type Severity } from '../../core/findings.js';
import { Record2019, Record2021, type ReportRecord, type TemplateId } from '../../core/record.js';

const SECTIONS = ['proactive', 'requests', 'reviewLitigation'] as const;

/** Leaf paths of a zod object schema, in declaration order. */
function leafKeys(schema: z.ZodType, prefix: string): string[] {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (s instanceof z.ZodObject) {
    return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

function templateKeys(schema: typeof Record2021 | typeof Record2019): Record<(typeof SECTIONS)[number], string[]> {
  const shape = schema.shape;
  return {
    proactive: leafKeys(shape.proactive, 'proactive'),
    requests: leafKeys(shape.requests, 'requests'),
    reviewLitigation: leafKeys(shape.reviewLitigation, 'reviewLitigation'),
  };
}

const KEYS_BY_TEMPLATE = { '2021': templateKeys(Record2021), '2019': templateKeys(Record2019) } as const;

/** Every cell key of one template, in the order of the form (optional rows included). */
export function templateCellKeys(template: TemplateId): string[] {
  const k = KEYS_BY_TEMPLATE[template];
  return SECTIONS.flatMap((s) => k[s]);
}

/**
 * The union of both templates' keys, section by section: the 2021 keys in
 * order, then the 2019 keys the 2021 format lacks. The wide CSV's columns.
 */
export const ALL_CELL_KEYS: readonly string[] = SECTIONS.flatMap((s) => {
  const a = KEYS_BY_TEMPLATE['2021'][s];
  return [...a, ...KEYS_BY_TEMPLATE['2019'][s].filter((k) => !a.includes(k))];
});

/** Keys whose value is text (the unit printed with 采购总金额), not a number. */
export const TEXT_CELL_KEYS: ReadonlySet<string> = new Set(['proactive.procurement.unit']);

export type CellText = number | string | null;

/**
 * The cells a record has, key → value, in template order. An optional row
 * the record does not carry (the other variant of （六）其他处理) is absent,
 * not null: null means the source left the cell blank.
 */
export function recordCells(record: ReportRecord): Map<string, CellText> {
  const out = new Map<string, CellText>();
  for (const key of templateCellKeys(record.template)) {
    let v: unknown = record;
    for (const part of key.split('.')) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[part];
    if (v === undefined) continue;
    out.set(key, typeof v === 'number' || typeof v === 'string' ? v : null);
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
