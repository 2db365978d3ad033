/**
 * The ingest command end to end, through the built CLI: a batch with broken
 * files completes with each recorded; kill -9 at random points, then a
 * resume, gives the same store as a clean run; Ctrl-C stops cleanly.
 * The test extractor (fixtures/fake-extract.ts) stands in for the pipeline
 * on FAKE-REPORT files and hands every other file to the real one.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fakeReport, tinyPdf } from './fixtures/files.js';
import { CLI, ROOT, countDocuments, ensureBuilt, fakeEnv, runCli, snapshot } from './helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';

const SAMPLE = path.join(ROOT, 'samples/xigong-2024.txt');
const DEV_CORPUS = path.join(corpusDir(), 'dev');

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-ingest-'));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function docs(dbFile: string): Map<string, { status: string; error_code: string | null; error: string | null; path: string }> {
  const db = new Database(dbFile, { readonly: true });
  try {
    const rows = db.prepare('SELECT p.path, d.status, d.error_code, d.error FROM paths p JOIN documents d USING (sha256)').all() as {
      path: string;
      status: string;
      error_code: string | null;
      error: string | null;
    }[];
    return new Map(rows.map((r) => [path.basename(r.path), r]));
  } finally {
    db.close();
  }
}

/** A real report PDF cut short, or a tiny PDF cut short when the corpus is absent. */
function truncatedPdf(): Buffer {
  const ids = existsSync(DEV_CORPUS) ? readdirSync(DEV_CORPUS).sort() : [];
  const id = ids.find((d) => existsSync(path.join(DEV_CORPUS, d, 'source.pdf')));
  const whole = id ? readFileSync(path.join(DEV_CORPUS, id, 'source.pdf')) : tinyPdf('a report that is cut short');
  return whole.subarray(0, Math.floor(whole.length * 0.4));
}

test('a batch with broken files completes: each failure recorded with its cause, every good file stored', async () => {
  const dir = path.join(tmp, 'broken');
  mkdirSync(path.join(dir, 'nested/deeper'), { recursive: true });
  for (let i = 1; i <= 4; i++) writeFileSync(path.join(dir, i % 2 ? 'nested' : '', `good-${i}.txt`), fakeReport({ agency: `好局${i}`, year: 2020 + i, seed: i }));
  copyFileSync(SAMPLE, path.join(dir, 'nested/deeper/real-report.txt'));
  writeFileSync(path.join(dir, 'truncated.pdf'), truncatedPdf());
  writeFileSync(path.join(dir, 'empty.pdf'), '');
  writeFileSync(path.join(dir, 'not-a-report.pdf'), tinyPdf('Quarterly newsletter, nothing to see here'));
  writeFileSync(path.join(dir, 'stuck.txt'), fakeReport({ behave: 'hang' }));
  writeFileSync(path.join(dir, 'segfault.txt'), fakeReport({ behave: 'crash' }));
  writeFileSync(path.join(dir, 'old.doc'), 'not really a doc');
  const db = path.join(tmp, 'broken.sqlite');

  const r = await runCli(['ingest', dir, '--db', db, '--jobs', '2', '--timeout', '2']);
  expect(r.code).toBe(0);
  const got = docs(db);
  for (const name of ['good-1.txt', 'good-2.txt', 'good-3.txt', 'good-4.txt']) expect(got.get(name)?.status).toBe('ok');
  expect(['ok', 'warnings', 'errors']).toContain(got.get('real-report.txt')?.status);
  expect(got.get('empty.pdf')).toMatchObject({ status: 'failed', error_code: 'empty-file' });
  expect(got.get('truncated.pdf')).toMatchObject({ status: 'failed', error_code: 'truncated' });
  expect(got.get('not-a-report.pdf')).toMatchObject({ status: 'failed', error_code: 'not-a-report' });
  expect(got.get('stuck.txt')).toMatchObject({ status: 'failed', error_code: 'timeout' });
  expect(got.get('segfault.txt')).toMatchObject({ status: 'failed', error_code: 'crashed' });
  for (const d of got.values()) if (d.status === 'failed') expect(d.error).toMatch(/\w{4}/);
  expect(got.has('old.doc')).toBe(false);
  expect(r.stderr).toMatch(/1 × legacy Word: convert to \.docx \(e\.g\. .*old\.doc\)/);
  expect(r.stderr).toMatch(/failed 5/);
}, 90_000);

/** Spawn the CLI in its own process group (so a test can clean up orphans), collecting stderr. */
function startIngest(args: string[]): { child: ChildProcess; stderr: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, 'ingest', ...args], { env: fakeEnv(), stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stderr: () => err, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(20);
  }
  return cond();
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function makeArchive(dir: string, n: number): void {
  mkdirSync(path.join(dir, 'a/b'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const sub = ['', 'a', 'a/b'][i % 3]!;
    writeFileSync(
      path.join(dir, sub, `r${String(i).padStart(3, '0')}.txt`),
      fakeReport({
        agency: `测试局${i}`,
        year: 2019 + (i % 7),
        template: i % 4 ? '2021' : '2019',
        seed: i,
        behave: 'slow:120',
        findings: i % 5 ? [] : ['warning:ocr-confusable:requests.granted.total'],
      }),
    );
  }
  // The same content under two names, a real report twice, a failure, a skip.
  copyFileSync(path.join(dir, 'r000.txt'), path.join(dir, 'a/b/copy-of-r000.txt'));
  copyFileSync(SAMPLE, path.join(dir, 'xigong-1.txt'));
  copyFileSync(SAMPLE, path.join(dir, 'a/xigong-2.txt'));
  writeFileSync(path.join(dir, 'a/empty.pdf'), '');
  writeFileSync(path.join(dir, 'a/old.doc'), 'x');
}

test('kill -9 at random points, then resume: the store equals a clean run, nothing twice', async () => {
  const dir = path.join(tmp, 'archive');
  const n = 24;
  makeArchive(dir, n);
  const total = n + 4; // files taken: the reports, the copy, two real reports, the empty PDF
  const distinct = n + 2; // the copy and the second real report are the same content

  const clean = path.join(tmp, 'clean.sqlite');
  const r = await runCli(['ingest', dir, '--db', clean, '--jobs', '2']);
  expect(r.code).toBe(0);
  const expected = snapshot(clean);
  expect(expected.documents).toHaveLength(distinct);
  expect(expected.paths).toHaveLength(total);

  const db = path.join(tmp, 'killed.sqlite');
  const storedAfterKill: number[] = [];
  const delays: number[] = [];
  for (let round = 0; round < 4; round++) {
    const run = startIngest([dir, '--db', db, '--jobs', '2']);
    // First round: any moment, even before the store is open; then once documents are flowing.
    if (round > 0) await until(() => /\[\s*\d+\/\d+\] (ok|warnings|failed)/.test(run.stderr()), 20_000);
    const delay = Math.floor(Math.random() * (round === 0 ? 600 : 500));
    delays.push(delay);
    await sleep(delay);
    process.kill(run.child.pid!, 'SIGKILL');
    await run.done;
    // Extraction processes notice the batch is gone and exit on their own.
    const orphansGone = await until(() => !groupAlive(run.child.pid!), 5000);
    if (!orphansGone) process.kill(-run.child.pid!, 'SIGKILL');
    expect({ orphansGone, delays }).toEqual({ orphansGone: true, delays });
    storedAfterKill.push(countDocuments(db));
  }
  // The kills landed mid-batch: progress was made and not finished.
  expect({ storedAfterKill, delays, midBatch: storedAfterKill.some((c) => c > 0 && c < distinct) }).toMatchObject({ midBatch: true });
  for (let i = 1; i < storedAfterKill.length; i++) expect(storedAfterKill[i]).toBeGreaterThanOrEqual(storedAfterKill[i - 1]!);

  const resumed = await runCli(['ingest', dir, '--db', db, '--jobs', '2']);
  expect(resumed.code).toBe(0);
  expect(snapshot(db)).toEqual(expected);
  const check = new Database(db, { readonly: true });
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  check.close();

  // A third run extracts nothing.
  const again = await runCli(['ingest', dir, '--db', db]);
  expect(again.stderr).toMatch(new RegExp(`already stored:\\s+${total}\\b`));
  expect(again.stderr).toMatch(/stored now:\s+ok 0 · with warnings 0 · with errors 0 · failed 0/);
}, 120_000);

test('kill -9 while a document is stuck in a native call leaves no orphan process', async () => {
  const dir = path.join(tmp, 'stuck');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'stuck.txt'), fakeReport({ behave: 'hang' }));
  const run = startIngest([dir, '--db', path.join(tmp, 'stuck.sqlite'), '--jobs', '1']);
  await sleep(1500); // the extraction process is up and spinning
  process.kill(run.child.pid!, 'SIGKILL');
  await run.done;
  const gone = await until(() => !groupAlive(run.child.pid!), 5000);
  if (!gone) process.kill(-run.child.pid!, 'SIGKILL');
  expect(gone).toBe(true);
}, 30_000);

test('Ctrl-C finishes the documents in progress, says how to resume, and the resume completes', async () => {
  const dir = path.join(tmp, 'interrupt');
  mkdirSync(dir);
  const n = 16;
  for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `r${i}.txt`), fakeReport({ agency: `局${i}`, year: 2022, seed: 100 + i, behave: 'slow:250' }));
  const db = path.join(tmp, 'interrupt.sqlite');
  const run = startIngest([dir, '--db', db, '--jobs', '2']);
  await until(() => /\[\s*\d+\/\d+\] ok/.test(run.stderr()), 20_000);
  process.kill(run.child.pid!, 'SIGINT');
  expect(await run.done).toBe(130);
  expect(run.stderr()).toMatch(/to resume, run the same command again: nianbao ingest/);
  const stored = snapshot(db).documents;
  expect(stored.length).toBeGreaterThan(0);
  expect(stored.length).toBeLessThan(n);
  expect(stored.every((d) => d.status === 'ok')).toBe(true); // nothing stopped midway was stored as failed

  const resumed = await runCli(['ingest', dir, '--db', db, '--jobs', '2']);
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toMatch(new RegExp(`already stored:\\s+${stored.length}\\b`));
  expect(snapshot(db).documents).toHaveLength(n);
}, 60_000);

test('the built CLI runs as a program (npx nianbao executes it directly, not through node)', () => {
  expect(execFileSync(CLI, ['--help'], { encoding: 'utf8' })).toMatch(/^nianbao — /);
});

test('usage errors exit 2 with the help', async () => {
  const r = await runCli(['ingest', '--jobs', '0', tmp]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--jobs must be a whole number/);
  const none = await runCli(['ingest']);
  expect(none.code).toBe(2);
});
