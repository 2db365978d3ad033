import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { NianbaoError } from '../../src/core/errors.js';
import { iterateRecords, storeStats } from '../../src/app/store/queries.js';
import { type DocumentInput, Store, statusOf } from '../../src/app/store/store.js';
import { makeRecord } from '../export/fixtures/records.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-store-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const sha = (n: number) => n.toString(16).padStart(64, '0');

function doc(n: number, extra: Partial<DocumentInput> = {}): DocumentInput {
  const record = makeRecord({
    agency: `测试局${n}`,
    year: 2020 + n,
    template: n % 2 ? '2021' : '2019',
    seed: n,
    sha256: sha(n),
    findings: [
      { code: 'restored-by-identity', severity: 'warning', message: 'restored', cells: ['requests.granted.total'] },
      { code: 'blank-cell', severity: 'info', message: 'blank' },
    ],
  });
  return { sha256: sha(n), size: 100 + n, kind: 'text', status: statusOf(record.findings), errorCode: null, error: null, pipelineVersion: 'v1', record, millis: 12.4, ...extra };
}

test('statusOf: errors beat warnings beat ok; info changes nothing', () => {
  expect(statusOf([])).toBe('ok');
  expect(statusOf([{ severity: 'info' }])).toBe('ok');
  expect(statusOf([{ severity: 'info' }, { severity: 'warning' }])).toBe('warnings');
  expect(statusOf([{ severity: 'warning' }, { severity: 'error' }])).toBe('errors');
});

test('a new store is in WAL mode and records its schema version', () => {
  const file = path.join(tmp, 's.sqlite');
  Store.open(file).close();
  const db = new Database(file, { readonly: true });
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()).toEqual({ value: '1' });
  db.close();
});

test('one row per content; every path kept; findings stored as rows and replaced, not added, on re-extraction', () => {
  const store = Store.open(path.join(tmp, 's.sqlite'));
  const d = doc(1);
  store.saveDocument(d, [{ path: '/a/one.txt', size: 101, mtimeMs: 1000 }]);
  store.addPaths(d.sha256, [{ path: '/b/copy.txt', size: 101, mtimeMs: 2000 }]);
  // A new pipeline version extracts it again: still one row, both paths, findings not doubled.
  store.saveDocument({ ...d, pipelineVersion: 'v2' }, [{ path: '/a/one.txt', size: 101, mtimeMs: 1000 }]);
  const n = (sql: string) => (store.db.prepare(sql).get() as { n: number }).n;
  expect(n('SELECT count(*) AS n FROM documents')).toBe(1);
  expect(n('SELECT count(*) AS n FROM paths')).toBe(2);
  expect(n('SELECT count(*) AS n FROM findings')).toBe(2);
  expect(store.known(d.sha256)).toEqual({ sha256: d.sha256, pipelineVersion: 'v2', status: 'warnings' });
  expect(store.knownPath('/b/copy.txt')).toMatchObject({ sha256: d.sha256, size: 101, mtimeMs: 2000, pipelineVersion: 'v2' });
  expect(store.knownPath('/nowhere')).toBeUndefined();
  store.close();
});

test('a failed document is stored without a record, with its error, and is not exported', () => {
  const store = Store.open(path.join(tmp, 's.sqlite'));
  store.saveDocument({ ...doc(2), status: 'failed', errorCode: 'timeout', error: 'too slow', record: null, kind: 'pdf' }, []);
  store.saveDocument(doc(3), []);
  expect([...iterateRecords(store)].map((r) => r.sha256)).toEqual([sha(3)]);
  const stats = storeStats(store);
  expect(stats.byStatus).toEqual(
    expect.arrayContaining([
      { key: 'failed', count: 1 },
      { key: 'warnings', count: 1 },
    ]),
  );
  expect(stats.failures).toEqual([{ key: 'timeout', count: 1 }]);
  expect(stats.byKind).toEqual(
    expect.arrayContaining([
      { key: 'pdf', count: 1 },
      { key: 'text', count: 1 },
    ]),
  );
  store.close();
});

test('iterateRecords filters by agency substring, years and statuses', () => {
  const store = Store.open(path.join(tmp, 's.sqlite'));
  for (let i = 1; i <= 4; i++) store.saveDocument(doc(i), [{ path: `/r${i}.txt`, size: 1, mtimeMs: 1 }]);
  store.saveDocument(doc(5, { status: 'errors' }), []);
  const shas = (f: Parameters<typeof iterateRecords>[1]) => [...iterateRecords(store, f)].map((r) => r.sha256).sort();
  expect(shas({ agency: '局3' })).toEqual([sha(3)]);
  expect(shas({ years: [2022, 2024] })).toEqual([sha(2), sha(4)]);
  expect(shas({ statuses: ['errors'] })).toEqual([sha(5)]);
  expect(shas({ agency: '测试', years: [2021], statuses: ['warnings'] })).toEqual([sha(1)]);
  expect([...iterateRecords(store, { years: [2021] })][0]).toMatchObject({ path: '/r1.txt', status: 'warnings' });
  store.close();
});

test('stats count findings by code with the documents they occur in', () => {
  const store = Store.open(path.join(tmp, 's.sqlite'));
  for (let i = 1; i <= 3; i++) store.saveDocument(doc(i), []);
  const top = storeStats(store).topFindings;
  expect(top).toContainEqual({ code: 'restored-by-identity', severity: 'warning', count: 3, documents: 3 });
  expect(storeStats(store).byYear.map((c) => c.key)).toEqual([2021, 2022, 2023]);
  store.close();
});

test('a SQLite file that is not a store, or no file, is a clear NianbaoError', () => {
  const other = path.join(tmp, 'other.sqlite');
  const db = new Database(other);
  db.exec('CREATE TABLE t (x)');
  db.close();
  const before = readFileSync(other);
  expect(() => Store.open(other)).toThrow(/not a nianbao store/);
  // refused untouched: not switched to WAL, no -wal file beside it
  expect(readFileSync(other).equals(before)).toBe(true);
  expect(existsSync(`${other}-wal`)).toBe(false);
  expect(() => Store.openReadOnly(path.join(tmp, 'missing.sqlite'))).toThrow(NianbaoError);
  writeFileSync(path.join(tmp, 'junk.sqlite'), 'this is not a database at all, just text');
  expect(() => Store.open(path.join(tmp, 'junk.sqlite'))).toThrow(NianbaoError);
});
