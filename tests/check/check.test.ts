/** `nianbao check`: a store of consecutive years, with a planted carry-over mismatch beside a consistent pair. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/app/commands/check.js';
import { cellStatus } from '../../src/core/cell-status.js';
import type { ReportRecord } from '../../src/core/record.js';
import { type DocumentInput, Store, statusOf } from '../../src/app/store/store.js';
import { openForReading, openForWriting } from '../../src/app/store/open.js';
import { SqliteStore } from '../../src/app/store/sqlite.js';
import { type StoreLocation, storeLocation } from '../../src/app/store/location.js';
import type { StoredRecordRow } from '../../src/app/store/queries.js';
import { createDatabase, describePg } from '../helpers/pg.js';
import { extract } from '../../src/stages/pipeline.js';
import { captureRun } from '../helpers/capture.js';
import { makeReport, reportText, type SyntheticReport } from '../helpers/report.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** The report of the year after `prev`: its 上年结转 is what `prev` carried forward (plus `shift` in column 0, planted), its own identities hold. */
function nextYear(prev: SyntheticReport, seed: number, shift = 0): SyntheticReport {
  for (let s = seed; ; s++) {
    const r = makeReport(s, prev.agency, prev.year + 1);
    const q = r.requests;
    q.carriedOver = prev.requests.carriedForward!.map((v, c) => (v as number) + (c === 0 || c === 6 ? shift : 0));
    // 第一项加第二项之和，等于第三项加第四项之和: the new requests make up the difference
    q.newReceived = q.total!.map((t, c) => (t as number) + (q.carriedForward![c] as number) - (q.carriedOver![c] as number));
    if (q.newReceived.every((v) => (v as number) >= 0)) return r;
  }
}

let dir: string;
let db: string;
/** Every document stored, as stored: the Postgres test stores them again. */
const saved: { doc: DocumentInput; file: string }[] = [];

async function store(name: string, report: SyntheticReport): Promise<ReportRecord> {
  const record = await extract(bytes(reportText(report)), { fileName: name });
  const s = Store.open(db);
  try {
    const doc: DocumentInput = { sha256: record.source.sha256, size: 1, kind: 'text', status: statusOf(record.findings), errorCode: null, error: null, pipelineVersion: 't', record, millis: 1 };
    saved.push({ doc: structuredClone(doc), file: path.join(dir, name) });
    s.saveDocument(doc, [{ path: path.join(dir, name), size: 1, mtimeMs: 1 }]);
  } finally {
    s.close();
  }
  return record;
}

function stored(sha256: string): { record: ReportRecord; status: string; findings: { code: string; cells: string | null }[] } {
  const s = Store.openReadOnly(db);
  try {
    const row = s.db.prepare('SELECT record, status FROM documents WHERE sha256 = ?').get(sha256) as { record: string; status: string };
    const findings = s.db.prepare('SELECT code, cells FROM findings WHERE sha256 = ? ORDER BY seq').all(sha256) as { code: string; cells: string | null }[];
    return { record: JSON.parse(row.record), status: row.status, findings };
  } finally {
    s.close();
  }
}

/** Run the command, capturing what it prints. */
const check = (...args: string[]) => captureRun(run, args);
const checkJson = async (...args: string[]) => {
  const r = await check('--store', db, '--json', ...args);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
};

let consistentLater: ReportRecord;
let plantedLater: ReportRecord;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-check-'));
  db = path.join(dir, 'store.sqlite');
  const a2022 = makeReport(21, '甲县统计局', 2022);
  const b2022 = makeReport(31, '乙市 交通运输局', 2022);
  await store('a-2022.txt', a2022);
  consistentLater = await store('a-2023.txt', nextYear(a2022, 22));
  await store('b-2022.txt', b2022);
  // the agency's name printed without its space the next year: still one agency
  plantedLater = await store('b-2023.txt', { ...nextYear(b2022, 32, 2), agency: '乙市交通运输局' });
  // a third agency with one year only: nothing to pair
  await store('c-2023.txt', makeReport(41, '丙区民政局', 2023));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('the premise: every stored report reads cleanly and adds up on its own', () => {
  for (const r of [consistentLater, plantedLater]) expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
});

test('finds the planted carry-over mismatch, blames the reports (both read cleanly), and passes the consistent pair', async () => {
  const r = await checkJson();
  expect(r.agencies).toBe(3);
  expect(r.pairs).toBe(2);
  expect(r.columns).toEqual({ matches: 12, mismatches: 2, unassessable: 0 });
  expect(r.mismatches.map((m: { agency: string; column: string; blame: string }) => [m.agency, m.column, m.blame])).toEqual([
    ['乙市交通运输局', 'naturalPerson', 'reports'],
    ['乙市交通运输局', 'total', 'reports'],
  ]);
  const m = r.mismatches[0];
  expect(m.later.value).toBe(m.earlier.value + 2);
  expect(m.later.sha256).toBe(plantedLater.source.sha256);
  expect(m.earlier.year).toBe(2022);
  expect(r.findings).toEqual({ added: 2, removed: 0, documents: 1 });
});

test('the finding is stored on the later report: its record, its findings rows and its status', () => {
  const later = stored(plantedLater.source.sha256);
  const cross = later.record.findings.filter((f) => f.code.startsWith('cross-year'));
  expect(cross.map((f) => [f.code, f.severity, f.cells])).toEqual([
    ['cross-year-mismatch', 'warning', ['requests.carriedOver.naturalPerson']],
    ['cross-year-mismatch', 'warning', ['requests.carriedOver.total']],
  ]);
  expect(cross[0]!.message).toMatch(/^上年结转 \(naturalPerson\) is \d+, but the 2022 report \(b-2022\.txt, sha256 [0-9a-f]{12}\) carried forward \d+ \(结转下年度\); both read cleanly/);
  expect(later.findings.filter((f) => f.code === 'cross-year-mismatch')).toHaveLength(2);
  expect(later.status).toBe('warnings');
  // the cell shows as the source's inconsistency, not as a repair of ours
  const key = 'requests.carriedOver.naturalPerson';
  expect(cellStatus(1, later.record.provenance.cells[key], cross.slice(0, 1))).toBe('inconsistent');
  // nothing is put on the earlier report, nor on the consistent pair
  for (const sha of [consistentLater.source.sha256]) expect(stored(sha).record.findings.some((f) => f.code.startsWith('cross-year'))).toBe(false);
});

test('running the check again changes nothing', async () => {
  const before = stored(plantedLater.source.sha256);
  const r = await checkJson();
  expect(r.mismatches).toHaveLength(2);
  expect(r.findings).toEqual({ added: 0, removed: 0, documents: 0 });
  expect(stored(plantedLater.source.sha256)).toEqual(before);
});

test('a cell not read cleanly is not blamed on the agency: the finding says our reading may explain it, and replaces the one before', async () => {
  const s = Store.open(db);
  try {
    const later = stored(plantedLater.source.sha256).record;
    const key = 'requests.carriedOver.naturalPerson';
    later.provenance.cells[key] = { ...later.provenance.cells[key]!, confidence: 0.5 };
    s.replaceRecord(later.source.sha256, later);
  } finally {
    s.close();
  }
  const r = await checkJson();
  expect(r.mismatches.map((m: { column: string; blame: string; later: { status: string } }) => [m.column, m.blame, m.later.status])).toEqual([
    ['naturalPerson', 'reading', 'uncertain'],
    ['total', 'reports', 'clean'],
  ]);
  expect(r.findings).toEqual({ added: 1, removed: 1, documents: 1 });
  const cross = stored(plantedLater.source.sha256).record.findings.filter((f) => f.code.startsWith('cross-year'));
  expect(cross.map((f) => f.code)).toEqual(['cross-year-unconfirmed', 'cross-year-mismatch']);
  expect(cross[0]!.message).toMatch(/not confirmed: 2023's cell is uncertain, so our reading may explain it$/);
  // a warning of ours that only relays another report does not turn a cell into a repair
  expect(cellStatus(1, { page: 1, box: null, unit: 'char', raw: '1', confidence: 1, method: 'position', repairs: [] }, cross.slice(0, 1))).toBe('clean');
});

test('the table names the agency, the years, the column and both values; --dry-run writes nothing', async () => {
  const r = await check('--store', db, '--dry-run');
  expect(r.code).toBe(0);
  const row = r.out.split('\n').find((l) => l.includes('乙市交通运输局') && l.includes('总计'))!;
  const m = plantedLater.requests;
  expect(row).toMatch(new RegExp(`2022→2023\\s+总计\\s+${m.carriedOver.total! - 2}\\s+${m.carriedOver.total}\\s+the reports disagree`));
  expect(r.out).toContain('findings: none written (--dry-run)');
});

test('jumps: a figure changing by more than the factor is listed, one changing less is not', async () => {
  const pair = await checkJson('--dry-run', '--figure', 'requests.granted.naturalPerson');
  expect(pair.figures).toEqual(['requests.granted.naturalPerson']);
  // the factor of each pair, from the values the check reports at a factor every pair exceeds
  const all = (await checkJson('--dry-run', '--jump', '1.0000001', '--figure', 'requests.granted.naturalPerson')).jumps as {
    agency: string;
    factor: number;
    earlier: { value: number };
    later: { value: number };
  }[];
  expect(all.length).toBeGreaterThan(0);
  const j = all[0]!;
  expect(j.factor).toBeCloseTo(Math.max(j.earlier.value, j.later.value, 1) / Math.max(Math.min(j.earlier.value, j.later.value), 1));
  const above = (await checkJson('--dry-run', '--jump', String(j.factor * 0.99), '--figure', 'requests.granted.naturalPerson')).jumps;
  const below = (await checkJson('--dry-run', '--jump', String(j.factor * 1.01), '--figure', 'requests.granted.naturalPerson')).jumps;
  expect(above.map((x: { agency: string }) => x.agency)).toContain(j.agency);
  expect(below.map((x: { agency: string }) => x.agency)).not.toContain(j.agency);
});

test('bad usage exits 2; a store that is not there exits 1 naming it', async () => {
  expect((await check('--store', db, '--jump', '1')).code).toBe(2);
  expect((await check('--store', db, '--figure', 'requests.nothing.total')).code).toBe(2);
  // the store named twice, or a Postgres URL given as the SQLite file --db takes: the same rule as every command's
  expect((await check('--store', db, '--db', db)).err).toMatch(/--db and --store name the same thing/);
  expect((await check('--db', 'postgres://localhost/nianbao')).err).toMatch(/--db takes a SQLite file/);
  const missing = path.join(dir, 'nowhere.sqlite');
  const r = await check('--store', missing);
  expect(r.code).toBe(1);
  expect(r.err).toBe(`nianbao check: ${missing}: no store here (run \`nianbao ingest\` first, or name it with --store)\n`);
});

describePg('check --store postgres://…', () => {
  test('writes the same findings, records and states as on a SQLite store of the same documents; again changes nothing; --dry-run writes nothing', async () => {
    const pgdb = await createDatabase('check');
    const file = path.join(dir, 'twin.sqlite');
    const pgLocation = storeLocation({ store: pgdb.url }) as StoreLocation;
    const all = async (location: StoreLocation) => {
      const s = await openForReading(location);
      const rows: StoredRecordRow[] = [];
      try {
        for await (const r of s.records()) rows.push(r);
      } finally {
        await s.close();
      }
      return rows;
    };
    try {
      const sqlite = SqliteStore.open(file);
      const postgres = await openForWriting(pgLocation);
      for (const { doc, file: p } of saved) {
        await sqlite.saveDocument(doc, [{ path: p, size: 1, mtimeMs: 1 }]);
        await postgres.saveDocument(doc, [{ path: p, size: 1, mtimeMs: 1 }]);
      }
      await sqlite.close();
      await postgres.close();
      const dry = await check('--store', pgdb.url, '--json', '--dry-run');
      expect(dry.code).toBe(0);
      expect(await all(pgLocation)).toEqual(await all({ kind: 'sqlite', file }));
      const onPg = await check('--store', pgdb.url, '--json');
      const onSqlite = await check('--store', file, '--json');
      expect(onPg.code).toBe(0);
      const { store: pgName, ...pgReport } = JSON.parse(onPg.out);
      const { store: _f, ...sqliteReport } = JSON.parse(onSqlite.out);
      expect(pgName).not.toContain(new URL(pgdb.url).password || '\u0000');
      expect(pgReport).toEqual(sqliteReport);
      expect(pgReport.findings.added).toBeGreaterThan(0);
      expect(await all(pgLocation)).toEqual(await all({ kind: 'sqlite', file }));
      expect(JSON.parse((await check('--store', pgdb.url, '--json')).out).findings).toEqual({ added: 0, removed: 0, documents: 0 });
    } finally {
      await pgdb.drop();
    }
  });
});
