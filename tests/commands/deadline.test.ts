/** --timeout: one line naming the file when time is up, whether the main thread waits or is stuck in synchronous work. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensureBuilt } from '../batch/helpers/cli.js';

const DEADLINE = path.join(ROOT, 'dist/src/app/commands/deadline.js');
const run = (body: string) => spawnSync(process.execPath, ['--input-type=module', '-e', `import { startDeadline } from ${JSON.stringify(DEADLINE)};\n${body}`], { encoding: 'utf8', timeout: 30_000 });

beforeAll(() => ensureBuilt());

test('a command waiting past its limit stops with exit 1 and one line', () => {
  const r = run(`startDeadline('extract', 'slow.pdf', 0.3); setTimeout(() => console.log('finished'), 10_000);`);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe('nianbao extract: slow.pdf: no result within 0.3 s (--timeout); stopped\n');
});

test('a main thread stuck in synchronous work is ended by the watchdog, with the line', () => {
  const r = run(`startDeadline('extract', 'stuck.pdf', 0.3); for (;;);`);
  expect(r.signal).toBe('SIGKILL');
  expect(r.stderr).toMatch(/^nianbao extract: stuck\.pdf: no result within 0\.3 s \(--timeout\); stopped \(stuck; killed\)\n$/);
}, 30_000);

test('a command done in time is not stopped, and its watchdog does not keep it alive', () => {
  const r = run(`const stop = startDeadline('extract', 'quick.pdf', 5); console.log('done'); stop();`);
  expect(r.status).toBe(0);
  expect(r.stdout).toBe('done\n');
  expect(r.stderr).toBe('');
});
