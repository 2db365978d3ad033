/** The embedded SQLite store (store.ts, queries.ts) behind the RecordStore interface, its behaviour unchanged. */
import type { RecordStore } from './interface.js';
import { countBy, type Grouping, type RecordFilter, type StoredRecordRow, iterateRecords, storeStats } from './queries.js';
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

  async close(): Promise<void> {
    this.store.close();
  }
}
