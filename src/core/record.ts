/**
 * The canonical record of docs/record.md as one zod schema. Field names and
 * cell keys are a contract with every downstream user: do not rename.
 */
import { z } from 'zod';
import { SOURCE_KINDS } from './layout.js';
import { FindingSchema } from './findings.js';
import { cellKey, derived, formatKeys, templates, textFields, type Template } from './templates/index.js';

export { FindingSchema };

/** A cell: a count or an amount as printed, or null for a blank / `/` / `—` / `无`. */
export const CellValue = z.number().finite().nullable();
export type CellValue = z.infer<typeof CellValue>;

export const BoxSchema = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });

/** Where one cell's value came from. */
export const CellProvenance = z.object({
  page: z.number().int().nullable(),
  box: BoxSchema.nullable(),
  unit: z.enum(['pt', 'px', 'char', 'cell']).nullable(),
  /** The source text the value was read from (a digit run when cells were glued). */
  raw: z.string().nullable(),
  /** 0..1: 1 for a text layer or a grid cell, the OCR confidence for a scan. */
  confidence: z.number(),
  /** How the cell was placed in its row and column. */
  method: z.enum(['grid', 'position', 'order', 'digit-split', 'identity', 'missing']),
  /** Repairs applied, each a finding code (`ocr-confusable`, `restored-by-identity`, …). */
  repairs: z.array(z.string()),
});
export type CellProvenance = z.infer<typeof CellProvenance>;

export const Provenance = z.object({
  pipeline: z.string(),
  cells: z.record(z.string(), CellProvenance),
  pageSizes: z.array(
    z.object({
      page: z.number().int(),
      width: z.number(),
      height: z.number(),
      unit: z.string(),
      /** PDF pages read turned: degrees clockwise from the page as displayed to the frame its boxes are in. */
      turn: z.number().int().optional(),
    }),
  ),
});

export const SourceInfo = z.object({
  file: z.string(),
  sha256: z.string(),
  kind: z.enum(SOURCE_KINDS as [string, ...string[]]),
  pages: z.number().int(),
});

/** The administrative division an agency belongs to (docs/record.md, "Who the agency is"). */
export const RegionSchema = z.object({
  code: z.string().regex(/^(\d{6}|\d{9})$/),
  level: z.enum(['province', 'city', 'county', 'township']),
  names: z.array(z.string()),
});
export type Region = z.infer<typeof RegionSchema>;

/** The fields every format shares, in the record's order: before its tables 三 and 四, and after them. */
const head = {
  schemaVersion: z.literal(1),
  title: z.string().nullable(),
  agency: z.string().nullable(),
  // default(null): records written before these fields existed still read
  agencyKey: z.string().nullable().default(null),
  region: RegionSchema.nullable().default(null),
  year: z.number().int().nullable(),
  source: SourceInfo,
};
const tail = {
  narrative: z.object({
    overview: z.string().nullable(),
    problems: z.string().nullable(),
    otherMatters: z.string().nullable(),
  }),
  findings: z.array(FindingSchema),
  provenance: Provenance,
};

/**
 * A table's cells, nested by cell key (`requests.denied.stateSecret.total`).
 * Which keys there are depends on the record's format, which the templates
 * hold as data, so the type cannot list them: read a cell with `cellValue`
 * (record-cells.ts); the schema below checks every one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the keys are known only from the templates, at run time
export type CellTable = { [key: string]: any };

/** The canonical report record. */
export type ReportRecord = z.infer<z.ZodObject<typeof head & typeof tail>> & {
  /** The format's id, as its template names it (a year, for the national formats). */
  template: string;
  proactive: CellTable;
  requests: CellTable;
  reviewLitigation: CellTable;
};

/** A zod object for dotted keys below `prefix`: a cell, a text field, or an object of the keys below it; the objects at `optional` paths may be absent. */
function nested(keys: readonly { key: string; leaf: z.ZodType }[], optional: ReadonlySet<string>, prefix = ''): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const head of new Set(keys.map((k) => k.key.split('.')[0]!))) {
    const leaf = keys.find((k) => k.key === head);
    const below = keys.filter((k) => k.key.startsWith(head + '.')).map((k) => ({ ...k, key: k.key.slice(head.length + 1) }));
    const child = leaf ? leaf.leaf : nested(below, optional, prefix + head + '.');
    shape[head] = optional.has(prefix + head) ? child.optional() : child;
  }
  return z.object(shape);
}

/** The record schema of one format, derived from its template: its cells and text fields, a variant group's rows each optional. */
export function formatSchema(template: Template) {
  const text = new Set(textFields(template).map((t) => t.key));
  const leaves = formatKeys(template).map((key) => ({ key, leaf: text.has(key) ? z.string().nullable() : CellValue }));
  const variantRows = new Set(Object.values(template.tables).flatMap((t) => t.rows.filter((r) => r.variant).map((r) => cellKey(t.id, r.key, ''))));
  const { proactive, requests, reviewLitigation } = nested(leaves, variantRows).shape;
  // the order of the record's JSON, as docs/record.md shows it
  return z.object({ template: z.literal(template.id), proactive: proactive!, ...head, requests: requests!, reviewLitigation: reviewLitigation!, ...tail });
}

/** The schema of a record in any known format, derived again when a format is registered. */
export const recordSchema = derived(() => {
  const [first, ...rest] = templates().map(formatSchema);
  return z.discriminatedUnion('template', [first!, ...rest]) as unknown as z.ZodType<ReportRecord>;
});

/** The canonical report record's schema (zod): `ReportRecord.parse(json)`. */
export const ReportRecord: z.ZodType<ReportRecord> = z.lazy(recordSchema);

/** A format's id, as records carry it. */
export type TemplateId = string;
