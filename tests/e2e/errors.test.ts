/** Bad input: one clear line on stderr naming the file, a non-zero exit, no stack trace. */
import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { MAX_INPUT_BYTES } from '../../src/stages/pipeline.js';
import { MAX_TEXT_BYTES } from '../../extractors/text.js';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../src/app/commands/extract.js';
import { makePdf } from '../helpers/make-pdf.js';
import { makeReport, reportPdfItems, reportText } from '../helpers/report.js';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { CLI, ensureBuilt } from '../batch/helpers/cli.js';

async function cli(name: string, bytes: Uint8Array | string): Promise<{ code: number; stderr: string; stdout: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-bad-'));
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  let stderr = '';
  let stdout = '';
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  try {
    return { code: await run([file]), stderr, stdout };
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
}

describe('nianbao extract on bad input', () => {
  const cases: [string, Uint8Array | string, RegExp][] = [
    ['empty.txt', '', /empty/],
    ['junk.bin', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), /binary data/],
    ['truncated.pdf', makePdf(reportPdfItems(makeReport(2))).subarray(0, 700), /damaged or truncated/],
    ['english.txt', 'Quarterly sales report for the northern region.', /not a government information disclosure report/],
    ['minutes.txt', '会议纪要：关于召开年度工作会议的通知。', /no section or table/],
    ['old.doc', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(0)]), /legacy Word/],
    // AES-256, user password 'secret' (made once with `qpdf --encrypt secret secret 256`)
    ['encrypted.pdf', readFileSync(new URL('../fixtures/encrypted.pdf', import.meta.url)), /encrypted \(password protected\)/],
  ];
  test.each(cases)('%s', async (name, bytes, why) => {
    const r = await cli(name, bytes);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(lines[0]).toMatch(why);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

test('a file over the size limit is refused before it is read', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-big-'));
  const file = path.join(dir, 'huge.pdf');
  await writeFile(file, '');
  await truncate(file, MAX_INPUT_BYTES + 1); // sparse: no disk used
  let stderr = '';
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    expect(await run([file])).toBe(1);
  } finally {
    err.mockRestore();
  }
  expect(stderr).toMatch(/huge\.pdf: the file is \d+ MiB, over the \d+ MiB limit/);
});

test("one prefix for every command's one line: nianbao extract: <file>: <reason>, control characters in the name escaped", async () => {
  const r = await cli('bad\x1b[31mname\n.txt', '');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^nianbao extract: .*bad\\x1b\[31mname\\x0a\.txt: the file is empty/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

test('extract - reads the report from standard input', async () => {
  ensureBuilt();
  const child = spawn(process.execPath, [CLI, 'extract', '-', '--compact'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stdin.end(reportText(makeReport(4)));
  const [code] = (await once(child, 'close')) as [number];
  expect(code).toBe(0);
  const record = JSON.parse(stdout) as { agency: string; source: { file: string } };
  expect(record).toMatchObject({ agency: '测试市测试局', source: { file: 'stdin' } });
}, 60_000);

test('a text dump over its own limit is refused before it is laid out, naming the file', async () => {
  const big = Buffer.alloc(MAX_TEXT_BYTES + 1, '三');
  const r = await cli('huge.txt', new Uint8Array(big));
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/huge\.txt: the text is \d+\.\d MiB, over the 8 MiB limit for a text dump/);
});
