/**
 * The Postgres store's tables, in the schema `nianbao` beside pg-boss's own.
 * The same rows as the SQLite store (schema.ts), plus what the shared queue
 * needs: paths named by `enqueue` whose document is not stored yet, and the
 * workers' heartbeats. Migrations are numbered, applied in order, once, under
 * an advisory lock so that thirty workers starting at once apply each one
 * once; never edit a migration that has shipped, add the next one.
 */
export const PG_SCHEMA = 'nianbao';

export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE ${PG_SCHEMA}.documents (
  sha256           text PRIMARY KEY,
  size             bigint NOT NULL,
  kind             text,
  status           text NOT NULL CHECK (status IN ('ok', 'warnings', 'errors', 'failed')),
  error_code       text,
  error            text,
  pipeline_version text NOT NULL,
  template         text,
  agency           text,
  year             integer,
  -- json, not jsonb: kept as written, so an export is byte for byte the SQLite store's
  record           json,
  millis           integer NOT NULL,
  extracted_at     timestamptz NOT NULL
);
CREATE INDEX documents_status ON ${PG_SCHEMA}.documents (status);
CREATE INDEX documents_year ON ${PG_SCHEMA}.documents (year);
-- the export's order, so that a large export walks the index instead of sorting every record
CREATE INDEX documents_export_order ON ${PG_SCHEMA}.documents ((agency COLLATE "C") NULLS FIRST, year NULLS FIRST, (sha256 COLLATE "C"));

CREATE TABLE ${PG_SCHEMA}.paths (
  path     text PRIMARY KEY,
  sha256   text NOT NULL REFERENCES ${PG_SCHEMA}.documents (sha256) ON DELETE CASCADE,
  size     bigint NOT NULL,
  mtime_ms bigint NOT NULL,
  seen_at  timestamptz NOT NULL
);
CREATE INDEX paths_sha256 ON ${PG_SCHEMA}.paths (sha256);

CREATE TABLE ${PG_SCHEMA}.findings (
  sha256   text NOT NULL REFERENCES ${PG_SCHEMA}.documents (sha256) ON DELETE CASCADE,
  seq      integer NOT NULL,
  code     text NOT NULL,
  severity text NOT NULL,
  cells    jsonb,
  message  text NOT NULL,
  PRIMARY KEY (sha256, seq)
);
CREATE INDEX findings_code ON ${PG_SCHEMA}.findings (code);

-- paths enqueue found for content not stored yet: they become paths when a worker stores it
CREATE TABLE ${PG_SCHEMA}.queued_paths (
  path      text PRIMARY KEY,
  sha256    text NOT NULL,
  size      bigint NOT NULL,
  mtime_ms  bigint NOT NULL,
  queued_at timestamptz NOT NULL
);
CREATE INDEX queued_paths_sha256 ON ${PG_SCHEMA}.queued_paths (sha256);

-- one row per worker process, its heartbeat in last_seen
CREATE TABLE ${PG_SCHEMA}.workers (
  id         text PRIMARY KEY,
  host       text NOT NULL,
  pid        integer NOT NULL,
  jobs       integer NOT NULL,
  started_at timestamptz NOT NULL,
  last_seen  timestamptz NOT NULL,
  documents  integer NOT NULL DEFAULT 0,
  stopped_at timestamptz
);
`,
  },
  {
    version: 2,
    // the reports of one agency and year (duplicate-report, stats); postgres.ts reads the key with this very expression
    sql: `CREATE INDEX documents_agency_year ON ${PG_SCHEMA}.documents ((record->>'agencyKey'), year);`,
  },
];

export const PG_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
