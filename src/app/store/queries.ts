/** Read-side queries over the store: the rows export streams, the counts stats prints. */
import type { Store } from './store.js';
import type { DocumentStatus } from './schema.js';
import { AGENCY_KEY_SQL, DUPLICATE_CODE } from './duplicates.js';

export interface RecordFilter {
  /** Substring of the agency name. */
  agency?: string;
  years?: readonly number[];
  statuses?: readonly DocumentStatus[];
  /** One report per agency and year: leave out those marked `duplicate-report` (duplicates.ts says which is kept). */
  dedupe?: boolean;
}

export interface StoredRecordRow {
  sha256: string;
  status: DocumentStatus;
  /** The first path (in sort order) the document was found under. */
  path: string | null;
  /** The ReportRecord as stored (JSON text). */
  record: string;
}

/**
 * Every stored record matching the filter, one row at a time (`.iterate()`),
 * so an export holds one record in memory whatever the store's size.
 * Failed documents have no record and are never returned.
 */
export function iterateRecords(store: Store, filter: RecordFilter = {}): IterableIterator<StoredRecordRow> {
  const where = ['d.record IS NOT NULL'];
  const params: (string | number)[] = [];
  if (filter.agency) {
    where.push('instr(d.agency, ?) > 0');
    params.push(filter.agency);
  }
  if (filter.years?.length) {
    where.push(`d.year IN (${filter.years.map(() => '?').join(', ')})`);
    params.push(...filter.years);
  }
  if (filter.statuses?.length) {
    where.push(`d.status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  if (filter.dedupe) {
    where.push('NOT EXISTS (SELECT 1 FROM findings f WHERE f.sha256 = d.sha256 AND f.code = ?)');
    params.push(DUPLICATE_CODE);
  }
  const sql = `SELECT d.sha256, d.status, d.record,
      (SELECT min(p.path) FROM paths p WHERE p.sha256 = d.sha256) AS path
    FROM documents d WHERE ${where.join(' AND ')}
    ORDER BY d.agency, d.year, d.sha256`;
  return store.db.prepare<(string | number)[], StoredRecordRow>(sql).iterate(...params);
}

export interface Count {
  key: string | number | null;
  count: number;
}

export interface FindingCount {
  code: string;
  severity: string;
  /** Findings raised. */
  count: number;
  /** Documents with at least one. */
  documents: number;
}

export interface StoreStats {
  documents: number;
  paths: number;
  byStatus: Count[];
  byKind: Count[];
  byYear: Count[];
  byTemplate: Count[];
  byPipelineVersion: Count[];
  /** Why documents failed, by error code. */
  failures: Count[];
  /** Agencies and years with more than one report stored (other content): `duplicate-report`. */
  duplicateGroups: number;
  topFindings: FindingCount[];
}

export function storeStats(store: Store, topN = 15): StoreStats {
  const db = store.db;
  const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const group = (column: string, extra = '') => db.prepare(`SELECT ${column} AS key, count(*) AS count FROM documents ${extra} GROUP BY 1 ORDER BY 2 DESC, 1`).all() as Count[];
  return {
    documents: one('SELECT count(*) AS n FROM documents'),
    paths: one('SELECT count(*) AS n FROM paths'),
    byStatus: group('status'),
    byKind: group('kind'),
    byYear: db.prepare('SELECT year AS key, count(*) AS count FROM documents GROUP BY 1 ORDER BY 1').all() as Count[],
    byTemplate: group('template'),
    byPipelineVersion: group('pipeline_version'),
    failures: group('error_code', "WHERE status = 'failed'"),
    duplicateGroups: one(
      `SELECT count(*) AS n FROM (SELECT 1 FROM documents WHERE record IS NOT NULL AND ${AGENCY_KEY_SQL} IS NOT NULL AND year IS NOT NULL
       GROUP BY ${AGENCY_KEY_SQL}, year HAVING count(*) > 1)`,
    ),
    topFindings: db
      .prepare(
        `SELECT code, severity, count(*) AS count, count(DISTINCT sha256) AS documents
         FROM findings GROUP BY code, severity ORDER BY count DESC, code LIMIT ?`,
      )
      .all(topN) as FindingCount[],
  };
}

export const GROUPINGS = ['agency', 'region', 'year'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface GroupCount {
  /** The agency key, the region code or the year; null for documents without one (failed ones among them). */
  key: string | number | null;
  /** For a region: its names, province first. */
  names?: string[];
  documents: number;
}

/** Documents per agency (agencyKey), region (region.code) or year, in key order. */
export function countBy(store: Store, by: Grouping): GroupCount[] {
  const db = store.db;
  if (by === 'year') return db.prepare('SELECT year AS key, count(*) AS documents FROM documents GROUP BY 1 ORDER BY 1').all() as GroupCount[];
  if (by === 'agency') return db.prepare(`SELECT ${AGENCY_KEY_SQL} AS key, count(*) AS documents FROM documents GROUP BY 1 ORDER BY 1`).all() as GroupCount[];
  const rows = db.prepare(`SELECT json_extract(record, '$.region.code') AS key, json_extract(record, '$.region.names') AS names, count(*) AS documents FROM documents GROUP BY 1 ORDER BY 1`).all() as {
    key: string | null;
    names: string | null;
    documents: number;
  }[];
  return rows.map((r) => (r.names ? { key: r.key, names: JSON.parse(r.names) as string[], documents: r.documents } : { key: r.key, documents: r.documents }));
}

/** A stored document as `audit --store` finds it. */
export interface StoredDocument {
  sha256: string;
  status: DocumentStatus;
  error: string | null;
  pipelineVersion: string;
  /** The ReportRecord as stored (JSON text); null when the document failed. */
  record: string | null;
  /** Every path it was found under, in sort order. */
  paths: string[];
}

/** The documents whose sha256 starts with `prefix` (lower-case hex), `limit` at most. */
export function documentsByHash(store: Store, prefix: string, limit = 2): StoredDocument[] {
  const rows = store.db
    .prepare<[string, string, number], Omit<StoredDocument, 'paths'>>(
      // a range on the key rather than a function of it, so the lookup uses the index: 'g' sorts after every hex digit
      `SELECT sha256, status, error, pipeline_version AS pipelineVersion, record FROM documents
       WHERE sha256 >= ? AND sha256 < ? ORDER BY sha256 LIMIT ?`,
    )
    .all(prefix, prefix + 'g', limit);
  const paths = store.db.prepare<[string], { path: string }>('SELECT path FROM paths WHERE sha256 = ? ORDER BY path');
  return rows.map((r) => ({ ...r, paths: paths.all(r.sha256).map((p) => p.path) }));
}
