/**
 * The hostile-input corpus (corpus.ts) through the built CLI: each case ends
 * within its time and memory bounds with a record (exit 0) or one clear line
 * naming the file (exit 1); never a crash, a hang or a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI, ROOT, ensureBuilt } from '../batch/helpers/cli.js';
import { CASES } from './corpus.js';

let dir: string;
const measured: string[] = [];
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(tmpdir(), 'nianbao-hostile-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // what each case took, for the README's bounds
  console.log(`hostile corpus, ${CASES.length} cases:\n${measured.join('\n')}`);
});

function extract(file: string, seconds: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', path.join(ROOT, 'tests/hostile/maxrss.mjs'), CLI, 'extract', file, '--compact'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), seconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(kill);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

test.each(CASES.map((c) => [c.name, c] as const))(
  '%s ends within its bounds, with a record or one clear line',
  async (_name, c) => {
    const file = path.join(dir, c.name);
    writeFileSync(file, c.bytes());
    const r = await extract(file, c.seconds);
    expect({ signal: r.signal, code: r.code === 0 || r.code === 1 }).toEqual({ signal: null, code: true });
    const [, rss] = /MAXRSS (\d+)/.exec(r.stderr) ?? [];
    expect(Number(rss) / 1024).toBeLessThan(c.mib);
    measured.push(`  ${c.name.padEnd(24)} exit ${r.code}  ${(r.ms / 1000).toFixed(1)} s (bound ${c.seconds})  ${Math.round(Number(rss) / 1024)} MiB (bound ${c.mib})`);
    const lines = r.stderr.replace(/\nMAXRSS \d+\n$/, '').trim();
    expect(lines).not.toMatch(/\n\s+at /);
    if (r.code === 0) expect(() => JSON.parse(r.stdout)).not.toThrow();
    else {
      expect(lines.split('\n')).toHaveLength(1);
      expect(lines).toMatch(new RegExp(`^nianbao extract: .*${c.name.replace('.', '\\.')}: `));
    }
  },
  120_000,
);
