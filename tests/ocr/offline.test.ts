/**
 * OCR must run with no network at all. A child process OCRs a synthetic
 * scan inside an empty network namespace (`unshare -n`: no interface at
 * all, which covers tesseract.js's worker thread too) where the machine
 * allows it, and in any case with the main thread's ways out (fetch,
 * http(s), net, dns) stubbed to throw and record the attempt.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawTableScan } from './synthetic.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = path.join(root, 'dist/extractors/image.js');

const STUB = `
import http from 'node:http'; import https from 'node:https'; import net from 'node:net'; import dns from 'node:dns';
const attempt = (what) => () => { process.stderr.write('NETWORK-ATTEMPT ' + what + '\\n'); throw new Error('network disabled: ' + what); };
globalThis.fetch = async (u) => attempt('fetch ' + u)();
for (const [m, n] of [[http, 'http'], [https, 'https']]) { m.request = attempt(n + '.request'); m.get = attempt(n + '.get'); }
net.connect = attempt('net.connect'); net.createConnection = attempt('net.createConnection');
dns.lookup = attempt('dns.lookup');
`;

function canUnshare(): boolean {
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('an OCR extraction runs with the network unavailable', () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build before the tests`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nianbao-offline-'));
  const png = path.join(dir, 'scan.png');
  writeFileSync(png, drawTableScan({ rotate: 1 }).png);
  const stub = path.join(dir, 'no-network.mjs');
  writeFileSync(stub, STUB);
  const script = path.join(dir, 'run.mjs');
  writeFileSync(
    script,
    `import { readFileSync } from 'node:fs';
     import { extractImage } from ${JSON.stringify(built)};
     import { shutdownOcr } from ${JSON.stringify(path.join(root, 'dist/extractors/ocr/engine.js'))};
     const layout = await extractImage(new Uint8Array(readFileSync(${JSON.stringify(png)})), { file: 'scan.png', ocr: { startTimeoutMs: 30000 } });
     console.log(JSON.stringify(layout.pages[0].lines.map((l) => l.tokens.map((t) => t.text))));
     await shutdownOcr();`,
  );
  const node = [`--import=${stub}`, script];
  const unshare = canUnshare();
  const res = unshare
    ? spawnSync('unshare', ['-n', process.execPath, ...node], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
    : spawnSync(process.execPath, node, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(res.stderr).not.toContain('NETWORK-ATTEMPT');
  expect(res.status).toBe(0);
  const lines = JSON.parse(res.stdout.trim().split('\n').pop()!) as string[][];
  expect(lines.flat()).toEqual(expect.arrayContaining(['1106', '430', '578']));
  // cacheMethod 'none': no 44 MB model copied into the working directory
  expect(existsSync(path.join(dir, 'chi_sim.traineddata'))).toBe(false);
}, 150_000);
