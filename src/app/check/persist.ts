/**
 * The check and the store: read every stored record once (keeping a small
 * summary of each), and put the check's findings on the records they concern.
 * Each run replaces the findings of the run before: a record whose
 * cross-report findings are already the ones this run makes is left as it
 * is, so running the check twice changes nothing the second time.
 */
import { CROSS_REPORT_CODES, type Finding } from '../../core/findings.js';
import type { ReportRecord } from '../../core/record.js';
import type { RecordStore } from '../store/interface.js';
import { summarize, type CrossYearReport, type ReportSummary } from './cross-year.js';

export async function readSummaries(store: RecordStore, figures: readonly string[]): Promise<{ summaries: ReportSummary[]; skipped: CrossYearReport['skipped'] }> {
  const summaries: ReportSummary[] = [];
  const skipped = { noAgency: 0, noYear: 0 };
  for await (const row of store.records()) {
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
export async function writeCrossReportFindings(store: RecordStore, summaries: readonly ReportSummary[], wanted: ReadonlyMap<string, Finding[]>): Promise<FindingsWritten> {
  const out: FindingsWritten = { added: 0, removed: 0, documents: 0 };
  const changing = new Map<string, { now: Finding[]; next: Finding[] }>();
  for (const s of summaries) {
    const now = s.crossFindings;
    const next = wanted.get(s.sha256) ?? [];
    if (now.length === next.length && now.every((f, i) => same(f, next[i]!))) continue;
    changing.set(s.sha256, { now, next });
  }
  if (!changing.size) return out;
  const written = await store.editRecords([...changing.keys()], (sha256, record) => {
    record.findings = [...record.findings.filter((f) => !CROSS_REPORT_CODES.has(f.code)), ...changing.get(sha256)!.next];
    return record;
  });
  for (const sha256 of written) {
    const { now, next } = changing.get(sha256)!;
    out.documents++;
    out.added += next.filter((f) => !now.some((g) => same(f, g))).length;
    out.removed += now.filter((f) => !next.some((g) => same(f, g))).length;
  }
  return out;
}
