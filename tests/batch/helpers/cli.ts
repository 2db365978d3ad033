/** Shared by the batch tests: run the built CLI (jest's global setup builds dist/ once), read a store back. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = path.join(ROOT, 'dist/src/cli.js');
export const FAKE_EXTRACT = path.join(ROOT, 'dist/tests/batch/fixtures/fake-extract.js');
const BUILT = [CLI, FAKE_EXTRACT, path.join(ROOT, 'dist/src/app/batch/child.js')];

/** The built files the batch tests run must be there (tests/global-setup.js builds them before the suites). */
export function ensureBuilt(): void {
  for (const f of BUILT) if (!existsSync(f)) throw new Error(`${f} is missing: run the tests with npm test, which builds dist/ first`);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment that makes the batch's children use the fake extractor. */
export const fakeEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NIANBAO_EXTRACT_MODULE: FAKE_EXTRACT, NODE_OPTIONS: '' });

export function runCli(args: string[], env: NodeJS.ProcessEnv = fakeEnv(), cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export interface StoreSnapshot {
  documents: Record<string, unknown>[];
  paths: Record<string, unknown>[];
  findings: Record<string, unknown>[];
}

/** Everything a run decides (not when it ran or how long it took), sorted. */
export function snapshot(dbFile: string): StoreSnapshot {
  const db = new Database(dbFile, { readonly: true });
  try {
    return {
      documents: db
        .prepare(
          `SELECT sha256, size, kind, status, error_code, error, pipeline_version, template, agency, year, record
           FROM documents ORDER BY sha256`,
        )
        .all() as Record<string, unknown>[],
      paths: db.prepare('SELECT path, sha256, size, mtime_ms FROM paths ORDER BY path').all() as Record<string, unknown>[],
      findings: db.prepare('SELECT sha256, seq, code, severity, cells, message FROM findings ORDER BY sha256, seq').all() as Record<string, unknown>[],
    };
  } finally {
    db.close();
  }
}

export function countDocuments(dbFile: string): number {
  if (!existsSync(dbFile)) return 0;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'documents'").get();
    return hasTable ? (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}
