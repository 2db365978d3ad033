/**
 * The Postgres the tests use: NIANBAO_TEST_PG, a superuser URL set by
 * .ci/run or by jest's global setup (which starts a throwaway cluster when
 * Postgres is installed). Each suite makes a database of its own and drops
 * it after, so suites run in parallel without seeing each other's rows.
 */
import { describe } from '@jest/globals';
import { createDatabaseOn } from './pg-cluster.js';

export const PG_URL = process.env.NIANBAO_TEST_PG;

/** `describe` when there is a Postgres to test against, `describe.skip` otherwise (global setup said why). */
export const describePg = (PG_URL ? describe : describe.skip) as typeof describe;

/** A database of its own on the test server (or on `base`), and the way to drop it. */
export const createDatabase = (prefix: string, base = PG_URL!) => createDatabaseOn(base, prefix);
