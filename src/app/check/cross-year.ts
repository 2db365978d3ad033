/**
 * Checks across a store: every agency's reports of consecutive years, paired.
 * The later report's 上年结转 (`requests.carriedOver.*`) must be what the
 * earlier one carried forward (结转下年度, `requests.carriedForward.*`), column
 * by column (the identity of `diff --years`, carryChecks); and a figure that
 * jumps by more than a chosen factor from one year to the next is listed.
 *
 * Blame is careful: a disagreement between two cells both read as printed
 * is the agency's (its two reports disagree); where either cell is not read
 * cleanly, our reading may explain it, and the check says so instead.
 */
import { CROSS_REPORT_CODES, type Finding } from '../../core/findings.js';
import type { ReportRecord } from '../../core/record.js';
import { cellStatus, findingsOf, type CellStatus } from '../../core/cell-status.js';
import { agencyKeyOf, carryChecks, type CarryRows } from '../diff/years.js';
import { cellValue } from '../../core/record-cells.js';

/** The figure whose jumps are listed unless others are asked for: new requests received in the year, all applicants. */
export const DEFAULT_FIGURES = ['requests.newReceived.total'] as const;
/** A figure that grows or shrinks more than this many times from one year to the next is listed (--jump). */
export const DEFAULT_JUMP = 10;

/** Statuses of a value taken as printed: read cleanly (an `inconsistent` cell is read cleanly too, and breaks an identity of its own report). */
const AS_PRINTED: ReadonlySet<CellStatus> = new Set(['clean', 'inconsistent']);
export const readAsPrinted = (status: CellStatus): boolean => AS_PRINTED.has(status);

/** Which side is in doubt, by its year (as in: 2021's cell is uncertain), for each side not read as printed. */
export function doubts(sides: readonly { year: number; status: CellStatus }[], what = 'cell'): string {
  return sides
    .filter((s) => !readAsPrinted(s.status))
    .map((s) => `${s.year}'s ${what} is ${s.status}`)
    .join(' and ');
}

/** A stored record and where it came from. */
export interface StoredReport {
  sha256: string;
  /** A path the document was found under (the first in sort order), if any. */
  path: string | null;
  record: ReportRecord;
}

/** One cell of one report, as the check shows it. */
export interface CellReading {
  key: string;
  value: number | null;
  status: CellStatus;
}

/**
 * What the check keeps of a record: the carry-over rows and the figures
 * with their statuses, so that a store of any size is held in little memory.
 */
export interface ReportSummary {
  sha256: string;
  path: string | null;
  file: string;
  agency: string;
  agencyKey: string;
  year: number;
  rows: CarryRows;
  /** Status of every cell the check may name (the carry-over rows and the figures). */
  cells: Map<string, CellReading>;
  /** The cross-report findings the record carries now: a check replaces them. */
  crossFindings: Finding[];
}

/** A report as a side of a pair. */
export interface ReportRef {
  sha256: string;
  path: string | null;
  file: string;
  year: number;
}

export interface CarryMismatch {
  agency: string;
  column: string;
  /** The earlier report and its 结转下年度 cell. */
  earlier: ReportRef & CellReading;
  /** The later report and its 上年结转 cell. */
  later: ReportRef & CellReading;
  /** `reports`: both cells read as printed, the agency's two reports disagree; `reading`: a cell is not read cleanly, our reading may be the cause. */
  blame: 'reports' | 'reading';
}

export interface Jump {
  agency: string;
  figure: string;
  earlier: ReportRef & CellReading;
  later: ReportRef & CellReading;
  /** The larger value over the smaller, a zero counted as 1 (0 → 12 is a jump of 12). */
  factor: number;
  /** Either value not read cleanly: the jump may be a misreading. */
  unsure: boolean;
}

export interface CheckOptions {
  /** List figures that change by more than this factor (> 1). */
  jump: number;
  /** Cell keys whose jumps are listed. */
  figures: readonly string[];
}

export interface CrossYearReport {
  /** Stored records read. */
  records: number;
  /** Records left out: no agency name, or no year, found in them. */
  skipped: { noAgency: number; noYear: number };
  agencies: number;
  /** Pairs of reports of one agency, a year apart. */
  pairs: number;
  /** Agency-years with more than one report: each is paired with each of the next year's. */
  severalReports: { agency: string; year: number; reports: number }[];
  /** Columns compared (pairs × 7) by result. */
  columns: { matches: number; mismatches: number; unassessable: number };
  mismatches: CarryMismatch[];
  jump: number;
  figures: string[];
  jumps: Jump[];
}

/** The summary of one stored record, or why it cannot be paired. */
export function summarize(stored: StoredReport, figures: readonly string[]): ReportSummary | 'no-agency' | 'no-year' {
  const { record } = stored;
  const agencyKey = agencyKeyOf(record);
  if (agencyKey === null) return 'no-agency';
  if (record.year === null) return 'no-year';
  // judged as read: the findings of an earlier check are replaced, not evidence
  const own = record.findings.filter((f) => !CROSS_REPORT_CODES.has(f.code));
  const keys = [...['carriedForward', 'carriedOver'].flatMap((row) => Object.keys(record.requests[row as 'carriedOver']).map((c) => `requests.${row}.${c}`)), ...figures];
  const cells = new Map<string, CellReading>();
  for (const key of keys) {
    const value = cellValue(record, key);
    if (value === undefined) continue;
    cells.set(key, { key, value, status: cellStatus(value, record.provenance.cells[key], findingsOf(own, key)) });
  }
  return {
    sha256: stored.sha256,
    path: stored.path,
    file: record.source.file,
    agency: record.agency!,
    agencyKey,
    year: record.year,
    rows: { requests: { carriedForward: record.requests.carriedForward, carriedOver: record.requests.carriedOver } },
    cells,
    crossFindings: record.findings.filter((f) => CROSS_REPORT_CODES.has(f.code)),
  };
}

/** Check every agency's consecutive years among the summaries. */
export function checkAcrossYears(summaries: readonly ReportSummary[], skipped: CrossYearReport['skipped'], options: CheckOptions): CrossYearReport {
  const byAgency = new Map<string, Map<number, ReportSummary[]>>();
  for (const s of summaries) {
    const years = byAgency.get(s.agencyKey) ?? new Map<number, ReportSummary[]>();
    years.set(s.year, [...(years.get(s.year) ?? []), s]);
    byAgency.set(s.agencyKey, years);
  }
  const report: CrossYearReport = {
    records: summaries.length + skipped.noAgency + skipped.noYear,
    skipped,
    agencies: byAgency.size,
    pairs: 0,
    severalReports: [],
    columns: { matches: 0, mismatches: 0, unassessable: 0 },
    mismatches: [],
    jump: options.jump,
    figures: [...options.figures],
    jumps: [],
  };
  for (const key of [...byAgency.keys()].sort()) {
    const years = byAgency.get(key)!;
    for (const year of [...years.keys()].sort((a, b) => a - b)) {
      const these = years.get(year)!;
      if (these.length > 1) report.severalReports.push({ agency: these[0]!.agency, year, reports: these.length });
      for (const earlier of these) for (const later of years.get(year + 1) ?? []) comparePair(earlier, later, options, report);
    }
  }
  return report;
}

const ref = (s: ReportSummary): ReportRef => ({ sha256: s.sha256, path: s.path, file: s.file, year: s.year });
const reading = (s: ReportSummary, key: string): CellReading => s.cells.get(key) ?? { key, value: null, status: 'blank' };

function comparePair(earlier: ReportSummary, later: ReportSummary, options: CheckOptions, report: CrossYearReport): void {
  report.pairs++;
  for (const c of carryChecks(earlier.rows, later.rows)) {
    if (c.result === 'matches') report.columns.matches++;
    else if (c.result === 'unassessable') report.columns.unassessable++;
    else {
      report.columns.mismatches++;
      const e = reading(earlier, c.carriedForward.key);
      const l = reading(later, c.carriedOver.key);
      report.mismatches.push({
        agency: later.agency,
        column: c.column,
        earlier: { ...ref(earlier), ...e },
        later: { ...ref(later), ...l },
        blame: readAsPrinted(e.status) && readAsPrinted(l.status) ? 'reports' : 'reading',
      });
    }
  }
  for (const figure of options.figures) {
    const e = reading(earlier, figure);
    const l = reading(later, figure);
    if (e.value === null || l.value === null) continue;
    const factor = Math.max(e.value, l.value, 1) / Math.max(Math.min(e.value, l.value), 1);
    if (factor > options.jump) {
      report.jumps.push({ agency: later.agency, figure, earlier: { ...ref(earlier), ...e }, later: { ...ref(later), ...l }, factor, unsure: !readAsPrinted(e.status) || !readAsPrinted(l.status) });
    }
  }
}

/**
 * The finding each mismatch puts on the later report (the one whose 上年结转
 * disagrees with what the year before carried forward), by its sha256.
 */
export function crossYearFindings(report: CrossYearReport): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const m of report.mismatches) {
    const { earlier: e, later: l } = m;
    const source = `the ${e.year} report (${e.file}, sha256 ${e.sha256.slice(0, 12)}) carried forward ${e.value} (结转下年度)`;
    const why = m.blame === 'reports' ? 'both read cleanly: the two reports disagree' : `not confirmed: ${doubts([e, l])}, so our reading may explain it`;
    const finding: Finding = {
      code: m.blame === 'reports' ? 'cross-year-mismatch' : 'cross-year-unconfirmed',
      severity: 'warning',
      stage: 'validate',
      cells: [l.key],
      message: `上年结转 (${m.column}) is ${l.value}, but ${source}; ${why}`,
      actual: l.value,
      expected: e.value,
    };
    out.set(l.sha256, [...(out.get(l.sha256) ?? []), finding]);
  }
  return out;
}
