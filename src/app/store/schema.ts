/**
 * The store's tables. One row per distinct content (sha256) in `documents`;
 * every path a document was found under in `paths`; findings again as rows
 * so `stats` can count them with SQL. Bump STORE_SCHEMA_VERSION when a table
 * changes, and add the migration to `migrate()` in store.ts.
 */
export const STORE_SCHEMA_VERSION = 1;

export const DOCUMENT_STATUSES = ['ok', 'warnings', 'errors', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** `ok` without error or warning findings; `warnings`; `errors` when any finding is an error. */
export function statusOf(findings: readonly { severity: string }[]): Exclude<DocumentStatus, 'failed'> {
  if (findings.some((f) => f.severity === 'error')) return 'errors';
  if (findings.some((f) => f.severity === 'warning')) return 'warnings';
  return 'ok';
}

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS documents (
  sha256           TEXT PRIMARY KEY,
  size             INTEGER NOT NULL,
  -- source.kind of the record, or the kind guessed from the name for a failure
  kind             TEXT,
  status           TEXT NOT NULL CHECK (status IN ('ok', 'warnings', 'errors', 'failed')),
  error_code       TEXT,
  error            TEXT,
  pipeline_version TEXT NOT NULL,
  template         TEXT,
  agency           TEXT,
  year             INTEGER,
  record           TEXT,            -- the ReportRecord as JSON; NULL when failed
  millis           INTEGER NOT NULL,
  extracted_at     TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS documents_status ON documents (status);
CREATE INDEX IF NOT EXISTS documents_year ON documents (year);
-- the reports of one agency and year (duplicates.ts reads the key with this very expression)
CREATE INDEX IF NOT EXISTS documents_agency_year ON documents (json_extract(record, '$.agencyKey'), year);

CREATE TABLE IF NOT EXISTS paths (
  path     TEXT PRIMARY KEY,
  sha256   TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  size     INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  seen_at  TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS paths_sha256 ON paths (sha256);

CREATE TABLE IF NOT EXISTS findings (
  sha256   TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
  seq      INTEGER NOT NULL,
  code     TEXT NOT NULL,
  severity TEXT NOT NULL,
  cells    TEXT,                      -- JSON array of cell keys or prefixes
  message  TEXT NOT NULL,
  PRIMARY KEY (sha256, seq)
) STRICT;
CREATE INDEX IF NOT EXISTS findings_code ON findings (code);
`;
