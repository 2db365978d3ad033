/**
 * The shared queue end to end, through the built CLI against a real
 * Postgres: two workers draining one queue, a worker killed with -9 in the
 * middle of a document and its document taken back, retries then a failure,
 * the same file under two paths, a file changed after it was queued, a worker
 * given SIGTERM, a database that goes away, and the same export from the
 * SQLite and the Postgres store for the same inputs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { fakeReport, tinyPdf } from '../batch/fixtures/files.js';
import { ROOT, ensureBuilt } from '../batch/helpers/cli.js';
import { type Cluster, findPgBin, startCluster } from '../helpers/pg-cluster.js';
import { createDatabase, describePg } from '../helpers/pg.js';
import { cli, jobStates, query, start, storedByPath, until } from './helpers.js';

let tmp: string;
const dbs: { drop(): Promise<void> }[] = [];
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-queue-'));
}, 120_000);
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  for (const d of dbs) await d.drop();
});

async function database(prefix: string): Promise<string> {
  const d = await createDatabase(prefix);
  dbs.push(d);
  return d.url;
}

function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, body] of Object.entries(files)) writeFileSync(path.join(dir, f), body);
  return dir;
}

const reports = (n: number, behave?: string) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`r${String(i).padStart(2, '0')}.txt`, fakeReport({ agency: `局${i}`, year: 2021, seed: i, behave })]));

describePg('the shared queue', () => {
  test('two workers drain one queue between them; every document is stored once', async () => {
    const url = await database('two');
    const dir = folder('two', reports(10, 'slow:400'));
    const q = await cli(['enqueue', dir, '--store', url]);
    expect(q.code).toBe(0);
    expect(q.stdout.match(/^queued /gm)).toHaveLength(10);
    const [a, b] = await Promise.all([1, 2].map(() => cli(['worker', '--store', url, '--jobs', '1', '--exit-when-idle', '--timeout', '20'])));
    expect([a!.code, b!.code]).toEqual([0, 0]);
    const readBy = [a!, b!].map((w) => (w.stderr.match(/^ok /gm) ?? []).length);
    expect(readBy[0]! + readBy[1]!).toBe(10);
    expect(Math.min(...readBy)).toBeGreaterThan(0);
    expect((await storedByPath(url)).size).toBe(10);
    expect(await jobStates(url)).toEqual({ completed: 10 });
    const status = JSON.parse((await cli(['status', '--store', url, '--json'])).stdout);
    expect(status).toMatchObject({ queued: 0, active: 0, retrying: 0, done: 10, failed: 0 });
    expect(status.throughput.lastMinute).toBeCloseTo(10 / 60, 5);
  }, 90_000);

  test('a worker killed with -9 in the middle of a document loses nothing: its lease runs out and another worker reads it', async () => {
    const url = await database('kill');
    const dir = folder('kill', { 'slow.txt': fakeReport({ agency: '慢局', year: 2022, behave: 'slow:2500' }), ...reports(3) });
    expect((await cli(['enqueue', dir, '--store', url, '--lease', '4', '--retry-delay', '1'])).code).toBe(0);
    const doomed = start(['worker', '--store', url, '--jobs', '1', '--timeout', '20']);
    // the slow one is the largest file, so queued first: the first worker is on it
    try {
      // it takes one job more than it has processes, so none waits idle: the slow one and the next
      await until('the first worker to be reading', async () => (await jobStates(url)).active === 2);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      doomed.child.kill('SIGKILL');
    }
    await doomed.done;
    expect(await jobStates(url)).toMatchObject({ active: 2 });
    // seen in the last minute: its heartbeat stopped, but status cannot tell a dead worker from a quiet one yet
    const during = JSON.parse((await cli(['status', '--store', url, '--json'])).stdout);
    expect(during).toMatchObject({ active: 2, workers: [expect.objectContaining({ pid: doomed.child.pid, jobs: 1 })] });
    const rescuer = await cli(['worker', '--store', url, '--jobs', '1', '--exit-when-idle', '--timeout', '20']);
    expect(rescuer.code).toBe(0);
    expect(rescuer.stderr).toMatch(/^ok +\S*slow\.txt .*\[attempt 2\]/m);
    const stored = await storedByPath(url);
    expect([...stored.keys()].sort()).toEqual(['r00.txt', 'r01.txt', 'r02.txt', 'slow.txt']);
    expect(await jobStates(url)).toEqual({ completed: 4 });
    const status = JSON.parse((await cli(['status', '--store', url, '--json'])).stdout);
    expect(status).toMatchObject({ queued: 0, active: 0, retrying: 0, failed: 0 });
  }, 90_000);

  test('a document that crashes its reader is retried with backoff, then stored as failed with the reason; a broken file fails at once', async () => {
    const url = await database('retry');
    const dir = folder('retry', { 'crash.txt': fakeReport({ behave: 'crash' }), 'broken.pdf': tinyPdf('x').subarray(0, 40), 'good.txt': fakeReport({ agency: '好局', year: 2023 }) });
    expect((await cli(['enqueue', dir, '--store', url, '--retries', '2', '--retry-delay', '1'])).code).toBe(0);
    const w = await cli(['worker', '--store', url, '--jobs', '1', '--exit-when-idle', '--timeout', '20']);
    expect(w.code).toBe(0);
    expect(w.stderr.match(/^retrying +\S*crash\.txt/gm)).toHaveLength(2);
    expect(w.stderr).toMatch(/^failed +\S*crash\.txt .*\[attempt 3\]: the extraction process died \(signal SIGSEGV\)/m);
    expect(w.stderr.match(/^(retrying|failed) +\S*broken\.pdf/gm)).toEqual([expect.stringMatching(/^failed/)]);
    const stored = await storedByPath(url);
    expect(stored.get('crash.txt')).toMatchObject({ status: 'failed', error_code: 'crashed' });
    expect(stored.get('broken.pdf')).toMatchObject({ status: 'failed', error_code: 'truncated' });
    expect(stored.get('good.txt')).toMatchObject({ status: 'ok' });
    const status = JSON.parse((await cli(['status', '--store', url, '--json'])).stdout);
    expect(status).toMatchObject({ queued: 0, active: 0, retrying: 0, done: 1, failed: 2 });
    expect(status.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: path.join(dir, 'crash.txt'), code: 'crashed', message: expect.stringMatching(/died/) }),
        expect.objectContaining({ path: path.join(dir, 'broken.pdf'), code: 'truncated' }),
      ]),
    );
    const stats = await cli(['stats', '--store', url, '--json']);
    expect(JSON.parse(stats.stdout).failures).toEqual([
      { key: 'crashed', count: 1 },
      { key: 'truncated', count: 1 },
    ]);
  }, 90_000);

  test('the same file under two paths, in one run or two, is queued and read once and stored with both paths', async () => {
    const url = await database('copies');
    const body = fakeReport({ agency: '同一局', year: 2024 });
    const a = folder('copies-a', { 'one.txt': body, 'one-again.txt': body });
    const b = folder('copies-b', { 'elsewhere.txt': body });
    const first = await cli(['enqueue', a, '--store', url]);
    expect(first.stdout.match(/^queued /gm)).toHaveLength(1);
    expect(first.stdout.match(/^already queued /gm)).toHaveLength(1);
    expect((await cli(['enqueue', b, '--store', url])).stdout).toMatch(/^already queued +\S*elsewhere\.txt/m);
    const w = await cli(['worker', '--store', url, '--exit-when-idle', '--timeout', '20']);
    expect(w.stderr.match(/^ok /gm)).toHaveLength(1);
    const stored = await storedByPath(url);
    expect(new Set([...stored.values()].map((d) => d.sha256)).size).toBe(1);
    expect([...stored.keys()].sort()).toEqual(['elsewhere.txt', 'one-again.txt', 'one.txt']);
    // stored now: a third run queues nothing, and knows the paths without hashing them
    const again = await cli(['enqueue', a, b, '--store', url]);
    expect(again.stdout.match(/^already stored /gm)).toHaveLength(3);
    const out = await cli(['export', '--store', url, '--format', 'ndjson']);
    expect(out.stdout.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  test('a file whose bytes changed after it was queued is failed with that reason, nothing stored under the old hash', async () => {
    const url = await database('changed');
    const dir = folder('changed', { 'moving.txt': fakeReport({ agency: '旧', year: 2020 }) });
    await cli(['enqueue', dir, '--store', url]);
    const sha = (await query<{ sha: string }>(url, "SELECT data->>'sha256' AS sha FROM pgboss.job"))[0]!.sha;
    writeFileSync(path.join(dir, 'moving.txt'), fakeReport({ agency: '新', year: 2020 }));
    const w = await cli(['worker', '--store', url, '--exit-when-idle', '--timeout', '20']);
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/^changed +\S*moving\.txt.*no longer match the sha256 it was queued with/m);
    expect(await query(url, 'SELECT sha256 FROM nianbao.documents')).toEqual([]);
    expect(await query(url, 'SELECT path FROM nianbao.queued_paths')).toEqual([]);
    expect(await jobStates(url)).toEqual({ failed: 1 });
    // queued again, it is read under its new hash
    expect((await cli(['enqueue', dir, '--store', url])).stdout).toMatch(/^queued /m);
    await cli(['worker', '--store', url, '--exit-when-idle', '--timeout', '20']);
    const docs = await query<{ sha256: string; agency: string }>(url, 'SELECT sha256, agency FROM nianbao.documents');
    expect(docs).toEqual([{ sha256: expect.not.stringMatching(sha), agency: '新' }]);
  }, 60_000);

  test('SIGTERM gives the documents in progress back to the queue, attempt not counted, and the worker exits', async () => {
    const url = await database('term');
    const dir = folder('term', reports(3, 'slow:3000'));
    await cli(['enqueue', dir, '--store', url]);
    const w = start(['worker', '--store', url, '--jobs', '1', '--timeout', '20']);
    try {
      await until('a document in progress', async () => (await jobStates(url)).active === 2); // one read, one waiting for the process
    } finally {
      w.child.kill('SIGTERM');
    }
    const r = await w.done;
    expect(r.code).toBe(130);
    expect(r.stderr.match(/^returned /gm)).toHaveLength(2);
    expect(await jobStates(url)).toEqual({ created: 3 });
    expect(await query(url, 'SELECT max(retry_count)::int AS n FROM pgboss.job')).toEqual([{ n: 0 }]);
    const workers = await query<{ stopped: boolean }>(url, 'SELECT stopped_at IS NOT NULL AS stopped FROM nianbao.workers');
    expect(workers).toEqual([{ stopped: true }]);
  }, 60_000);

  test('ingest --store postgres://… queues, reads and exports the same bytes as the SQLite store for the same inputs', async () => {
    const url = await database('same');
    const dir = folder('same', { ...reports(3), 'broken.pdf': 'not a pdf', 'copy.txt': reports(1)['r00.txt']! });
    copyFileSync(path.join(ROOT, 'samples/xigong-2024.txt'), path.join(dir, 'xigong-2024.txt'));
    copyFileSync(path.join(ROOT, 'samples/synthetic-2023.pdf'), path.join(dir, 'synthetic-2023.pdf'));
    // the same report published again, other bytes: one of the two is marked duplicate-report
    writeFileSync(path.join(dir, 'xigong-2024-again.txt'), readFileSync(path.join(ROOT, 'samples/xigong-2024.txt'), 'utf8') + '\n\n');
    const sqlite = path.join(tmp, 'same.sqlite');
    const local = await cli(['ingest', dir, '--db', sqlite, '--jobs', '2']);
    expect(local.code).toBe(0);
    const shared = await cli(['ingest', dir, '--store', url, '--jobs', '2']);
    expect(shared.code).toBe(0);
    expect(shared.stderr).toMatch(/queued 7 · already queued 1/);
    for (const format of [['ndjson'], ['json'], ['csv'], ['csv', '--layout', 'wide'], ['ndjson', '--dedupe'], ['ndjson', '--no-provenance']]) {
      const args = ['export', '--format', ...format];
      const [a, b] = await Promise.all([cli([...args, '--db', sqlite]), cli([...args, '--store', url])]);
      expect(b.code).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      expect(a.stdout.length).toBeGreaterThan(1000);
    }
    // the tidy table as Parquet: the same file, byte for byte
    const [pa, pb] = [path.join(tmp, 'same-sqlite.parquet'), path.join(tmp, 'same-pg.parquet')];
    const [q1, q2] = await Promise.all([cli(['export', '--format', 'parquet', '--out', pa, '--db', sqlite]), cli(['export', '--format', 'parquet', '--out', pb, '--store', url])]);
    expect([q1.code, q2.code]).toEqual([0, 0]);
    expect(readFileSync(pb).equals(readFileSync(pa))).toBe(true);
    const [s1, s2] = await Promise.all([cli(['stats', '--json', '--db', sqlite]), cli(['stats', '--json', '--store', url])]);
    const keep = (s: string) => ({ ...JSON.parse(s), byPipelineVersion: undefined });
    expect(keep(s2.stdout)).toEqual(keep(s1.stdout));
    expect(JSON.parse(s2.stdout).documents).toBe(7);
    expect(JSON.parse(s2.stdout).duplicateGroups).toBe(1);
    for (const by of ['agency', 'region', 'year']) {
      const [g1, g2] = await Promise.all([cli(['stats', '--by', by, '--db', sqlite]), cli(['stats', '--by', by, '--store', url])]);
      expect(g2.code).toBe(0);
      expect(g2.stdout).toBe(g1.stdout);
    }
    // run again: nothing to read
    const again = await cli(['ingest', dir, '--store', url]);
    expect(again.stderr).toMatch(/queued 0 · already queued 0 · already stored 8/);
  }, 120_000);
});

const pgBin = findPgBin();
(pgBin ? describePg : describePg.skip)('a database that goes away', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(pgBin!);
  }, 60_000);
  afterAll(() => cluster?.stop());

  test('for a few seconds, mid-run: the worker waits, reconnects and drains the queue', async () => {
    const url = cluster.url;
    const dir = folder('outage', reports(6, 'slow:700'));
    // a short lease: a job fetched in the instant the server went down, its answer lost, comes back soon
    expect((await cli(['enqueue', dir, '--store', url, '--lease', '6'])).code).toBe(0);
    const w = start(['worker', '--store', url, '--jobs', '1', '--exit-when-idle', '--timeout', '20']);
    try {
      await until('a document stored', async () => (await query<{ n: number }>(url, 'SELECT count(*)::int AS n FROM nianbao.documents'))[0]!.n >= 1);
      cluster.pause();
      await new Promise((r) => setTimeout(r, 3000));
      cluster.resume();
    } catch (err) {
      w.child.kill('SIGKILL');
      throw err;
    }
    const r = await w.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/the database is unreachable .*waiting for it/);
    expect(r.stderr).toMatch(/the database is back/);
    expect((await storedByPath(url)).size).toBe(6);
    expect(await jobStates(url)).toEqual({ completed: 6 });
  }, 90_000);
});

test('the queue commands refuse a missing or non-Postgres store (usage) and an unreachable one (one line, no password)', async () => {
  ensureBuilt();
  const missing = await cli(['worker']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/^nianbao worker: --store postgres:\/\/… is required/);
  const sqlite = await cli(['status', '--store', 'x.sqlite']);
  expect(sqlite.code).toBe(2);
  expect(sqlite.stderr).toMatch(/^nianbao status: --store must be a postgres:\/\/ URL here/);
  const down = await cli(['enqueue', ROOT + '/samples', '--store', 'postgres://me:hunter2@127.0.0.1:1/db']);
  expect(down.code).toBe(1);
  expect(down.stderr).toMatch(/^nianbao enqueue: postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/db: cannot connect: .*ECONNREFUSED[^\n]*\n$/);
  expect(down.stderr).not.toContain('hunter2');
  const both = await cli(['export', '--format', 'ndjson', '--db', 'a.sqlite', '--store', 'postgres://h/db']);
  expect(both.code).toBe(2);
  for (const cmd of ['enqueue', 'worker', 'status']) {
    const help = await cli([cmd, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--store URL/);
  }
});
