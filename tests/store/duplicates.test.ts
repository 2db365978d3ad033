/**
 * Two reports (other content) of one agency and year: every one but the
 * best read is marked duplicate-report, the marks follow new extractions,
 * and export --dedupe leaves the marked ones out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding } from '../../src/core/findings.js';
import { countBy, iterateRecords, storeStats } from '../../src/app/store/queries.js';
import { type DocumentInput, Store, statusOf } from '../../src/app/store/store.js';
import { makeRecord } from '../export/fixtures/records.js';

let tmp: string;
let store: Store;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-dup-'));
  store = Store.open(path.join(tmp, 's.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

const sha = (n: number) => n.toString(16).padStart(64, '0');
const warning: Finding = { code: 'restored-by-identity', severity: 'warning', message: 'restored', cells: ['requests.granted.total'] };
const error: Finding = { code: 'cell-unread', severity: 'error', message: 'unread', cells: ['requests.total.total'] };

function doc(n: number, agency: string | null, year: number | null, findings: Finding[] = []): DocumentInput {
  const record = makeRecord({ agency, year, template: '2021', seed: n, sha256: sha(n), findings });
  return { sha256: sha(n), size: 1, kind: 'text', status: statusOf(findings), errorCode: null, error: null, pipelineVersion: 'v1', record, millis: 1 };
}

const save = (d: DocumentInput) => store.saveDocument(d, [{ path: `/archive/${d.sha256.slice(-2)}.txt`, size: 1, mtimeMs: 1 }]);
const marked = () => (store.db.prepare("SELECT sha256 FROM findings WHERE code = 'duplicate-report' ORDER BY sha256").all() as { sha256: string }[]).map((r) => r.sha256);
const kept = () => [...iterateRecords(store, { dedupe: true })].map((r) => r.sha256).sort();

test('of two reports of one agency and year, the one read worse is marked, names the one kept, and becomes a warning', () => {
  save(doc(1, '淮安市洪泽区人民政府', 2024, [error]));
  expect(marked()).toEqual([]);
  // the same government printed without its city: one agency key
  save(doc(2, '洪泽区人民政府', 2024, [warning]));
  expect(marked()).toEqual([sha(1)]);
  const first = [...iterateRecords(store)].find((r) => r.sha256 === sha(1))!;
  const finding = (JSON.parse(first.record) as { findings: Finding[] }).findings.find((f) => f.code === 'duplicate-report')!;
  expect(finding.severity).toBe('warning');
  expect(finding.message).toContain(sha(2));
  expect(finding.message).toContain('/archive/02.txt');
  expect(store.known(sha(1))!.status).toBe('errors');
  expect(kept()).toEqual([sha(2)]);
  // other years and other agencies are not duplicates
  save(doc(3, '洪泽区人民政府', 2023));
  save(doc(4, '淮安市人民政府', 2024));
  expect(marked()).toEqual([sha(1)]);
  expect(kept()).toEqual([sha(2), sha(3), sha(4)]);
});

test('an ok report marked a duplicate becomes warnings; among reports read alike the lowest sha256 is kept, whatever the order stored', () => {
  save(doc(7, '沭阳县人民政府', 2025));
  save(doc(5, '沭阳县', 2025));
  save(doc(6, '沭阳县政府', 2025));
  expect(marked()).toEqual([sha(6), sha(7)]);
  expect(store.known(sha(7))!.status).toBe('warnings');
  expect(kept()).toEqual([sha(5)]);
  expect(storeStats(store).duplicateGroups).toBe(1);
});

test('a new extraction moves the marks: a better reading is kept, and one that leaves the group takes its mark with it', () => {
  save(doc(1, '西工区西工街道办事处', 2024));
  save(doc(2, '西工区西工街道办事处', 2024, [warning]));
  expect(marked()).toEqual([sha(2)]);
  // a new pipeline reads 1 worse: now 2 is kept
  save({ ...doc(1, '西工区西工街道办事处', 2024, [error]), pipelineVersion: 'v2' });
  expect(marked()).toEqual([sha(1)]);
  expect(store.known(sha(2))!.status).toBe('warnings'); // its own warning stays
  // and reads its year differently: no longer a duplicate of anything
  save({ ...doc(1, '西工区西工街道办事处', 2023, [error]), pipelineVersion: 'v3' });
  expect(marked()).toEqual([]);
  expect(kept()).toEqual([sha(1), sha(2)]);
});

test('reports without an agency key or a year are never duplicates', () => {
  save(doc(1, null, 2024));
  save(doc(2, null, 2024));
  save(doc(3, '川湾市人民政府', null));
  save(doc(4, '川湾市人民政府', null));
  expect(marked()).toEqual([]);
});

test('countBy: documents per agency key, region code with its names, and year', () => {
  save(doc(1, '淮安市洪泽区人民政府', 2024));
  save(doc(2, '洪泽区人民政府', 2023));
  save(doc(3, '西工区西工街道办事处', 2024));
  save(doc(4, '川湾市人民政府', 2024));
  store.saveDocument({ ...doc(9, null, null), status: 'failed', errorCode: 'timeout', error: 'slow', record: null }, []);
  expect(countBy(store, 'agency')).toEqual([
    { key: null, documents: 1 },
    { key: '川湾市人民政府', documents: 1 },
    { key: '江苏省淮安市洪泽区人民政府', documents: 2 },
    { key: '河南省洛阳市西工区西工街道办事处', documents: 1 },
  ]);
  expect(countBy(store, 'region')).toEqual([
    { key: null, documents: 2 },
    { key: '320813', names: ['江苏省', '淮安市', '洪泽区'], documents: 2 },
    { key: '410303003', names: ['河南省', '洛阳市', '西工区', '西工街道'], documents: 1 },
  ]);
  expect(countBy(store, 'year')).toEqual([
    { key: null, documents: 1 },
    { key: 2023, documents: 1 },
    { key: 2024, documents: 3 },
  ]);
});
