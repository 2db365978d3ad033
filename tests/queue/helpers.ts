/** Shared by the queue tests: the built CLI against a database of the test Postgres, and what that database holds. */
import { type ChildProcess, spawn } from 'node:child_process';
import pg from 'pg';
import { CLI, fakeEnv } from '../batch/helpers/cli.js';

export interface Spawned {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Start the CLI (the test extractor for FAKE-REPORT files, the real pipeline for the rest). */
export function start(args: string[], env: NodeJS.ProcessEnv = fakeEnv()): Spawned {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // bytes kept as they come and decoded whole: a chunk may end inside a character
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => err.push(d));
  const text = (b: Buffer[]) => Buffer.concat(b).toString('utf8');
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout: text(out), stderr: text(err) })),
  );
  return { child, stderr: () => text(err), done };
}

export const cli = (args: string[], env?: NodeJS.ProcessEnv) => start(args, env).done;

export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Poll `check` every 100 ms until it holds, or fail after `ms`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Jobs of the queue by state. */
export async function jobStates(url: string): Promise<Record<string, number>> {
  const rows = await query<{ state: string; n: number }>(url, "SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE name = 'nianbao-documents' GROUP BY 1");
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Stored documents by the basename of each of their paths. */
export async function storedByPath(url: string): Promise<Map<string, { sha256: string; status: string; error_code: string | null; error: string | null }>> {
  const rows = await query<{ path: string; sha256: string; status: string; error_code: string | null; error: string | null }>(
    url,
    'SELECT p.path, d.sha256, d.status, d.error_code, d.error FROM nianbao.paths p JOIN nianbao.documents d USING (sha256)',
  );
  return new Map(rows.map((r) => [r.path.split('/').pop()!, r]));
}
