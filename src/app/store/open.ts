/** Open the store a command names (location.ts): the SQLite file or the Postgres database. */
import type { RecordStore } from './interface.js';
import type { StoreLocation } from './location.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';

/** For reading (export, stats): an existing store, or a clear NianbaoError. */
export async function openForReading(location: StoreLocation): Promise<RecordStore> {
  if (location.kind === 'sqlite') return SqliteStore.openReadOnly(location.file);
  return PostgresStore.open(location, { readOnly: true, maxConnections: 1 });
}

/** For writing: created (SQLite) or migrated (Postgres) if needed. */
export async function openForWriting(location: StoreLocation): Promise<RecordStore> {
  if (location.kind === 'sqlite') return SqliteStore.open(location.file);
  return PostgresStore.open(location);
}
