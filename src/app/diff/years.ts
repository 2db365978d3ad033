/**
 * Two reports of one agency, a year apart: what was carried into this year
 * (二、上年结转, `requests.carriedOver.*`) must be what last year's report
 * carried forward (四、结转下年度继续办理, `requests.carriedForward.*`); and
 * the change in every cell from one year to the next.
 */
import { squeeze } from '../../../normalizers/text.js';
import type { ReportRecord } from '../../core/record.js';
import { cellValue, labelText, recordKeys, recordLabels } from '../audit/values.js';
import type { Side } from './records.js';

export interface CarryCheck {
  column: string;
  /** Last year's 结转下年度 cell and value. */
  carriedForward: { key: string; value: number | null };
  /** This year's 上年结转 cell and value. */
  carriedOver: { key: string; value: number | null };
  result: 'matches' | 'mismatch' | 'unassessable';
}

export interface YearChange {
  key: string;
  labels: string;
  earlier: Side;
  later: Side;
  /** later − earlier, when both are numbers. */
  delta: number | null;
}

export interface YearsDiff {
  earlier: { file: string; year: number | null; agency: string | null };
  later: { file: string; year: number | null; agency: string | null };
  /** Reasons to doubt the pairing: different agencies, the same year, a gap of years, a year not found. */
  warnings: string[];
  carry: CarryCheck[];
  /** Every cell of either record, in reading order. */
  changes: YearChange[];
}

/**
 * Who an agency is, for pairing its reports across years: the record's
 * normalised `agencyKey` (docs/record.md), or for a record stored before it
 * had one, its name without spaces.
 */
export function agencyKeyOf(record: Pick<ReportRecord, 'agency' | 'agencyKey'>): string | null {
  const key = record.agencyKey ?? squeeze(record.agency ?? '');
  return key || null;
}

/** The two rows the carry-over identity reads: last year's 结转下年度 and this year's 上年结转. */
export interface CarryRows {
  requests: ReportRecord['requests'];
}

/** 上年结转 of the later report against 结转下年度 of the earlier one, column by column. */
export function carryChecks(earlier: CarryRows, later: CarryRows): CarryCheck[] {
  // the columns of table 三 as the later report's format has them
  const columns = Object.keys(later.requests.carriedOver ?? {});
  return columns.map((c) => {
    const f = earlier.requests.carriedForward[c] ?? null;
    const o = later.requests.carriedOver[c] ?? null;
    return {
      column: c,
      carriedForward: { key: `requests.carriedForward.${c}`, value: f },
      carriedOver: { key: `requests.carriedOver.${c}`, value: o },
      result: f === null || o === null ? 'unassessable' : f === o ? 'matches' : 'mismatch',
    };
  });
}

/** `names` are what to call the two operands (their paths), by default the records' source files. */
export function diffYears(a: ReportRecord, b: ReportRecord, names: [string, string] = [a.source.file, b.source.file]): YearsDiff {
  const warnings: string[] = [];
  let [earlier, later] = [a, b];
  const nameOf = new Map([
    [a, names[0]],
    [b, names[1]],
  ]);
  if (a.year === null || b.year === null) warnings.push(`a report's year was not found; taken in the order given (${names[0]} before ${names[1]})`);
  else if (a.year > b.year) [earlier, later] = [b, a];
  if (a.year !== null && a.year === b.year) warnings.push(`both reports are for ${a.year}`);
  else if (earlier.year !== null && later.year !== null && later.year - earlier.year !== 1) {
    warnings.push(`the reports are ${later.year - earlier.year} years apart: 上年结转 is checked against a report that is not last year's`);
  }
  if (agencyKeyOf(a) !== agencyKeyOf(b)) warnings.push(`the agencies differ: ${a.agency ?? '(not found)'} / ${b.agency ?? '(not found)'}`);

  const carry = carryChecks(earlier, later);

  const labels = new Map([...recordLabels(later), ...recordLabels(earlier)]);
  const ke = new Set(recordKeys(earlier));
  const kl = new Set(recordKeys(later));
  const changes = [...ke, ...[...kl].filter((k) => !ke.has(k))].map((key) => {
    const e: Side = ke.has(key) ? (cellValue(earlier, key) ?? null) : 'absent';
    const l: Side = kl.has(key) ? (cellValue(later, key) ?? null) : 'absent';
    return { key, labels: labelText(labels.get(key), key), earlier: e, later: l, delta: typeof e === 'number' && typeof l === 'number' ? Math.round((l - e) * 1e6) / 1e6 : null };
  });
  const who = (r: ReportRecord) => ({ file: nameOf.get(r)!, year: r.year, agency: r.agency });
  return { earlier: who(earlier), later: who(later), warnings, carry, changes };
}
