/**
 * The canonical record of docs/record.md as one zod schema. Field names and
 * cell keys are a contract with every downstream user: do not rename.
 */
import { z } from 'zod';
import { SOURCE_KINDS } from './layout.js';
import { FindingSchema } from './findings.js';

export { FindingSchema };

/** A cell: a count or an amount as printed, or null for a blank / `/` / `—` / `无`. */
export const CellValue = z.number().finite().nullable();
export type CellValue = z.infer<typeof CellValue>;

const cells = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, CellValue])) as Record<K, typeof CellValue>);

export const APPLICANT_COLUMNS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'] as const;
export const REQUEST_COLUMNS = [...APPLICANT_COLUMNS, 'total'] as const;
export const REVIEW_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;

const RequestRow = cells(REQUEST_COLUMNS);
const ReviewGroup = cells(REVIEW_COLUMNS);

export const Proactive2021 = z.object({
  rules: cells(['issued', 'repealed', 'inForce']),
  normativeDocuments: cells(['issued', 'repealed', 'inForce']),
  licensing: cells(['decisions']),
  penalty: cells(['decisions']),
  coercion: cells(['decisions']),
  fees: cells(['amount']),
});

const Counts2019 = cells(['previous', 'change', 'decisions']);
export const Proactive2019 = z.object({
  rules: cells(['made', 'published', 'total']),
  normativeDocuments: cells(['made', 'published', 'total']),
  licensing: Counts2019,
  otherServices: Counts2019,
  penalty: Counts2019,
  coercion: Counts2019,
  fees: cells(['previous', 'change']),
  procurement: z.object({ projects: CellValue, amount: CellValue, unit: z.string().nullable() }),
});

export const Requests = z.object({
  newReceived: RequestRow,
  carriedOver: RequestRow,
  granted: RequestRow,
  partiallyGranted: RequestRow,
  denied: z.object({
    stateSecret: RequestRow,
    prohibitedByLaw: RequestRow,
    endangersSafety: RequestRow,
    thirdPartyRights: RequestRow,
    internalAffairs: RequestRow,
    processInformation: RequestRow,
    enforcementFiles: RequestRow,
    administrativeQuery: RequestRow,
  }),
  unavailable: z.object({ notHeld: RequestRow, needsCreation: RequestRow, unclear: RequestRow }),
  notProcessed: z.object({
    complaint: RequestRow,
    duplicate: RequestRow,
    publication: RequestRow,
    massRepeated: RequestRow,
    confirmation: RequestRow,
  }),
  /** 2021 format: noCorrection/unpaidFee/other; 2019 format and hybrids: all. */
  otherHandling: z.object({
    noCorrection: RequestRow.optional(),
    unpaidFee: RequestRow.optional(),
    other: RequestRow.optional(),
    all: RequestRow.optional(),
  }),
  total: RequestRow,
  carriedForward: RequestRow,
});

export const ReviewLitigation = z.object({
  review: ReviewGroup,
  litigationDirect: ReviewGroup,
  litigationAfterReview: ReviewGroup,
});

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

const common = {
  schemaVersion: z.literal(1),
  title: z.string().nullable(),
  agency: z.string().nullable(),
  // default(null): records written before these fields existed still read
  agencyKey: z.string().nullable().default(null),
  region: RegionSchema.nullable().default(null),
  year: z.number().int().nullable(),
  source: SourceInfo,
  requests: Requests,
  reviewLitigation: ReviewLitigation,
  narrative: z.object({
    overview: z.string().nullable(),
    problems: z.string().nullable(),
    otherMatters: z.string().nullable(),
  }),
  findings: z.array(FindingSchema),
  provenance: Provenance,
};

export const Record2021 = z.object({ template: z.literal('2021'), proactive: Proactive2021, ...common });
export const Record2019 = z.object({ template: z.literal('2019'), proactive: Proactive2019, ...common });
/** The canonical report record. */
export const ReportRecord = z.discriminatedUnion('template', [Record2021, Record2019]);
export type ReportRecord = z.infer<typeof ReportRecord>;
export type TemplateId = ReportRecord['template'];
