/**
 * A throwaway Postgres cluster for tests and the bench: initdb into a temp
 * folder, started on a free loopback port, removed when stopped. Runs as the
 * `postgres` user when we are root (initdb refuses root). The binaries are
 * found on PATH or where Debian's `postgresql` puts them.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface Cluster {
  /** A superuser URL of the `postgres` database, no password (trust on loopback). */
  url: string;
  port: number;
  dataDir: string;
  /** Stop the server (immediately: it is thrown away) and remove its folder. */
  stop(): void;
  /** Stop the server but keep its data, to start it again (a database going away). */
  pause(): void;
  resume(): void;
}

/** The folder holding initdb and pg_ctl, or null when Postgres is not installed. */
export function findPgBin(): string | null {
  const candidates = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  return candidates.find((d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl'))) ?? null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const asRoot = () => process.getuid?.() === 0;

function run(bin: string, args: string[]): void {
  const [cmd, argv] = asRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

export async function startCluster(binDir = findPgBin()): Promise<Cluster> {
  if (!binDir) throw new Error('Postgres is not installed (no initdb/pg_ctl on PATH or under /usr/lib/postgresql)');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nianbao-pg-'));
  if (asRoot()) chownSync(dataDir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const port = await freePort();
  const pgCtl = path.join(binDir, 'pg_ctl');
  try {
    run(path.join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'nianbao', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  // a throwaway server: no fsync, sockets in its own folder, loopback only
  const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = () => run(pgCtl, ['-D', dataDir, '-o', options, '-l', path.join(dataDir, 'server.log'), '-w', 'start']);
  const halt = () => run(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
  start();
  return {
    url: `postgres://nianbao@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop() {
      try {
        halt();
      } catch {
        // already stopped
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
    pause: halt,
    resume: start,
  };
}

/** A new database on the server `base` names (a superuser URL), and the way to drop it. */
export async function createDatabaseOn(base: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
