/**
 * The Postgres the tests use: NIANBAO_TEST_PG, a superuser URL set by
 * .ci/run or by jest's global setup (which starts a throwaway cluster when
 * Postgres is installed). Each suite makes a database of its own and drops
 * it after, so suites run in parallel without seeing each other's rows.
 */
import { describe } from '@jest/globals';
import pg from 'pg';

export const PG_URL = process.env.NIANBAO_TEST_PG;

/** `describe` when there is a Postgres to test against, `describe.skip` otherwise (global setup said why). */
export const describePg = (PG_URL ? describe : describe.skip) as typeof describe;

/** The URL of a database of the test server. */
export function databaseUrl(name: string, base = PG_URL!): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createDatabase(prefix: string, base = PG_URL!): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(name, base),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
