/**
 * Where a command's store is: `--store postgres://…` (or postgresql://) is a
 * shared Postgres database; a path, `--db FILE` or nothing is the embedded
 * SQLite file, as before. A URL is only ever shown without its password.
 */
import { DEFAULT_STORE } from './store.js';

export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; name: string };

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

export function isPostgresUrl(s: string): boolean {
  return POSTGRES_URL.test(s);
}

/**
 * The URL with its password replaced by `***`, in the user part and in a
 * `password=` parameter. Works on malformed URLs too (messages about them
 * must not leak it either): the user part ends at the last `@`.
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*:)[^]*@/i, '$1***@').replace(/([?&](?:ssl)?password=)[^&#]*/gi, '$1***');
}

/** The store `--store`/`--db` name, or a one-line usage problem. */
export function storeLocation(options: { store?: string; db?: string }): StoreLocation | { problem: string } {
  if (options.store !== undefined && options.db !== undefined) return { problem: '--db and --store name the same thing: give one of them' };
  const value = options.store ?? options.db ?? DEFAULT_STORE;
  if (!isPostgresUrl(value)) return { kind: 'sqlite', file: value };
  if (options.store === undefined) return { problem: '--db takes a SQLite file; give a postgres:// URL with --store' };
  const name = redactUrl(value);
  try {
    new URL(value);
  } catch {
    return { problem: `--store: not a valid URL: ${name}` };
  }
  return { kind: 'postgres', url: value, name };
}
