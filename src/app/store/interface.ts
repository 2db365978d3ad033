/**
 * What every command that reads or writes a store sees: the embedded SQLite
 * file (sqlite.ts) and a shared Postgres database (postgres.ts) alike.
 * Asynchronous because Postgres is; the SQLite side answers at once.
 */
import type { ReportRecord } from '../../core/record.js';
import type { GroupCount, Grouping, RecordFilter, StoredDocument, StoredRecordRow, StoreStats } from './queries.js';
import type { DocumentInput, KnownDocument, KnownPath, PathSeen } from './store.js';

export interface RecordStore {
  /** The store as messages name it: the file, or the URL without its password. */
  readonly name: string;
  known(sha256: string): Promise<KnownDocument | undefined>;
  knownPath(path: string): Promise<KnownPath | undefined>;
  /**
   * Store one document, its findings and the paths it was found under,
   * atomically; storing it again replaces it. The reports of its agency and
   * year are marked `duplicate-report` again (duplicates.ts), in the same transaction.
   */
  saveDocument(doc: DocumentInput, paths: readonly PathSeen[]): Promise<void>;
  /** Record more paths for a document already stored. */
  addPaths(sha256: string, paths: readonly PathSeen[]): Promise<void>;
  /** The stored records in export order (agency, year, sha256; byte order, blanks first), one at a time. */
  records(filter?: RecordFilter): AsyncIterable<StoredRecordRow>;
  stats(topN?: number): Promise<StoreStats>;
  /** Documents per agency key, region code or year (`stats --by`), in key order (byte order, blanks first). */
  countBy(by: Grouping): Promise<GroupCount[]>;
  /** The documents whose sha256 starts with `prefix` (lower-case hex), `limit` at most (`audit --store`). */
  documentsByHash(prefix: string, limit?: number): Promise<StoredDocument[]>;
  /**
   * In one transaction, for each sha256: `edit` gets its stored record and
   * returns the one to store instead (differing only in its findings: its
   * findings rows and status follow), or undefined to leave it. The sha256s
   * rewritten (`check`).
   */
  editRecords(sha256s: readonly string[], edit: (sha256: string, record: ReportRecord) => ReportRecord | undefined): Promise<string[]>;
  close(): Promise<void>;
}
