/**
 * The check and the store: read every stored record once (keeping a small
 * summary of each), and put the check's findings on the records they concern.
 * Each run replaces the findings of the run before: a record whose
 * cross-report findings are already the ones this run makes is left as it
 * is, so running the check twice changes nothing the second time.
 */
import { CROSS_REPORT_CODES, type Finding } from '../../core/findings.js';
import type { ReportRecord } from '../../core/record.js';
import { iterateRecords } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { summarize, type CrossYearReport, type ReportSummary } from './cross-year.js';

export function readSummaries(store: Store, figures: readonly string[]): { summaries: ReportSummary[]; skipped: CrossYearReport['skipped'] } {
  const summaries: ReportSummary[] = [];
  const skipped = { noAgency: 0, noYear: 0 };
  for (const row of iterateRecords(store)) {
    // stored records were checked against the schema when they were stored
    const s = summarize({ sha256: row.sha256, path: row.path, record: JSON.parse(row.record) as ReportRecord }, figures);
    if (s === 'no-agency') skipped.noAgency++;
    else if (s === 'no-year') skipped.noYear++;
    else summaries.push(s);
  }
  return { summaries, skipped };
}

export interface FindingsWritten {
  /** Findings put on records that did not carry them. */
  added: number;
  /** Findings of an earlier check that no longer hold (the records changed), taken off. */
  removed: number;
  /** Records rewritten. */
  documents: number;
}

const same = (a: Finding, b: Finding) => JSON.stringify(a) === JSON.stringify(b);

/** Make each record's cross-report findings what `wanted` says (none where it says nothing), in one transaction. */
export function writeCrossReportFindings(store: Store, summaries: readonly ReportSummary[], wanted: ReadonlyMap<string, Finding[]>): FindingsWritten {
  const out: FindingsWritten = { added: 0, removed: 0, documents: 0 };
  const read = store.db.prepare<[string], { record: string }>('SELECT record FROM documents WHERE sha256 = ? AND record IS NOT NULL');
  store.db.transaction(() => {
    for (const s of summaries) {
      const now = s.crossFindings;
      const next = wanted.get(s.sha256) ?? [];
      if (now.length === next.length && now.every((f, i) => same(f, next[i]!))) continue;
      const row = read.get(s.sha256);
      if (!row) continue;
      const record = JSON.parse(row.record) as ReportRecord;
      record.findings = [...record.findings.filter((f) => !CROSS_REPORT_CODES.has(f.code)), ...next];
      if (!store.replaceRecord(s.sha256, record)) continue;
      out.documents++;
      out.added += next.filter((f) => !now.some((g) => same(f, g))).length;
      out.removed += now.filter((f) => !next.some((g) => same(f, g))).length;
    }
  })();
  return out;
}
