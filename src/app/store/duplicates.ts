/**
 * Two reports of one agency and year: the store holds both (different
 * content: a web page and its PDF, a corrected re-publication) and marks
 * every one but the best read with a `duplicate-report` warning naming the
 * one kept, which `export --dedupe` then leaves out. "Best read": fewest
 * errors, then fewest warnings (the other findings: a duplicate-report says
 * nothing of the reading), then the lowest sha256, so that the choice
 * depends on the reports alone, not on the order a parallel batch stored them.
 */
import type Database from 'better-sqlite3';
import type { Finding } from '../../core/findings.js';
import { type DocumentStatus, statusOf } from './schema.js';

export const DUPLICATE_CODE = 'duplicate-report';

/** The agency key as the store reads it from a record: the one expression its index is on. */
export const AGENCY_KEY_SQL = "json_extract(record, '$.agencyKey')";

/** The agency and year a stored document groups under (both set), or null. */
export interface Group {
  agencyKey: string;
  year: number;
}

/** A stored report of a group: its record (JSON text) and its first path in byte order. */
export interface GroupMember {
  sha256: string;
  record: string;
  path: string | null;
}

interface Parsed extends GroupMember {
  rec: { findings: Finding[] };
  /** Its findings less any duplicate-report. */
  own: Finding[];
}

/** The group of one stored document, or null (no record, no key or no year). */
export function groupOf(db: Database.Database, sha256: string): Group | null {
  const row = db.prepare<[string], { agencyKey: string | null; year: number | null }>(`SELECT ${AGENCY_KEY_SQL} AS agencyKey, year FROM documents WHERE sha256 = ?`).get(sha256);
  return row?.agencyKey && row.year !== null ? { agencyKey: row.agencyKey, year: row.year } : null;
}

/**
 * Mark the group's reports again: none when it holds one, else all but the
 * one kept. `save` writes a document's record, status and findings back.
 * Call it inside the transaction that changed the group.
 */
export function markDuplicates(db: Database.Database, group: Group, save: (sha256: string, record: string, status: DocumentStatus, findings: Finding[]) => void): void {
  const members = db
    .prepare<[string, number], GroupMember>(
      `SELECT sha256, record, (SELECT min(p.path) FROM paths p WHERE p.sha256 = d.sha256) AS path
       FROM documents d WHERE record IS NOT NULL AND ${AGENCY_KEY_SQL} = ? AND year = ? ORDER BY sha256`,
    )
    .all(group.agencyKey, group.year);
  for (const r of duplicateRewrites(group, members)) save(r.sha256, r.record, r.status, r.findings);
}

/** A record to write back: its JSON text, the status and findings that follow from it. */
export interface Rewrite {
  sha256: string;
  record: string;
  status: DocumentStatus;
  findings: Finding[];
}

/**
 * The decision itself, apart from any database (the SQLite and the Postgres
 * store both call it, so they mark the same reports with the same words):
 * given every stored report of one group (its record and first path), the
 * records whose findings must change.
 */
export function duplicateRewrites(group: Group, members: readonly GroupMember[]): Rewrite[] {
  const parsed: Parsed[] = members.map((m) => {
    const rec = JSON.parse(m.record) as { findings: Finding[] };
    return { ...m, rec, own: rec.findings.filter((f) => f.code !== DUPLICATE_CODE) };
  });
  const kept = parsed.length > 1 ? parsed.reduce((best, m) => (rank(m) < rank(best) ? m : best)) : null;
  const out: Rewrite[] = [];
  for (const m of parsed) {
    const findings = kept && m !== kept ? [...m.own, duplicateFinding(group, kept)] : m.own;
    if (sameFindings(findings, m.rec.findings)) continue;
    m.rec.findings = findings;
    out.push({ sha256: m.sha256, record: JSON.stringify(m.rec), status: statusOf(findings), findings });
  }
  return out;
}

/** Fewer errors, then fewer warnings, then the lower sha256: as a string that sorts so. */
function rank(m: Parsed): string {
  const count = (s: Finding['severity']) => String(m.own.filter((f) => f.severity === s).length).padStart(9, '0');
  return `${count('error')} ${count('warning')} ${m.sha256}`;
}

function duplicateFinding(group: Group, kept: Parsed): Finding {
  const errors = kept.own.filter((f) => f.severity === 'error').length;
  const warnings = kept.own.filter((f) => f.severity === 'warning').length;
  return {
    code: DUPLICATE_CODE,
    severity: 'warning',
    message: `another report of ${group.agencyKey} for ${group.year} is stored and read as well or better (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}): sha256 ${kept.sha256}${kept.path ? `, ${kept.path}` : ''}; export --dedupe keeps that one`,
    stage: 'validate',
  };
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((f, i) => JSON.stringify(f) === JSON.stringify(b[i]));
}
