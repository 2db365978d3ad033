/**
 * The embedded store: SQLite through better-sqlite3, WAL mode, one
 * transaction per document, so a process killed at any moment leaves every
 * document either fully stored or not at all.
 */
import Database from 'better-sqlite3';
import { NianbaoError } from '../../core/errors.js';
import type { Finding } from '../../core/findings.js';
import type { ReportRecord } from '../../core/record.js';
import { type DocumentStatus, SCHEMA_SQL, STORE_SCHEMA_VERSION, statusOf } from './schema.js';
import { groupOf, markDuplicates } from './duplicates.js';

export const DEFAULT_STORE = 'nianbao.sqlite';

/** One document as the batch hands it to the store. */
export interface DocumentInput {
  sha256: string;
  size: number;
  kind: string | null;
  status: DocumentStatus;
  errorCode: string | null;
  error: string | null;
  pipelineVersion: string;
  record: ReportRecord | null;
  millis: number;
}

/** A path a document was found under, with what identified the file there. */
export interface PathSeen {
  path: string;
  size: number;
  mtimeMs: number;
}

/** What the store already knows about a content hash. */
export interface KnownDocument {
  sha256: string;
  pipelineVersion: string;
  status: DocumentStatus;
}

/** What the store knows about a path: the file it last saw there and its document. */
export interface KnownPath extends KnownDocument {
  size: number;
  mtimeMs: number;
}

export { statusOf };

export class Store {
  readonly db: Database.Database;
  private readonly stmts;

  private constructor(db: Database.Database) {
    this.db = db;
    this.stmts = {
      known: db.prepare<[string], { sha256: string; pipelineVersion: string; status: DocumentStatus }>('SELECT sha256, pipeline_version AS pipelineVersion, status FROM documents WHERE sha256 = ?'),
      knownPath: db.prepare<[string], KnownPath>(
        `SELECT p.sha256, p.size, p.mtime_ms AS mtimeMs, d.pipeline_version AS pipelineVersion, d.status
         FROM paths p JOIN documents d ON d.sha256 = p.sha256 WHERE p.path = ?`,
      ),
      upsertDocument: db.prepare(
        // An upsert, not INSERT OR REPLACE: REPLACE deletes the row first, and
        // the cascade would drop the paths already known for this content.
        `INSERT INTO documents
           (sha256, size, kind, status, error_code, error, pipeline_version, template, agency, year, record, millis, extracted_at)
         VALUES (@sha256, @size, @kind, @status, @errorCode, @error, @pipelineVersion, @template, @agency, @year, @record, @millis, @extractedAt)
         ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, kind = excluded.kind, status = excluded.status,
           error_code = excluded.error_code, error = excluded.error, pipeline_version = excluded.pipeline_version,
           template = excluded.template, agency = excluded.agency, year = excluded.year, record = excluded.record,
           millis = excluded.millis, extracted_at = excluded.extracted_at`,
      ),
      updateRecord: db.prepare('UPDATE documents SET record = @record, status = @status WHERE sha256 = @sha256 AND record IS NOT NULL'),
      deleteFindings: db.prepare('DELETE FROM findings WHERE sha256 = ?'),
      insertFinding: db.prepare('INSERT INTO findings (sha256, seq, code, severity, cells, message) VALUES (?, ?, ?, ?, ?, ?)'),
      upsertPath: db.prepare(
        `INSERT INTO paths (path, sha256, size, mtime_ms, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size,
           mtime_ms = excluded.mtime_ms, seen_at = excluded.seen_at`,
      ),
    };
  }

  /** Open (creating if needed) a store for writing. */
  static open(file: string): Store {
    const db = openDatabase(file, false);
    return guarded(db, file, () => {
      // refuse another program's database before changing anything in it (WAL mode is a change to the file)
      refuseForeign(db, file);
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a killed process loses no committed transaction;
      // only a power cut may lose the last few, never consistency.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 10000');
      migrate(db, file);
      return new Store(db);
    });
  }

  /** Open an existing store for reading (export, stats). */
  static openReadOnly(file: string): Store {
    const db = openDatabase(file, true);
    return guarded(db, file, () => {
      const version = readSchemaVersion(db);
      if (version === null) throw new NianbaoError('unreadable', 'not a nianbao store (no meta table)', { file });
      if (version > STORE_SCHEMA_VERSION) {
        throw new NianbaoError('unreadable', `the store has schema ${version}, newer than this nianbao (${STORE_SCHEMA_VERSION})`, { file });
      }
      return new Store(db);
    });
  }

  known(sha256: string): KnownDocument | undefined {
    return this.stmts.known.get(sha256);
  }

  knownPath(path: string): KnownPath | undefined {
    return this.stmts.knownPath.get(path);
  }

  /** Store one document, its findings and the paths it was found under, atomically. */
  saveDocument(doc: DocumentInput, paths: readonly PathSeen[]): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const before = groupOf(this.db, doc.sha256);
      this.stmts.upsertDocument.run({
        sha256: doc.sha256,
        size: doc.size,
        kind: doc.kind,
        status: doc.status,
        errorCode: doc.errorCode,
        error: doc.error,
        pipelineVersion: doc.pipelineVersion,
        template: doc.record?.template ?? null,
        agency: doc.record?.agency ?? null,
        year: doc.record?.year ?? null,
        record: doc.record ? JSON.stringify(doc.record) : null,
        millis: Math.round(doc.millis),
        extractedAt: now,
      });
      this.writeFindings(doc.sha256, doc.record?.findings ?? []);
      for (const p of paths) this.stmts.upsertPath.run(p.path, doc.sha256, p.size, Math.round(p.mtimeMs), now);
      // the reports of its agency and year, and of those it had before a new extraction
      const after = groupOf(this.db, doc.sha256);
      const rewrite = (sha256: string, record: string, status: DocumentStatus, findings: readonly Finding[]) => {
        this.stmts.updateRecord.run({ sha256, record, status });
        this.writeFindings(sha256, findings);
      };
      if (before && (before.agencyKey !== after?.agencyKey || before.year !== after.year)) markDuplicates(this.db, before, rewrite);
      if (after) markDuplicates(this.db, after, rewrite);
    })();
  }

  /**
   * Replace the record of a stored document with one that differs only in
   * its findings (a check across reports added or removed some): its
   * findings rows and its status follow, atomically. False when no record is
   * stored under that sha256.
   */
  replaceRecord(sha256: string, record: ReportRecord): boolean {
    return this.db.transaction(() => {
      const changed = this.stmts.updateRecord.run({ sha256, record: JSON.stringify(record), status: statusOf(record.findings) }).changes > 0;
      if (changed) this.writeFindings(sha256, record.findings);
      return changed;
    })();
  }

  private writeFindings(sha256: string, findings: readonly Finding[]): void {
    this.stmts.deleteFindings.run(sha256);
    findings.forEach((f, i) => {
      this.stmts.insertFinding.run(sha256, i, f.code, f.severity, f.cells ? JSON.stringify(f.cells) : null, f.message);
    });
  }

  /** Record more paths for a document already stored (a copy found elsewhere). */
  addPaths(sha256: string, paths: readonly PathSeen[]): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const p of paths) this.stmts.upsertPath.run(p.path, sha256, p.size, Math.round(p.mtimeMs), now);
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function openDatabase(file: string, readonly: boolean): Database.Database {
  try {
    return new Database(file, { readonly, fileMustExist: readonly });
  } catch (err) {
    const what = readonly ? 'cannot open the store (run `nianbao ingest` first?)' : 'cannot open or create the store';
    throw new NianbaoError('unreadable', `${what}: ${(err as Error).message}`, { file, cause: err });
  }
}

/** Run the set-up of a just-opened database; on any failure close it and say what is wrong. */
function guarded<T>(db: Database.Database, file: string, setUp: () => T): T {
  try {
    return setUp();
  } catch (err) {
    db.close();
    if (err instanceof NianbaoError) throw err;
    throw new NianbaoError('unreadable', `not a usable nianbao store: ${(err as Error).message}`, { file, cause: err });
  }
}

function readSchemaVersion(db: Database.Database): number | null {
  const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
  if (!hasMeta) return null;
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  return row ? Number(row.value) : null;
}

/** A database with tables but no nianbao schema, or a newer schema: refused, untouched. */
function refuseForeign(db: Database.Database, file: string): void {
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  const version = readSchemaVersion(db);
  if (version === null && tables.n > 0) {
    throw new NianbaoError('unreadable', 'this SQLite file is not a nianbao store; choose another --db', { file });
  }
  if (version !== null && version > STORE_SCHEMA_VERSION) {
    throw new NianbaoError('unreadable', `the store has schema ${version}, newer than this nianbao (${STORE_SCHEMA_VERSION})`, { file });
  }
}

function migrate(db: Database.Database, file: string): void {
  refuseForeign(db, file);
  db.transaction(() => {
    db.exec(SCHEMA_SQL);
    db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(STORE_SCHEMA_VERSION));
  })();
}
