/**
 * Findings: every problem seen while turning a source into a record, shaped
 * after vfile's messages. `code` is a stable kebab-case rule id (an API for
 * auditors); `cells` names cell keys or key prefixes (`requests.granted`).
 *
 * Severity:
 * - `error`: a number could not be read, or an identity fails;
 * - `warning`: a repair was made, or a value is of low confidence;
 * - `info`: worth knowing, changes nothing (a blank makes a sum unassessable).
 */
import { z } from 'zod';

export type Severity = 'error' | 'warning' | 'info';

/** The pipeline stage that raised a finding. */
export type Stage = 'extract' | 'ocr' | 'reconstruct' | 'normalize' | 'validate';

interface CodeInfo {
  severity: Severity;
  stage: Stage;
  /** One line for auditors: what it means. */
  meaning: string;
}

/**
 * Every finding code nianbao raises: its severity, the stage that raises it
 * and what it means. Codes are an API for auditors: a new one is added here
 * first (a test checks that every code the code raises is here, and that the
 * README's table lists them all).
 */
export const FINDING_CODES = {
  'source-inconsistent': {
    severity: 'error',
    stage: 'validate',
    meaning:
      "numbers read cleanly (text layer, grid, or OCR at 0.9+), placed without repair or guess, break an identity, and no misreading of ours explains it: the agency's own error; kept as printed",
  },
  'identity-failed': { severity: 'error', stage: 'validate', meaning: 'an identity fails where a number may be misread: our reading is suspect, not the agency' },
  'impossible-value': {
    severity: 'error',
    stage: 'validate',
    meaning: 'a count that is negative, fractional or too long to hold exactly, or negative money: left unread (the identities may restore it), its text in provenance',
  },
  'table-missing': { severity: 'error', stage: 'reconstruct', meaning: 'a whole table was not found' },
  'row-missing': { severity: 'error', stage: 'reconstruct', meaning: "a row's label was not found, nor its values" },
  'row-values-missing': { severity: 'error', stage: 'reconstruct', meaning: 'a row was found but no values for it' },
  'cell-unread': { severity: 'error', stage: 'reconstruct', meaning: 'nothing could be read for these cells' },
  'digits-ambiguous': { severity: 'error', stage: 'reconstruct', meaning: 'digits run together admit several splits: left null rather than guessed' },
  'digits-unsplittable': { severity: 'error', stage: 'reconstruct', meaning: 'digits run together admit no split that satisfies the row total' },
  'values-unplaceable': { severity: 'error', stage: 'reconstruct', meaning: 'fewer values than cells and nothing to tell which cells are blank: left null rather than guessed' },
  'values-order-ambiguous': { severity: 'error', stage: 'reconstruct', meaning: 'a block of values detached from its labels admits several orders: left null' },
  'values-order-unsolved': {
    severity: 'error',
    stage: 'reconstruct',
    meaning: 'a block of values detached from its labels breaks the identities in the printed order, and no order of them keeps every identity',
  },
  'row-form-unknown': { severity: 'error', stage: 'reconstruct', meaning: "neither form of the （六） rows was found; the cells' keys are a guess" },
  'digits-split': { severity: 'warning', stage: 'reconstruct', meaning: 'digits run together split into cells the one way the identities allow' },
  'values-placed-by-identities': { severity: 'warning', stage: 'reconstruct', meaning: 'a row with blank cells in running text, its blanks placed where the row and column totals put them' },
  'restored-by-identity': { severity: 'warning', stage: 'validate', meaning: 'an unread cell restored as the one value an identity allows' },
  'corrected-by-identity': {
    severity: 'warning',
    stage: 'validate',
    meaning: 'an unsure number no identity confirms replaced by the value a failing identity gives, whose other cells other identities confirm',
  },
  'values-reordered': { severity: 'warning', stage: 'reconstruct', meaning: 'a detached block of values re-laid out with the least movement that keeps every identity' },
  'ocr-reread': { severity: 'warning', stage: 'ocr', meaning: 'a doubtful scan cell read again alone, and the new reading taken' },
  'ocr-confusable': { severity: 'warning', stage: 'normalize', meaning: 'characters OCR confuses with digits read as digits (O as 0, l as 1)' },
  'placed-by-header': { severity: 'warning', stage: 'reconstruct', meaning: 'values put under the column headers they sit nearest to, which spacing or a scan makes uncertain' },
  'placed-by-value-columns': {
    severity: 'warning',
    stage: 'reconstruct',
    meaning: "a scan's values put under the columns the values of its page's rows form together, where no row is full and neither headers nor rules were read",
  },
  'placed-by-other-page': { severity: 'warning', stage: 'reconstruct', meaning: 'values put under the columns of another page of the table, whose layout may differ' },
  'values-detached': { severity: 'warning', stage: 'reconstruct', meaning: "a row's values on separate lines away from its label, taken in reading order, which nothing confirms" },
  'values-out-of-order': { severity: 'warning', stage: 'reconstruct', meaning: "a scan's row whose values OCR read out of their left-to-right order, taken in reading order, which nothing confirms" },
  'row-label-unread': { severity: 'warning', stage: 'reconstruct', meaning: "a row whose label was not read took the line of values in its place in the form's order" },
  'extra-values': { severity: 'warning', stage: 'reconstruct', meaning: 'a row had more values than cells; those on its own line, or the last ones, were used' },
  'stray-value': { severity: 'warning', stage: 'reconstruct', meaning: 'a value that sits under no column, among the values or beside a cell left blank, was not used' },
  'decimal-point-restored': {
    severity: 'warning',
    stage: 'reconstruct',
    meaning: "a scan's amount of money read as two numbers a point's width apart (4459 8), one more than the row's cells: taken as one amount with its decimal point put back",
  },
  'values-off-label': {
    severity: 'info',
    stage: 'reconstruct',
    meaning: "a scan's values after a row's label, on another line than the label and its own values, level with the next row's label (read after them, wrapped in its cell), were taken for that row",
  },
  'stray-numbering': { severity: 'info', stage: 'reconstruct', meaning: "a number left of a full row's values (a label's numbering) was not used" },
  'blank-in-scan': { severity: 'warning', stage: 'ocr', meaning: 'nothing was read under a column of a scan; taken as blank, but a faint or stamped-over digit would look the same' },
  'unconfirmed-blank': {
    severity: 'warning',
    stage: 'validate',
    meaning: "in a source read by OCR, a cell nothing was read for was taken as blank (and the row's values placed by position); a lost number leaves the same gap",
  },
  'ocr-disputed': {
    severity: 'warning',
    stage: 'ocr',
    meaning:
      'in a source read by OCR, a number no identity checks that another reader reads otherwise (another number as long, read fairly surely at first; or a whole amount of money seen with a decimal point); kept as first read',
  },
  'blank-identity-failed': {
    severity: 'warning',
    stage: 'validate',
    meaning: 'in a source read by OCR, an identity a blank leaves unchecked fails with its blanks counted as 0: a blank may be a lost number, or a number a misread blank',
  },
  'lone-blank': {
    severity: 'warning',
    stage: 'validate',
    meaning: 'in a text dump whose blanks are empty places, the one blank of a full row that adds up: kept blank, though a lost 0 would look the same',
  },
  'other-handling-form': {
    severity: 'warning',
    stage: 'reconstruct',
    meaning: '（六） read as one row (otherHandling.all) on weak evidence (OCR, words of the three rows in the table, or sums that do not confirm it); names every sub-row',
  },
  'template-guessed': { severity: 'warning', stage: 'reconstruct', meaning: 'the headers did not say which format; taken from the year (names table 二 and the （六） rows)' },
  'ocr-low-confidence': { severity: 'warning', stage: 'ocr', meaning: 'OCR was unsure (below 0.8, or 0.9 where no identity confirms the value)' },
  'pages-not-read': { severity: 'warning', stage: 'extract', meaning: 'a scanned PDF longer than the page limit: its first pages were read, the rest not (--max-pages raises the limit)' },
  'ocr-empty-page': { severity: 'warning', stage: 'ocr', meaning: 'OCR found no text on a page' },
  'narrative-count-mismatch': { severity: 'warning', stage: 'validate', meaning: '总体情况 states a count that table 三 contradicts' },
  'agency-misread': {
    severity: 'warning',
    stage: 'normalize',
    meaning: "a scan's title read the agency's name otherwise than most of the document's printings of it (running headers, signature, body); taken as they read it",
  },
  'title-completed': { severity: 'warning', stage: 'normalize', meaning: "an OCR'd title lost its last character (…年度报); completed as 年度报告" },
  'text-bad-bytes': { severity: 'warning', stage: 'extract', meaning: "bytes not valid in the text's encoding were replaced (their offsets given) and the rest read" },
  'html-charset-mismatch': { severity: 'warning', stage: 'extract', meaning: "the page's declared charset does not decode it; another was used" },
  'docx-empty': { severity: 'warning', stage: 'extract', meaning: 'the Word document body holds no text' },
  'docx-numbering-unreadable': { severity: 'warning', stage: 'extract', meaning: 'the Word list numbering could not be read; list labels may lack their numbers' },
  'ocr-text': {
    severity: 'info',
    stage: 'reconstruct',
    meaning: 'a text dump whose tables print characters the form does not: OCR output; its numbers count as OCR readings of unknown confidence (0.85)',
  },
  'identity-unassessable': { severity: 'info', stage: 'validate', meaning: "blank cells leave an identity unchecked (blank usually means zero; that is the reader's call)" },
  'hybrid-other-handling': { severity: 'info', stage: 'reconstruct', meaning: 'a clean 2021 report prints （六） as one row, as the 2019 format did: recorded as otherHandling.all' },
  'values-in-reading-order': { severity: 'info', stage: 'reconstruct', meaning: 'a block of values detached from its labels read in reading order, which every identity confirms' },
  'ocr-seal-removed': { severity: 'info', stage: 'ocr', meaning: 'a red seal was removed from a scanned page before OCR' },
  'ocr-perspective-corrected': {
    severity: 'info',
    stage: 'ocr',
    meaning:
      'a page photographed at an angle (the sheet a quadrilateral on a darker surface) was mapped back onto a rectangle before OCR; its boxes are on the straightened page, as the audit shows it',
  },
  'html-no-report-structure': { severity: 'info', stage: 'extract', meaning: 'the web page has no table or section structure; read as text' },
  'page-rotated': {
    severity: 'info',
    stage: 'ocr',
    meaning: 'a scanned page lay sideways or upside down and was turned upright before OCR (the page and the angle); its boxes are on the turned page, as the audit shows it',
  },
  'html-chrome-dropped': { severity: 'info', stage: 'extract', meaning: 'site navigation and chrome left out of a web page' },
  'region-unknown': {
    severity: 'info',
    stage: 'normalize',
    meaning: "no region: the agency's name begins with no division's name, or names one the division data does not have (the name as printed is quoted)",
  },
  'region-ambiguous': {
    severity: 'info',
    stage: 'normalize',
    meaning: "no region: the division the agency's name begins with is one of several of that name, and no name above it says which (the candidates are listed)",
  },
  'duplicate-report': {
    severity: 'warning',
    stage: 'validate',
    meaning: 'the store holds another report (other content) of this agency (agencyKey) and year, read as well or better: `export --dedupe` leaves this one out',
  },
  'cross-year-mismatch': {
    severity: 'warning',
    stage: 'validate',
    meaning:
      "上年结转 differs from 结转下年度 in the agency's report of the year before, both read cleanly: the two reports disagree (`nianbao check` records it on the later report; kept as printed)",
  },
  'cross-year-unconfirmed': {
    severity: 'warning',
    stage: 'validate',
    meaning: "上年结转 differs from last year's 结转下年度, but one of the two cells is not read cleanly: our reading may explain it, not the agency (`nianbao check`)",
  },
} as const satisfies Record<string, CodeInfo>;

export type FindingCode = keyof typeof FINDING_CODES;

/**
 * Findings that come from comparing a report with another one (`nianbao
 * check`), not from reading it: they say nothing of how a cell was read,
 * and a check replaces them all whenever it runs again.
 */
export const CROSS_REPORT_CODES: ReadonlySet<string> = new Set<FindingCode>(['cross-year-mismatch', 'cross-year-unconfirmed']);

/** A finding as the record carries it (docs/record.md, "Findings"). */
export const FindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  cells: z.array(z.string()).optional(),
  message: z.string(),
  stage: z.enum(['extract', 'ocr', 'reconstruct', 'normalize', 'validate']).optional(),
  /** For sums and repairs: what the source says and what was expected. */
  actual: z.union([z.number(), z.string(), z.null()]).optional(),
  expected: z.union([z.number(), z.string(), z.null()]).optional(),
  page: z.number().int().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Collects findings in the order they are raised. */
export class FindingList {
  readonly items: Finding[] = [];

  add(f: Finding): Finding {
    this.items.push(f);
    return f;
  }
  error(code: string, message: string, extra: Partial<Finding> = {}): Finding {
    return this.add({ code, severity: 'error', message, ...extra });
  }
  warning(code: string, message: string, extra: Partial<Finding> = {}): Finding {
    return this.add({ code, severity: 'warning', message, ...extra });
  }
  info(code: string, message: string, extra: Partial<Finding> = {}): Finding {
    return this.add({ code, severity: 'info', message, ...extra });
  }
}

/** True when the finding names the cell key, or a dotted prefix of it (its row, its table). */
export function names(f: Pick<Finding, 'cells'>, key: string): boolean {
  return (f.cells ?? []).some((c) => c === key || key.startsWith(c.endsWith('.') ? c : c + '.'));
}

/** True when an error or warning names the key or a dotted prefix of it. */
export function isFlagged(findings: readonly Finding[], key: string): boolean {
  return findings.some((f) => (f.severity === 'error' || f.severity === 'warning') && names(f, key));
}
