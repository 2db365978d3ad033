/**
 * Build dist/ once, as a user does (`npm run build`), before any suite runs:
 * the batch tests run the built CLI and its child processes.
 *
 * Then a Postgres for the suites of the shared store and queue: the one
 * NIANBAO_TEST_PG names (.ci/run starts one), else a throwaway cluster
 * started here when Postgres is installed, stopped by global-teardown.js.
 * Without either those suites skip, saying so; under CI they must run.
 */
import { execFileSync } from 'node:child_process';

export default async function globalSetup() {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (process.env.NIANBAO_TEST_PG) return;
  const { findPgBin, startCluster } = await import('../dist/tests/helpers/pg-cluster.js');
  if (!findPgBin()) {
    const why = 'no Postgres: initdb and pg_ctl are neither on PATH nor under /usr/lib/postgresql (apt-get install postgresql), and NIANBAO_TEST_PG is not set';
    if (process.env.CI) throw new Error(`the Postgres suites must run in CI: ${why}`);
    process.stderr.write(`\nnianbao tests: the Postgres store and queue suites are skipped: ${why}\n`);
    return;
  }
  const cluster = await startCluster();
  globalThis.__nianbaoPgCluster = cluster;
  process.env.NIANBAO_TEST_PG = cluster.url;
}
