/**
 * The batch through its library entry (`ingest`), with the test extractor:
 * resume by content and pipeline version, copies under two paths, a file
 * changed in place, retrying failures, a crash that cannot start.
 */
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { type IngestEvent, type IngestOptions, type IngestSummary, ingest, processesFor } from '../../src/app/batch/ingest.js';
import { run as runIngest } from '../../src/app/commands/ingest.js';
import { fakeReport } from './fixtures/files.js';
import { ensureBuilt, fakeEnv, snapshot } from './helpers/cli.js';

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-batch-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function options(dir: string, db: string, extra: Partial<IngestOptions> = {}): IngestOptions {
  return { inputs: [dir], db, jobs: 2, timeoutMs: 20_000, memoryLimitMb: 512, pipelineVersion: 'v1', childEnv: fakeEnv(), ...extra };
}

const extracted = (s: IngestSummary) => s.counts.ok + s.counts.warnings + s.counts.errors + s.counts.failed;

test('resume skips what this version stored; a new version extracts again; copies keep every path', async () => {
  const dir = mkdtempSync(path.join(tmp, 'a-'));
  for (let i = 0; i < 5; i++) writeFileSync(path.join(dir, `r${i}.txt`), fakeReport({ agency: `局${i}`, year: 2021, seed: i }));
  writeFileSync(path.join(dir, 'copy.txt'), fakeReport({ agency: '局0', year: 2021, seed: 0 }));
  writeFileSync(path.join(dir, 'warn.txt'), fakeReport({ agency: '局w', year: 2022, findings: ['warning:ocr-confusable:requests.granted.total'] }));
  writeFileSync(path.join(dir, 'err.txt'), fakeReport({ agency: '局e', year: 2022, findings: ['error:sum-mismatch:requests.total'] }));
  const db = path.join(tmp, 'a.sqlite');

  const first = await ingest(options(dir, db));
  expect(first.counts).toMatchObject({ ok: 5, warnings: 1, errors: 1, failed: 0, duplicate: 1 });
  const snap = snapshot(db);
  expect(snap.documents).toHaveLength(7);
  expect(snap.paths).toHaveLength(8);
  const copies = snap.paths.filter((p) => ['copy.txt', 'r0.txt'].includes(path.basename(p.path as string)));
  expect(copies[0]!.sha256).toBe(copies[1]!.sha256);

  const second = await ingest(options(dir, db));
  expect(extracted(second)).toBe(0);
  expect(second.counts.unchanged).toBe(8);
  expect(snapshot(db)).toEqual(snap);

  const third = await ingest(options(dir, db, { pipelineVersion: 'v2' }));
  expect(extracted(third)).toBe(7);
  const after = snapshot(db);
  expect(after.documents).toHaveLength(7);
  expect(after.paths).toEqual(snap.paths);
  expect(after.documents.every((d) => d.pipeline_version === 'v2')).toBe(true);
  expect(after.findings).toEqual(snap.findings); // replaced, not added
}, 60_000);

test('a file changed in place is a new document, and its path follows it', async () => {
  const dir = mkdtempSync(path.join(tmp, 'b-'));
  const file = path.join(dir, 'report.txt');
  writeFileSync(file, fakeReport({ agency: '旧', year: 2020 }));
  const db = path.join(tmp, 'b.sqlite');
  await ingest(options(dir, db));
  writeFileSync(file, fakeReport({ agency: '新', year: 2020 }));
  utimesSync(file, new Date(), new Date(Date.now() + 5000));
  const s = await ingest(options(dir, db));
  expect(s.counts.ok).toBe(1);
  const snap = snapshot(db);
  expect(snap.documents.map((d) => d.agency).sort()).toEqual(['新', '旧']);
  expect(snap.paths).toHaveLength(1);
  expect(snap.documents.find((d) => d.sha256 === snap.paths[0]!.sha256)!.agency).toBe('新');
}, 60_000);

test('a file rewritten after it was hashed gives its record to itself only: a copy of its old bytes is not linked to it', async () => {
  const dir = mkdtempSync(path.join(tmp, 'f-'));
  // the slow one (largest, so first) holds the one process while p1 waits, hashed, in the queue
  writeFileSync(path.join(dir, 'a-slow.txt'), fakeReport({ agency: '慢', behave: 'slow:2000' }) + ' '.repeat(4096));
  writeFileSync(path.join(dir, 'p1.txt'), fakeReport({ agency: '旧', year: 2020 }));
  writeFileSync(path.join(dir, 'p2.txt'), fakeReport({ agency: '旧', year: 2020 }));
  const db = path.join(tmp, 'f.sqlite');
  const rewrite = setTimeout(() => writeFileSync(path.join(dir, 'p1.txt'), fakeReport({ agency: '新', year: 2020 })), 500);
  const first = await ingest(options(dir, db, { jobs: 1 }));
  clearTimeout(rewrite);
  expect(first.failures.map((f) => [path.basename(f.path), f.code])).toEqual([['p2.txt', 'changed-while-read']]);
  const agencyOf = (name: string) => {
    const snap = snapshot(db);
    const p = snap.paths.find((x) => path.basename(x.path as string) === name);
    return p && snap.documents.find((d) => d.sha256 === p.sha256)!.agency;
  };
  expect(agencyOf('p1.txt')).toBe('新');
  expect(agencyOf('p2.txt')).toBeUndefined();
  await ingest(options(dir, db, { jobs: 1 }));
  expect(agencyOf('p2.txt')).toBe('旧');
}, 60_000);

test('failures are kept, not retried, unless asked; a slow document within the limit is fine', async () => {
  const dir = mkdtempSync(path.join(tmp, 'c-'));
  writeFileSync(path.join(dir, 'stuck.txt'), fakeReport({ behave: 'hang' }));
  writeFileSync(path.join(dir, 'slow.txt'), fakeReport({ agency: '慢', behave: 'slow:300' }));
  writeFileSync(path.join(dir, 'empty.txt'), '');
  const db = path.join(tmp, 'c.sqlite');
  // the limit stands well above the slow document's 300 ms: a loaded machine (the suite's other workers) must not make it time out
  const timeoutMs = 3000;
  const first = await ingest(options(dir, db, { timeoutMs }));
  expect(first.counts).toMatchObject({ ok: 1, failed: 2 });
  expect(first.failures.map((f) => f.code).sort()).toEqual(['empty-file', 'timeout']);
  const again = await ingest(options(dir, db, { timeoutMs }));
  expect(again.counts.unchanged).toBe(3);
  const retried = await ingest(options(dir, db, { timeoutMs, retryFailed: true }));
  expect(retried.counts).toMatchObject({ failed: 2, unchanged: 1 });
  expect(snapshot(db).documents).toHaveLength(3);
}, 60_000);

test('extraction processes that cannot start stop the batch with the reason, storing nothing', async () => {
  const dir = mkdtempSync(path.join(tmp, 'd-'));
  writeFileSync(path.join(dir, 'r.txt'), fakeReport({}));
  const db = path.join(tmp, 'd.sqlite');
  const env = { ...fakeEnv(), NIANBAO_EXTRACT_MODULE: path.join(tmp, 'no-such-module.js') };
  await expect(ingest(options(dir, db, { childEnv: env }))).rejects.toThrow(/cannot start.*no-such-module/s);
  expect(snapshot(db).documents).toHaveLength(0);
}, 60_000);

test("the profile accounts for the processes' time: a long document leaves the other process idle, then retired", async () => {
  const dir = mkdtempSync(path.join(tmp, 'e-'));
  writeFileSync(path.join(dir, 'long.txt'), fakeReport({ agency: '长', behave: 'slow:1500' }));
  writeFileSync(path.join(dir, 'quick.txt'), fakeReport({ agency: '快' }));
  const s = await ingest(options(dir, path.join(tmp, 'e.sqlite')));
  const { pool, documents } = s.profile;
  expect(documents.map((d) => path.basename(d.path)).sort()).toEqual(['long.txt', 'quick.txt']);
  const long = documents.find((d) => d.path.endsWith('long.txt'))!;
  expect(long.millis).toBeGreaterThanOrEqual(1500);
  expect(long.cpuMs).toBeGreaterThan(0); // a busy loop: CPU, not waiting
  expect(pool.spawned).toBe(2);
  expect(pool.busyMs).toBeGreaterThanOrEqual(1500);
  // The quick document's process has nothing left to do: it is idle (tail) only until it exits,
  // not until the long one is done.
  expect(pool.tailMs).toBeGreaterThan(0);
  expect(pool.tailMs).toBeLessThan(1000);
  expect(pool.starvedMs).toBeLessThan(500);
  // Every process-millisecond is in one bucket, and two processes cannot exceed twice the batch.
  const accounted = pool.startupMs + pool.busyMs + pool.starvedMs + pool.tailMs + pool.closingMs;
  expect(accounted).toBeLessThanOrEqual(2 * s.elapsedMs);
  expect(accounted).toBeGreaterThan(s.elapsedMs);
  expect(s.profile.mainCpuMs).toBeGreaterThan(0);
}, 60_000);

test('at the end of a batch the cores of idle processes are lent to the one still working', async () => {
  const lent = mkdtempSync(path.join(tmp, 'f-'));
  writeFileSync(path.join(lent, 'quick.txt'), fakeReport({ agency: '快' }));
  // It waits for OCR threads to be lent and says how many it may use.
  writeFileSync(path.join(lent, 'last.txt'), fakeReport({ behave: 'lanes:10000' }));
  await ingest(options(lent, path.join(tmp, 'f2.sqlite')));
  expect(
    snapshot(path.join(tmp, 'f2.sqlite'))
      .documents.map((d) => d.agency)
      .sort(),
  ).toEqual(['lanes 2', '快']);

  // One process: no core to lend.
  const alone = mkdtempSync(path.join(tmp, 'f-'));
  writeFileSync(path.join(alone, 'last.txt'), fakeReport({ behave: 'lanes:500' }));
  await ingest(options(alone, path.join(tmp, 'f1.sqlite'), { jobs: 1 }));
  expect(snapshot(path.join(tmp, 'f1.sqlite')).documents.map((d) => d.agency)).toEqual(['lanes 1']);
}, 60_000);

test('--jobs is capped at the files to read and at what memory holds, and the cap is said', async () => {
  expect(processesFor(1000, 8, 2048, 24 * 2 ** 30)).toEqual({ jobs: 8, requested: 1000, why: 'only 8 files to read' });
  expect(processesFor(1000, 5000, 2048, 24 * 2 ** 30)).toMatchObject({ jobs: 12, why: expect.stringContaining('12 processes at --max-memory 2048 MB') });
  expect(processesFor(2, 5000, 2048, 24 * 2 ** 30)).toEqual({ jobs: 2, requested: 2 });
  const dir = mkdtempSync(path.join(tmp, 'g-'));
  for (let i = 0; i < 2; i++) writeFileSync(path.join(dir, `r${i}.txt`), fakeReport({ agency: `局${i}`, seed: i }));
  const events: IngestEvent[] = [];
  const s = await ingest(options(dir, path.join(tmp, 'g.sqlite'), { jobs: 50, onEvent: (e) => events.push(e) }));
  expect(s.profile.pool.spawned).toBeLessThanOrEqual(2);
  expect(events[0]).toMatchObject({ type: 'walked', jobs: { jobs: 2, requested: 50 } });
}, 60_000);

test('events: the walk, then the schedule with its estimated work (most first), then each file started before its outcome; a file already stored is never started', async () => {
  const dir = mkdtempSync(path.join(tmp, 'ev-'));
  for (let i = 0; i < 3; i++) writeFileSync(path.join(dir, `r${i}.txt`), fakeReport({ agency: `局${i}`, seed: i }) + ' '.repeat(100 * i));
  const db = path.join(tmp, 'ev.sqlite');
  const first: IngestEvent[] = [];
  await ingest(options(dir, db, { onEvent: (e) => first.push(e) }));
  expect(first.map((e) => e.type).slice(0, 2)).toEqual(['walked', 'scheduled']);
  const scheduled = first[1] as Extract<IngestEvent, { type: 'scheduled' }>;
  expect(scheduled.files.map((f) => path.basename(f.path))).toEqual(['r2.txt', 'r1.txt', 'r0.txt']);
  expect(scheduled.files.every((f) => f.kind === 'text' && f.work > 0)).toBe(true);
  for (const f of scheduled.files) {
    const started = first.findIndex((e) => e.type === 'started' && e.path === f.path);
    const done = first.findIndex((e) => e.type === 'file' && e.path === f.path);
    expect(started).toBeGreaterThan(1);
    expect(done).toBeGreaterThan(started);
  }
  const again: IngestEvent[] = [];
  await ingest(options(dir, db, { onEvent: (e) => again.push(e) }));
  expect(again.filter((e) => e.type === 'started')).toEqual([]);
  expect(again.filter((e) => e.type === 'file').map((e) => (e as { outcome: string }).outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
}, 60_000);

test('ingest of a path that does not exist, or of a glob the shell left unexpanded, exits 1 and reads nothing', async () => {
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const db = path.join(tmp, 'h.sqlite');
  try {
    expect(await runIngest([path.join(tmp, 'no-such-folder'), '--db', db])).toBe(1);
    expect(await runIngest([path.join(tmp, '*.pdf'), '--db', db])).toBe(1);
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/\*\.pdf: no such file or folder \(a pattern the shell did not expand\?\)/);
  } finally {
    err.mockRestore();
  }
  expect(existsSync(db)).toBe(false);
});

test('ingest --json prints the summary on stdout for a script to read', async () => {
  const dir = mkdtempSync(path.join(tmp, 'j-'));
  writeFileSync(path.join(dir, 'empty.txt'), '');
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await runIngest([dir, '--db', path.join(tmp, 'j.sqlite'), '--json', '--quiet', '--jobs', '1'])).toBe(0);
    const summary = JSON.parse(String(out.mock.calls.map((c) => c[0]).join(''))) as { total: number; counts: Record<string, number>; failures: { code: string }[] };
    expect(summary.total).toBe(1);
    expect(summary.counts.failed).toBe(1);
    expect(summary.failures[0]!.code).toBe('empty-file');
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}, 60_000);
