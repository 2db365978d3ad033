/** `nianbao stats --by agency|region|year`, and the overview's count of agencies reported twice for a year. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { run } from '../../src/app/commands/stats.js';
import { Store, statusOf } from '../../src/app/store/store.js';
import { makeRecord } from '../export/fixtures/records.js';

let tmp: string;
let db: string;
const sha = (n: number) => n.toString(16).padStart(64, 'b');

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-stats-'));
  db = path.join(tmp, 's.sqlite');
  const store = Store.open(db);
  const agencies: [string, number][] = [
    ['淮安市洪泽区人民政府', 2024],
    ['洪泽区人民政府', 2024],
    ['洪泽区人民政府', 2023],
    ['川湾市人民政府', 2023],
  ];
  agencies.forEach(([agency, year], i) => {
    const record = makeRecord({ agency, year, template: '2021', seed: i, sha256: sha(i) });
    store.saveDocument({ sha256: sha(i), size: 1, kind: 'text', status: statusOf(record.findings), errorCode: null, error: null, pipelineVersion: 't', record, millis: 1 }, []);
  });
  store.close();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function stats(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await run(['--db', db, ...args]);
    return { code, out: out.mock.calls.map((c) => String(c[0])).join(''), err: err.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

test('--by agency, region and year: documents per group, one line each', async () => {
  const agency = await stats('--by', 'agency');
  expect(agency.code).toBe(0);
  expect(agency.out.split('\n').filter(Boolean)).toEqual(['documents  agency key', '        1  川湾市人民政府', '        3  江苏省淮安市洪泽区人民政府']);
  const region = await stats('--by', 'region');
  expect(region.out).toContain('        3  320813  江苏省 淮安市 洪泽区\n');
  expect(region.out).toContain('        1  —\n');
  const year = await stats('--by', 'year', '--json');
  expect(JSON.parse(year.out)).toEqual([
    { key: 2023, documents: 2 },
    { key: 2024, documents: 2 },
  ]);
});

test('the overview counts agencies with two reports for one year; a bad --by is a usage error', async () => {
  expect((await stats()).out).toMatch(/agencies with two reports or more for one year: 1 \(duplicate-report/);
  const bad = await stats('--by', 'city');
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/--by must be one of agency, region, year, not 'city'/);
});
