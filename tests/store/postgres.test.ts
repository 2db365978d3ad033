/**
 * The Postgres store against a real server (tests/helpers/pg.ts), side by
 * side with the SQLite store: the same documents give the same records in
 * the same order and the same stats; migrations run once however many
 * processes start together; errors name the store without its password.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import pg from 'pg';
import { NianbaoError } from '../../src/core/errors.js';
import type { RecordStore } from '../../src/app/store/interface.js';
import { redactUrl, storeLocation } from '../../src/app/store/location.js';
import { openForReading, openForWriting } from '../../src/app/store/open.js';
import { PostgresStore } from '../../src/app/store/postgres.js';
import { MIGRATIONS } from '../../src/app/store/postgres-schema.js';
import { SqliteStore } from '../../src/app/store/sqlite.js';
import { type DocumentInput, statusOf } from '../../src/app/store/store.js';
import { makeRecord } from '../export/fixtures/records.js';
import { createDatabase, describePg } from '../helpers/pg.js';

const sha = (n: number) => n.toString(16).padStart(64, '0');

function doc(n: number, agency: string | null, year: number | null, extra: Partial<DocumentInput> = {}): DocumentInput {
  const record = makeRecord({
    agency,
    year,
    template: n % 2 ? '2021' : '2019',
    seed: n,
    sha256: sha(n),
    findings: [
      { code: 'restored-by-identity', severity: 'warning', message: 'restored', cells: ['requests.granted.total'] },
      ...(n % 3 ? [] : [{ code: 'identity-failed', severity: 'error' as const, message: 'sums', cells: ['requests.total'] }]),
    ],
  });
  return { sha256: sha(n), size: 100 + n, kind: 'text', status: statusOf(record.findings), errorCode: null, error: null, pipelineVersion: 'v1', record, millis: 12.4, ...extra };
}

/** Agencies whose order differs between byte order and a language's collation, a blank one, years missing. */
const DOCS: DocumentInput[] = [
  doc(1, '西工区西工街道办事处', 2024),
  doc(2, '西工区西工街道办事处', 2023),
  doc(3, 'Zeta office', 2021),
  doc(4, 'alpha office', 2021),
  doc(5, null, 2022),
  doc(6, '某某市生态环境局', null),
  doc(7, '某某市生态环境局', 2019),
  { ...doc(8, null, null), status: 'failed', errorCode: 'timeout', error: 'too slow', record: null, kind: 'pdf' },
  { ...doc(9, null, null), status: 'failed', errorCode: 'encrypted', error: 'password', record: null, kind: 'pdf' },
];

async function fill(store: RecordStore): Promise<void> {
  for (const [i, d] of DOCS.entries()) await store.saveDocument(d, [{ path: `/archive/${i % 2 ? 'b' : 'a'}/r${i}.txt`, size: d.size, mtimeMs: 1000 + i }]);
  // a copy under a path that sorts first: the record's path is the least in byte order
  await store.addPaths(sha(1), [{ path: '/archive/0-copy.txt', size: 101, mtimeMs: 5 }]);
  await store.addPaths(sha(1), [{ path: '/archive/Z-copy.txt', size: 101, mtimeMs: 5 }]);
}

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describePg('the Postgres store', () => {
  let db: { url: string; drop(): Promise<void> };
  let tmp: string;
  beforeAll(async () => {
    db = await createDatabase('store');
    tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-pgstore-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const pgLocation = (url: string) => ({ kind: 'postgres' as const, url, name: redactUrl(url) });

  test('migrations run on first use, once, even when several processes open the store together', async () => {
    const fresh = await createDatabase('migrate');
    try {
      const stores = await Promise.all([1, 2, 3, 4].map(() => openForWriting(pgLocation(fresh.url))));
      await Promise.all(stores.map((s) => s.close()));
      const c = new pg.Client({ connectionString: fresh.url });
      await c.connect();
      const { rows } = await c.query('SELECT version FROM nianbao.schema_migrations ORDER BY version');
      await c.end();
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      await fresh.drop();
    }
  });

  test('the same documents give the same records, in the same order, and the same stats as the SQLite store', async () => {
    const sqlite = SqliteStore.open(path.join(tmp, 'same.sqlite'));
    const postgres = await openForWriting(pgLocation(db.url));
    try {
      await fill(sqlite);
      await fill(postgres);
      const pgRows = await collect(postgres.records());
      expect(pgRows).toEqual(await collect(sqlite.records()));
      expect(pgRows.map((r) => r.sha256)).toEqual([sha(5), sha(3), sha(4), sha(6), sha(7), sha(2), sha(1)]);
      expect(pgRows.find((r) => r.sha256 === sha(1))!.path).toBe('/archive/0-copy.txt');
      expect(pgRows[0]!.record).toBe(JSON.stringify(DOCS[4]!.record));
      for (const filter of [{ agency: '西工' }, { years: [2021, 2019] }, { statuses: ['errors' as const] }, { agency: 'office', years: [2021], statuses: ['warnings' as const] }]) {
        const rows = await collect(postgres.records(filter));
        expect(rows).toEqual(await collect(sqlite.records(filter)));
        expect(rows.length).toBeGreaterThan(0);
      }
      const stats = await postgres.stats(5);
      expect(stats).toEqual(await sqlite.stats(5));
      expect(stats.failures).toEqual([
        { key: 'encrypted', count: 1 },
        { key: 'timeout', count: 1 },
      ]);
      expect(stats.paths).toBe(DOCS.length + 2);
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  test('duplicate-report: the same marks, --dedupe, stats --by and duplicate counts as the SQLite store, and the marks move with a new extraction', async () => {
    const fresh = await createDatabase('dups');
    const sqlite = SqliteStore.open(path.join(tmp, 'dups.sqlite'));
    const postgres = await openForWriting(pgLocation(fresh.url));
    try {
      // four reports of one agency and 2024: doc(1) and doc(11) read alike (one warning), doc(12) and doc(13) with an error; doc(1), the lower sha256, is kept
      const worse = doc(3, '西工区西工街道办事处', 2024);
      const steps: [DocumentInput, string][] = [
        [DOCS[0]!, '/archive/a/r0.txt'],
        [doc(11, '西工区西工街道办事处', 2024), '/archive/b/r11.txt'],
        [doc(12, '西工区西工街道办事处', 2024), '/archive/0/r12.txt'],
        [DOCS[1]!, '/archive/a/r1.txt'],
        [DOCS[6]!, '/archive/a/r6.txt'],
        [{ ...worse, sha256: sha(13), record: { ...worse.record!, source: { ...worse.record!.source, sha256: sha(13) } } }, '/archive/b/r13.txt'],
      ];
      for (const [d, p] of steps) {
        for (const store of [sqlite, postgres]) await store.saveDocument(d, [{ path: p, size: d.size, mtimeMs: 1 }]);
      }
      const same = async () => {
        expect(await collect(postgres.records())).toEqual(await collect(sqlite.records()));
        expect(await collect(postgres.records({ dedupe: true }))).toEqual(await collect(sqlite.records({ dedupe: true })));
        for (const by of ['agency', 'region', 'year'] as const) expect(await postgres.countBy(by)).toEqual(await sqlite.countBy(by));
        expect(await postgres.stats()).toEqual(await sqlite.stats());
      };
      await same();
      const marked = (await collect(postgres.records())).filter((r) => r.record.includes('"duplicate-report"')).map((r) => r.sha256);
      expect(marked.sort()).toEqual([sha(11), sha(12), sha(13)]);
      expect((await postgres.stats()).duplicateGroups).toBe(1);
      // a new extraction places doc(11) in another year, alone there: its mark goes
      const moved = doc(11, '西工区西工街道办事处', 2022);
      for (const store of [sqlite, postgres]) await store.saveDocument(moved, []);
      await same();
      expect((await collect(postgres.records({ dedupe: true }))).map((r) => r.sha256)).toContain(sha(11));
      // a marked report made a failure: its mark goes with its record
      const failed = { ...doc(12, null, null), status: 'failed' as const, errorCode: 'timeout' as const, error: 'slow', record: null };
      for (const store of [sqlite, postgres]) await store.saveDocument(failed, []);
      await same();
      expect((await collect(postgres.records({ dedupe: true }))).map((r) => r.sha256)).not.toContain(sha(13));
    } finally {
      await sqlite.close();
      await postgres.close();
      await fresh.drop();
    }
  });

  test('duplicate-report: workers storing one agency and year at once mark it as one process storing in turn would', async () => {
    const fresh = await createDatabase('dupsrace');
    const sqlite = SqliteStore.open(path.join(tmp, 'race.sqlite'));
    const stores = await Promise.all([1, 2, 3].map(() => openForWriting(pgLocation(fresh.url))));
    try {
      const group = Array.from({ length: 9 }, (_, i) => doc(20 + i, '某某市生态环境局', 2023));
      for (const d of group) await sqlite.saveDocument(d, [{ path: `/r/${d.sha256}`, size: 1, mtimeMs: 1 }]);
      await Promise.all(group.map((d, i) => stores[i % 3]!.saveDocument(d, [{ path: `/r/${d.sha256}`, size: 1, mtimeMs: 1 }])));
      expect(await collect(stores[0]!.records())).toEqual(await collect(sqlite.records()));
    } finally {
      await sqlite.close();
      for (const s of stores) await s.close();
      await fresh.drop();
    }
  });

  test('storing a document again replaces it: one row, findings not doubled, paths kept', async () => {
    const store = (await openForWriting(pgLocation(db.url))) as PostgresStore;
    try {
      const d = DOCS[0]!;
      await store.saveDocument({ ...d, pipelineVersion: 'v2' }, [{ path: '/archive/a/r0.txt', size: d.size, mtimeMs: 1000 }]);
      await store.saveDocument({ ...d, pipelineVersion: 'v2' }, []);
      const n = async (sql: string) => (await store.pool.query<{ n: number }>(sql, [d.sha256])).rows[0]!.n;
      expect(await n('SELECT count(*)::int AS n FROM nianbao.documents WHERE sha256 = $1')).toBe(1);
      expect(await n('SELECT count(*)::int AS n FROM nianbao.findings WHERE sha256 = $1')).toBe(d.record!.findings.length);
      expect(await n('SELECT count(*)::int AS n FROM nianbao.paths WHERE sha256 = $1')).toBe(3);
      expect(await store.known(d.sha256)).toEqual({ sha256: d.sha256, pipelineVersion: 'v2', status: d.status });
      expect(await store.knownPath('/archive/0-copy.txt')).toEqual({ sha256: d.sha256, size: 101, mtimeMs: 5, pipelineVersion: 'v2', status: d.status });
      expect(await store.knownPath('/nowhere')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  test('an export stopped early gives its connection back, its transaction ended', async () => {
    const store = (await openForReading(pgLocation(db.url))) as PostgresStore;
    try {
      for (let round = 0; round < 5; round++) {
        for await (const _ of store.records()) break;
      }
      // with 2 connections at most, a leaked one would make the third round wait forever
      expect((await collect(store.records())).length).toBe(7);
      expect(store.pool.idleCount).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  test('a database without a store, or a newer one, is refused for reading with a clear error', async () => {
    const empty = await createDatabase('empty');
    try {
      await expect(openForReading(pgLocation(empty.url))).rejects.toThrow(/no nianbao store in this database/);
      const w = (await openForWriting(pgLocation(empty.url))) as PostgresStore;
      await w.pool.query('INSERT INTO nianbao.schema_migrations (version) VALUES (99)');
      await w.close();
      await expect(openForReading(pgLocation(empty.url))).rejects.toThrow(/schema 99, newer than this nianbao/);
      await expect(openForWriting(pgLocation(empty.url))).rejects.toThrow(/schema 99, newer than this nianbao/);
    } finally {
      await empty.drop();
    }
  });

  test('a failure while reading the records is a NianbaoError naming the store, so export says so in one line', async () => {
    const gone = await createDatabase('gone');
    try {
      await (await openForWriting(pgLocation(gone.url))).close();
      const store = await openForReading(pgLocation(gone.url));
      const admin = new pg.Client({ connectionString: gone.url });
      await admin.connect();
      await admin.query('DROP SCHEMA nianbao CASCADE');
      await admin.end();
      const err = await collect(store.records()).catch((e: unknown) => e);
      await store.close();
      expect(err).toBeInstanceOf(NianbaoError);
      expect((err as NianbaoError).describe()).toMatch(/^postgres:\/\/.*: cannot read the records: relation "nianbao\.documents" does not exist \(42P01\)$/);
    } finally {
      await gone.drop();
    }
  });

  test('a server that does not answer is one line naming the URL without its password', async () => {
    const url = 'postgres://someone:s3cret-pw@127.0.0.1:1/nowhere';
    const err = await openForReading(pgLocation(url)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NianbaoError);
    const line = (err as NianbaoError).describe();
    expect(line).toMatch(/^postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: cannot connect: .*ECONNREFUSED/);
    expect(line).not.toContain('s3cret');
  });
});

test('store locations: a path or nothing is SQLite, a postgres URL needs --store, both at once is refused', () => {
  expect(storeLocation({})).toEqual({ kind: 'sqlite', file: 'nianbao.sqlite' });
  expect(storeLocation({ db: 'x.sqlite' })).toEqual({ kind: 'sqlite', file: 'x.sqlite' });
  expect(storeLocation({ store: 'x.sqlite' })).toEqual({ kind: 'sqlite', file: 'x.sqlite' });
  expect(storeLocation({ store: 'postgresql://u:pw@h/db' })).toEqual({ kind: 'postgres', url: 'postgresql://u:pw@h/db', name: 'postgresql://u:***@h/db' });
  expect(storeLocation({ db: 'postgres://h/db' })).toEqual({ problem: expect.stringMatching(/--db takes a SQLite file/) });
  expect(storeLocation({ db: 'a', store: 'b' })).toEqual({ problem: expect.stringMatching(/give one of them/) });
  expect(storeLocation({ store: 'postgres://u:pw@[bad/db' })).toEqual({ problem: '--store: not a valid URL: postgres://u:***@[bad/db' });
});

test('redactUrl hides the password wherever a URL carries it', () => {
  expect(redactUrl('postgres://u:p@ss/w0rd@host:5432/db')).toBe('postgres://u:***@host:5432/db');
  expect(redactUrl('postgres://u@host/db?password=xyz&sslmode=require')).toBe('postgres://u@host/db?password=***&sslmode=require');
  expect(redactUrl('postgres://host/db')).toBe('postgres://host/db');
});
