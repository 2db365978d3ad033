/**
 * The shared store: Postgres through `pg`, the same documents, paths and
 * findings as the SQLite store, one transaction per document, so every
 * machine of a team writes to one place. Reads come back in the SQLite
 * store's order (byte order, blanks first), so both export the same bytes.
 */
import pg from 'pg';
import { NianbaoError } from '../../core/errors.js';
import type { RecordStore } from './interface.js';
import { MIGRATIONS, PG_SCHEMA, PG_SCHEMA_VERSION } from './postgres-schema.js';
import type { Finding } from '../../core/findings.js';
import type { ReportRecord } from '../../core/record.js';
import { DUPLICATE_CODE, duplicateRewrites, type Group, type GroupMember } from './duplicates.js';
import type { Count, FindingCount, GroupCount, Grouping, RecordFilter, StoredDocument, StoredRecordRow, StoreStats } from './queries.js';
import { statusOf } from './schema.js';
import type { DocumentInput, KnownDocument, KnownPath, PathSeen } from './store.js';

const S = PG_SCHEMA;
/** The agency key read from a stored record: the expression the index of migration 2 is on (SQLite's AGENCY_KEY_SQL). */
const PG_AGENCY_KEY = "(record->>'agencyKey')";
/** Any number, the same in every nianbao: serializes migrations across processes. */
const MIGRATION_LOCK = 7_341_100_014;
/** The first key of the advisory locks that serialize the marking of one agency and year (the second is the group's hash). */
const DUPLICATE_LOCK = 7_341_100;
/** Records fetched per round trip by an export's cursor: a few MB of JSON at most. */
const CURSOR_BATCH = 200;

export interface PostgresStoreOptions {
  /** Connections this process may hold at once (pg.Pool max). */
  maxConnections?: number;
  readOnly?: boolean;
  /** Shown in pg_stat_activity, to tell nianbao's connections apart. */
  applicationName?: string;
}

export class PostgresStore implements RecordStore {
  /** The last error of an idle connection (the server restarted): the next query says what is wrong. */
  idleError: Error | undefined;

  private constructor(
    readonly pool: pg.Pool,
    readonly name: string,
  ) {
    // An idle connection the server dropped must not take the process down; the next query reconnects.
    pool.on('error', (err) => {
      this.idleError = err;
    });
  }

  /** Connect, and apply the migrations this database lacks (or, read-only, check there is a store). */
  static async open(location: { url: string; name: string }, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: location.url,
      max: options.maxConnections ?? 2,
      application_name: options.applicationName ?? 'nianbao',
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
    });
    const store = new PostgresStore(pool, location.name);
    try {
      const client = await pool.connect().catch((err: Error) => {
        throw storeError(location.name, `cannot connect: ${describePgError(err)}`, err);
      });
      try {
        if (options.readOnly) await checkReadable(client, location.name);
        else await migrate(client, location.name);
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end().catch(() => {});
      if (err instanceof NianbaoError) throw err;
      throw storeError(location.name, `not a usable nianbao store: ${describePgError(err as Error)}`, err);
    }
    return store;
  }

  async known(sha256: string): Promise<KnownDocument | undefined> {
    const { rows } = await this.pool.query<KnownDocument>(`SELECT sha256, pipeline_version AS "pipelineVersion", status FROM ${S}.documents WHERE sha256 = $1`, [sha256]);
    return rows[0];
  }

  async knownPath(p: string): Promise<KnownPath | undefined> {
    const { rows } = await this.pool.query<KnownPath>(
      `SELECT p.sha256, p.size::float8 AS size, p.mtime_ms::float8 AS "mtimeMs", d.pipeline_version AS "pipelineVersion", d.status
       FROM ${S}.paths p JOIN ${S}.documents d ON d.sha256 = p.sha256 WHERE p.path = $1`,
      [p],
    );
    return rows[0];
  }

  async saveDocument(doc: DocumentInput, paths: readonly PathSeen[]): Promise<void> {
    await this.transaction(async (c) => {
      const before = await writeDocument(c, doc, paths);
      await markDuplicateGroups(c, doc.sha256, before);
    });
  }

  async addPaths(sha256: string, paths: readonly PathSeen[]): Promise<void> {
    await upsertPaths(this.pool, sha256, paths);
  }

  /** Run `fn` in one transaction on one connection: committed if it returns, rolled back if it throws. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const { client, release } = await this.checkout();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      release();
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      release(err as Error);
      throw err;
    }
  }

  /**
   * A connection of our own. The pool watches only its idle connections: one
   * checked out that the server drops between two queries would raise an
   * 'error' nobody listens to, and end the process. `release(err)` drops a
   * connection that failed instead of giving it back.
   */
  private async checkout(): Promise<{ client: pg.PoolClient; release: (err?: Error) => void }> {
    const client = await this.pool.connect();
    const onError = (err: Error) => {
      this.idleError = err;
    };
    client.on('error', onError);
    return {
      client,
      release: (err) => {
        client.off('error', onError);
        client.release(err);
      },
    };
  }

  /** A server-side cursor in a read-only snapshot: one batch of records in memory at a time, whatever the store's size. */
  async *records(filter: RecordFilter = {}): AsyncIterable<StoredRecordRow> {
    const where = ['d.record IS NOT NULL'];
    const params: unknown[] = [];
    if (filter.agency) {
      params.push(filter.agency);
      where.push(`strpos(d.agency, $${params.length}) > 0`);
    }
    if (filter.years?.length) {
      params.push(filter.years);
      where.push(`d.year = ANY($${params.length}::int[])`);
    }
    if (filter.statuses?.length) {
      params.push(filter.statuses);
      where.push(`d.status = ANY($${params.length}::text[])`);
    }
    if (filter.dedupe) {
      params.push(DUPLICATE_CODE);
      where.push(`NOT EXISTS (SELECT 1 FROM ${S}.findings f WHERE f.sha256 = d.sha256 AND f.code = $${params.length})`);
    }
    const sql = `SELECT d.sha256, d.status, d.record::text AS record,
        (SELECT min(p.path COLLATE "C") FROM ${S}.paths p WHERE p.sha256 = d.sha256) AS path
      FROM ${S}.documents d WHERE ${where.join(' AND ')}
      ORDER BY d.agency COLLATE "C" NULLS FIRST, d.year NULLS FIRST, d.sha256 COLLATE "C"`;
    const { client, release } = await this.checkout();
    let open = false;
    let failed: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      open = true;
      await client.query(`DECLARE records NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const { rows } = await client.query<StoredRecordRow>(`FETCH ${CURSOR_BATCH} FROM records`);
        if (!rows.length) break;
        yield* rows;
      }
      await client.query('COMMIT');
      open = false;
    } catch (err) {
      failed = err as Error;
      // said by the export as one line naming the store, not as a failure to write its output
      throw storeError(this.name, `cannot read the records: ${describePgError(failed)}`, err);
    } finally {
      // an export stopped early (a closed pipe) leaves the transaction open: end it before the connection goes back
      if (open && !failed) await client.query('ROLLBACK').catch((err: Error) => (failed = err));
      release(failed);
    }
  }

  async stats(topN = 15): Promise<StoreStats> {
    const q = async <T>(sql: string, params: unknown[] = []) => (await this.pool.query(sql, params)).rows as T[];
    const one = async (sql: string) => (await q<{ n: number }>(sql))[0]!.n;
    // the SQLite store's order: counts down, then the key in byte order with blanks first
    const group = (column: string, extra = '') =>
      q<Count>(`SELECT ${column} AS key, count(*)::int AS count FROM ${S}.documents ${extra} GROUP BY ${column} ORDER BY count(*) DESC, ${column} COLLATE "C" NULLS FIRST`);
    return {
      documents: await one(`SELECT count(*)::int AS n FROM ${S}.documents`),
      paths: await one(`SELECT count(*)::int AS n FROM ${S}.paths`),
      byStatus: await group('status'),
      byKind: await group('kind'),
      byYear: await q<Count>(`SELECT year AS key, count(*)::int AS count FROM ${S}.documents GROUP BY year ORDER BY year NULLS FIRST`),
      byTemplate: await group('template'),
      byPipelineVersion: await group('pipeline_version'),
      failures: await group('error_code', "WHERE status = 'failed'"),
      duplicateGroups: await one(
        `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${S}.documents WHERE record IS NOT NULL AND ${PG_AGENCY_KEY} IS NOT NULL AND year IS NOT NULL
         GROUP BY ${PG_AGENCY_KEY}, year HAVING count(*) > 1) g`,
      ),
      topFindings: await q<FindingCount>(
        `SELECT code, severity, count(*)::int AS count, count(DISTINCT sha256)::int AS documents
         FROM ${S}.findings GROUP BY code, severity ORDER BY count(*) DESC, code COLLATE "C" LIMIT $1`,
        [topN],
      ),
    };
  }

  async countBy(by: Grouping): Promise<GroupCount[]> {
    const q = async <T>(sql: string) => (await this.pool.query(sql)).rows as T[];
    if (by === 'year') return q<GroupCount>(`SELECT year AS key, count(*)::int AS documents FROM ${S}.documents GROUP BY year ORDER BY year NULLS FIRST`);
    if (by === 'agency') return q<GroupCount>(`SELECT ${PG_AGENCY_KEY} AS key, count(*)::int AS documents FROM ${S}.documents GROUP BY 1 ORDER BY ${PG_AGENCY_KEY} COLLATE "C" NULLS FIRST`);
    // json has no equality to group by: the names are taken as text from one of the group's records, as SQLite does
    const rows = await q<{ key: string | null; names: string | null; documents: number }>(
      `SELECT record->'region'->>'code' AS key, min((record->'region'->'names')::text) AS names, count(*)::int AS documents
       FROM ${S}.documents GROUP BY 1 ORDER BY (record->'region'->>'code') COLLATE "C" NULLS FIRST`,
    );
    return rows.map((r) => (r.names && r.names !== 'null' ? { key: r.key, names: JSON.parse(r.names) as string[], documents: r.documents } : { key: r.key, documents: r.documents }));
  }

  async documentsByHash(prefix: string, limit = 2): Promise<StoredDocument[]> {
    const { rows } = await this.pool.query<Omit<StoredDocument, 'paths'>>(
      `SELECT sha256, status, error, pipeline_version AS "pipelineVersion", record::text AS record FROM ${S}.documents
       WHERE left(sha256, length($1)) = $1 ORDER BY sha256 COLLATE "C" LIMIT $2`,
      [prefix, limit],
    );
    const out: StoredDocument[] = [];
    for (const r of rows) {
      const paths = await this.pool.query<{ path: string }>(`SELECT path FROM ${S}.paths WHERE sha256 = $1 ORDER BY path COLLATE "C"`, [r.sha256]);
      out.push({ ...r, paths: paths.rows.map((p) => p.path) });
    }
    return out;
  }

  async editRecords(sha256s: readonly string[], edit: (sha256: string, record: ReportRecord) => ReportRecord | undefined): Promise<string[]> {
    try {
      return await this.transaction(async (c) => {
        const done: string[] = [];
        for (const sha256 of sha256s) {
          const { rows } = await c.query<{ record: string }>(`SELECT record::text AS record FROM ${S}.documents WHERE sha256 = $1 AND record IS NOT NULL FOR UPDATE`, [sha256]);
          const next = rows[0] && edit(sha256, JSON.parse(rows[0].record) as ReportRecord);
          if (!next) continue;
          await rewriteRecord(c, sha256, JSON.stringify(next), statusOf(next.findings), next.findings);
          done.push(sha256);
        }
        return done;
      });
    } catch (err) {
      if (err instanceof NianbaoError) throw err;
      throw storeError(this.name, `cannot write the records: ${describePgError(err as Error)}`, err);
    }
  }

  async close(): Promise<void> {
    if (!this.pool.ended && !this.pool.ending) await this.pool.end();
  }
}

type Queryable = Pick<pg.PoolClient, 'query'>;

/**
 * The document, its findings (replaced, not added) and its paths; the caller
 * holds the transaction. Returns the agency and year the document stood under
 * before (a new extraction may change them), for markDuplicateGroups, which
 * the caller runs once the document's paths are all written.
 */
export async function writeDocument(c: Queryable, doc: DocumentInput, paths: readonly PathSeen[]): Promise<Group | null> {
  const before = await groupOf(c, doc.sha256);
  await c.query(
    `INSERT INTO ${S}.documents
       (sha256, size, kind, status, error_code, error, pipeline_version, template, agency, year, record, millis, extracted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
     ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, kind = excluded.kind, status = excluded.status,
       error_code = excluded.error_code, error = excluded.error, pipeline_version = excluded.pipeline_version,
       template = excluded.template, agency = excluded.agency, year = excluded.year, record = excluded.record,
       millis = excluded.millis, extracted_at = excluded.extracted_at`,
    [
      doc.sha256,
      doc.size,
      doc.kind,
      doc.status,
      doc.errorCode,
      doc.error,
      doc.pipelineVersion,
      doc.record?.template ?? null,
      doc.record?.agency ?? null,
      doc.record?.year ?? null,
      doc.record ? JSON.stringify(doc.record) : null,
      Math.round(doc.millis),
    ],
  );
  await writeFindings(c, doc.sha256, doc.record?.findings ?? []);
  await upsertPaths(c, doc.sha256, paths);
  return before;
}

/** A document's findings rows, replaced. */
async function writeFindings(c: Queryable, sha256: string, findings: readonly Finding[]): Promise<void> {
  await c.query(`DELETE FROM ${S}.findings WHERE sha256 = $1`, [sha256]);
  if (!findings.length) return;
  await c.query(
    `INSERT INTO ${S}.findings (sha256, seq, code, severity, cells, message)
     SELECT $1, t.seq, t.code, t.severity, t.cells::jsonb, t.message
     FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(seq, code, severity, cells, message)`,
    [sha256, findings.map((_, i) => i), findings.map((f) => f.code), findings.map((f) => f.severity), findings.map((f) => (f.cells ? JSON.stringify(f.cells) : null)), findings.map((f) => f.message)],
  );
}

/** A stored record replaced by one differing in its findings: its status and findings rows follow. */
async function rewriteRecord(c: Queryable, sha256: string, record: string, status: string, findings: readonly Finding[]): Promise<void> {
  await c.query(`UPDATE ${S}.documents SET record = $2, status = $3 WHERE sha256 = $1 AND record IS NOT NULL`, [sha256, record, status]);
  await writeFindings(c, sha256, findings);
}

async function groupOf(c: Queryable, sha256: string): Promise<Group | null> {
  const { rows } = await c.query<{ agencyKey: string | null; year: number | null }>(`SELECT ${PG_AGENCY_KEY} AS "agencyKey", year FROM ${S}.documents WHERE sha256 = $1`, [sha256]);
  const row = rows[0];
  return row?.agencyKey && row.year !== null ? { agencyKey: row.agencyKey, year: row.year } : null;
}

/**
 * Mark the reports of the document's agency and year (and of those it had
 * before) `duplicate-report` again, as the SQLite store does: the choice is
 * duplicates.ts's, the same for both. In the caller's transaction, after the
 * document and its paths are written. Two workers storing reports of one
 * group at once would each miss the other's uncommitted row: a transaction
 * lock per group makes the second wait, and then see the first's.
 */
export async function markDuplicateGroups(c: Queryable, sha256: string, before: Group | null): Promise<void> {
  const after = await groupOf(c, sha256);
  const groups = [before, after].filter((g): g is Group => g !== null);
  if (groups.length === 2 && groups[0]!.agencyKey === groups[1]!.agencyKey && groups[0]!.year === groups[1]!.year) groups.pop();
  if (!groups.length) return;
  // locks in one order, so two transactions never wait for each other
  const keys = groups.map((g) => `${g.year} ${g.agencyKey}`).sort();
  for (const k of keys) await c.query(`SELECT pg_advisory_xact_lock(${DUPLICATE_LOCK}, hashtext($1))`, [k]);
  for (const group of groups) {
    const { rows } = await c.query<GroupMember>(
      `SELECT d.sha256, d.record::text AS record, (SELECT min(p.path COLLATE "C") FROM ${S}.paths p WHERE p.sha256 = d.sha256) AS path
       FROM ${S}.documents d WHERE d.record IS NOT NULL AND ${PG_AGENCY_KEY.replace('record', 'd.record')} = $1 AND d.year = $2 ORDER BY d.sha256 COLLATE "C"`,
      [group.agencyKey, group.year],
    );
    for (const r of duplicateRewrites(group, rows)) await rewriteRecord(c, r.sha256, r.record, r.status, r.findings);
  }
}

/** Paths a document was found under: added, or moved to it when they named other content. */
export async function upsertPaths(c: Queryable, sha256: string, paths: readonly PathSeen[]): Promise<void> {
  if (!paths.length) return;
  await c.query(
    `INSERT INTO ${S}.paths (path, sha256, size, mtime_ms, seen_at)
     SELECT t.path, $1, t.size, t.mtime, now() FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS t(path, size, mtime)
     ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms, seen_at = excluded.seen_at`,
    [sha256, paths.map((p) => p.path), paths.map((p) => p.size), paths.map((p) => Math.round(p.mtimeMs))],
  );
}

/** The paths `enqueue` noted for content not yet stored become its paths (the store holds the document now). */
export async function adoptQueuedPaths(c: Queryable, sha256: string): Promise<void> {
  await c.query(
    `INSERT INTO ${S}.paths (path, sha256, size, mtime_ms, seen_at)
     SELECT path, sha256, size, mtime_ms, now() FROM ${S}.queued_paths WHERE sha256 = $1
     ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, mtime_ms = excluded.mtime_ms, seen_at = excluded.seen_at`,
    [sha256],
  );
  await c.query(`DELETE FROM ${S}.queued_paths WHERE sha256 = $1`, [sha256]);
}

async function schemaVersion(c: Queryable): Promise<number | null> {
  const { rows } = await c.query<{ t: string | null }>(`SELECT to_regclass('${S}.schema_migrations')::text AS t`);
  if (!rows[0]?.t) return null;
  const v = await c.query<{ v: number }>(`SELECT coalesce(max(version), 0)::int AS v FROM ${S}.schema_migrations`);
  return v.rows[0]!.v;
}

function refuseNewer(version: number, name: string): void {
  if (version > PG_SCHEMA_VERSION) throw storeError(name, `the store has schema ${version}, newer than this nianbao (${PG_SCHEMA_VERSION})`);
}

async function checkReadable(c: Queryable, name: string): Promise<void> {
  const version = await schemaVersion(c);
  if (version === null) throw storeError(name, 'no nianbao store in this database (run `nianbao ingest` or `nianbao enqueue` first?)');
  refuseNewer(version, name);
}

/** Apply the migrations this database lacks, each once, in one transaction under an advisory lock. */
async function migrate(c: Queryable, name: string): Promise<void> {
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${S}`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${S}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const version = (await schemaVersion(c)) ?? 0;
    refuseNewer(version, name);
    for (const m of MIGRATIONS) {
      if (m.version <= version) continue;
      await c.query(m.sql);
      await c.query(`INSERT INTO ${S}.schema_migrations (version) VALUES ($1)`, [m.version]);
    }
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

function storeError(name: string, message: string, cause?: unknown): NianbaoError {
  return new NianbaoError('unreadable', message, { file: name, cause });
}

/** One line for a pg or socket error: its message, and the SQLSTATE or errno code when it has one. */
export function describePgError(err: Error): string {
  const code = (err as { code?: string }).code;
  const message = (err.message || String(err)).replace(/\s*\n\s*/g, ' ');
  if (err instanceof AggregateError && err.errors.length) return describePgError(err.errors[0] as Error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
