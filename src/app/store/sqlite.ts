/** The embedded SQLite store (store.ts, queries.ts) behind the RecordStore interface, its behaviour unchanged. */
import type { ReportRecord } from '../../core/record.js';
import type { RecordStore } from './interface.js';
import { countBy, documentsByHash, type Grouping, type RecordFilter, type StoredRecordRow, iterateRecords, storeStats } from './queries.js';
import { type DocumentInput, type PathSeen, Store } from './store.js';

export class SqliteStore implements RecordStore {
  private constructor(
    readonly store: Store,
    readonly name: string,
  ) {}

  static open(file: string): SqliteStore {
    return new SqliteStore(Store.open(file), file);
  }

  static openReadOnly(file: string): SqliteStore {
    return new SqliteStore(Store.openReadOnly(file), file);
  }

  async known(sha256: string) {
    return this.store.known(sha256);
  }

  async knownPath(p: string) {
    return this.store.knownPath(p);
  }

  async saveDocument(doc: DocumentInput, paths: readonly PathSeen[]): Promise<void> {
    this.store.saveDocument(doc, paths);
  }

  async addPaths(sha256: string, paths: readonly PathSeen[]): Promise<void> {
    this.store.addPaths(sha256, paths);
  }

  async *records(filter: RecordFilter = {}): AsyncIterable<StoredRecordRow> {
    yield* iterateRecords(this.store, filter);
  }

  async stats(topN?: number) {
    return storeStats(this.store, topN);
  }

  async countBy(by: Grouping) {
    return countBy(this.store, by);
  }

  async documentsByHash(prefix: string, limit?: number) {
    return documentsByHash(this.store, prefix, limit);
  }

  async editRecords(sha256s: readonly string[], edit: (sha256: string, record: ReportRecord) => ReportRecord | undefined): Promise<string[]> {
    const read = this.store.db.prepare<[string], { record: string }>('SELECT record FROM documents WHERE sha256 = ? AND record IS NOT NULL');
    return this.store.db.transaction(() => {
      const done: string[] = [];
      for (const sha256 of sha256s) {
        const row = read.get(sha256);
        const next = row && edit(sha256, JSON.parse(row.record) as ReportRecord);
        if (next && this.store.replaceRecord(sha256, next)) done.push(sha256);
      }
      return done;
    })();
  }

  async close(): Promise<void> {
    this.store.close();
  }
}
