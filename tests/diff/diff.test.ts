/** `nianbao diff`: records compared cell by cell, and two years of one agency. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { run } from '../../src/app/commands/diff.js';
import { diffRecords } from '../../src/app/diff/records.js';
import { diffYears } from '../../src/app/diff/years.js';
import { extract } from '../../src/stages/pipeline.js';
import type { ReportRecord } from '../../src/core/record.js';
import { captureRun } from '../helpers/capture.js';
import { makeReport, reportText } from '../helpers/report.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const clone = (r: ReportRecord): ReportRecord => JSON.parse(JSON.stringify(r));

let dir: string;
let base: ReportRecord;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-diff-'));
  base = await extract(bytes(reportText(makeReport(5, '测试市测试局', 2023))), { fileName: 'a.txt' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function save(name: string, r: ReportRecord): Promise<string> {
  const p = path.join(dir, name);
  await writeFile(p, JSON.stringify(r));
  return p;
}

/** Run the command, capturing what it prints. */
const diff = (...args: string[]) => captureRun(run, args);

describe('diff of two records', () => {
  test('identical records exit 0 and say so', async () => {
    const r = await diff(await save('same-a.json', base), await save('same-b.json', clone(base)));
    expect(r.code).toBe(0);
    expect(r.out).toContain('identical');
  });

  test('one changed cell is reported with its key, its Chinese labels and both values, and exits 1', async () => {
    const b = clone(base);
    const before = b.requests.denied.thirdPartyRights.legalService as number;
    b.requests.denied.thirdPartyRights.legalService = before + 7;
    const r = await diff(await save('one-a.json', base), await save('one-b.json', b));
    expect(r.code).toBe(1);
    expect(r.out).toContain('1 cells differ');
    expect(r.out).toContain(`requests.denied.thirdPartyRights.legalService  4.保护第三方合法权益 · 法律服务机构: ${before} → ${before + 7}`);
    // nothing else is reported as changed
    expect(r.out.match(/^ {2}requests\./gm)).toHaveLength(1);
  });

  test('a cell blanked out, a changed agency and a new finding are all reported; --json gives the same', async () => {
    const b = clone(base);
    b.proactive = { ...b.proactive };
    (b.proactive as { penalty: { decisions: number | null } }).penalty.decisions = null;
    b.agency = '另一个局';
    b.findings = [...b.findings, { code: 'planted', severity: 'warning', cells: ['proactive.penalty'], message: 'a planted finding' }];
    const d = diffRecords(base, b);
    expect(d.cells).toEqual([{ key: 'proactive.penalty.decisions', labels: '行政处罚 · 本年处理决定数量', a: base.proactive.penalty.decisions, b: null }]);
    expect(d.facts).toEqual([{ field: 'agency', a: '测试市测试局', b: '另一个局' }]);
    expect(d.findingsAdded.map((f) => f.code)).toEqual(['planted']);
    expect(d.findingsRemoved).toEqual([]);
    const r = await diff('--json', await save('three-a.json', base), await save('three-b.json', b));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(d)));
  });

  test('a source file operand is extracted first', async () => {
    const src = path.join(dir, 'a.txt');
    await writeFile(src, reportText(makeReport(5, '测试市测试局', 2023)));
    const r = await diff(src, await save('from-source.json', base));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('an operand that is not a record exits 2 with the reason', async () => {
    const p = path.join(dir, 'bad.json');
    await writeFile(p, '{"schemaVersion": 1}');
    const r = await diff(p, await save('ok.json', base));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json: not a nianbao record/);
    expect((await diff('only-one.json')).code).toBe(2);
  });
});

test('an operand that is a FIFO (or any other non-file) is refused at once, not waited on', async () => {
  const fifo = path.join(dir, 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  const r = await diff(fifo, fifo);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/pipe\.json: not a regular file/);
});

describe('diff --years', () => {
  /** Last year's report, and this year's carrying over exactly what last year carried forward. */
  function pair(): [ReportRecord, ReportRecord] {
    const last = clone(base);
    last.year = 2022;
    const now = clone(base);
    now.year = 2023;
    now.requests.carriedOver = { ...last.requests.carriedForward };
    return [last, now];
  }

  test('carried-over counts that match exit 0, whatever order the reports are given in', async () => {
    const [last, now] = pair();
    const r = await diff('--years', await save('y-now.json', now), await save('y-last.json', last));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/0 mismatches/);
    expect(r.out).toMatch(/earlier: y-last\.json \(2022/);
  });

  test('a mismatch planted in one column is reported with both numbers and exits 1', async () => {
    const [last, now] = pair();
    const planted = (last.requests.carriedForward.commercial as number) + 3;
    now.requests.carriedOver.commercial = planted;
    const d = diffYears(last, now);
    const bad = d.carry.filter((c) => c.result === 'mismatch');
    expect(bad).toEqual([
      {
        column: 'commercial',
        carriedForward: { key: 'requests.carriedForward.commercial', value: last.requests.carriedForward.commercial },
        carriedOver: { key: 'requests.carriedOver.commercial', value: planted },
        result: 'mismatch',
      },
    ]);
    const r = await diff('--years', await save('m-last.json', last), await save('m-now.json', now));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/1 mismatches/);
    expect(r.out).toMatch(new RegExp(`✗ 商业企业.*结转下年度 ${last.requests.carriedForward.commercial}, this year 上年结转 ${planted}`));
  });

  test('the change in every cell, with its delta; different agencies and a gap of years are warned about', async () => {
    const [last, now] = pair();
    now.year = 2025;
    now.agency = '别的局';
    now.agencyKey = '别的局'; // the agency's identity, which the pairing compares
    now.reviewLitigation.review.upheld = (last.reviewLitigation.review.upheld as number) + 2;
    const d = diffYears(now, last);
    expect(d.earlier.year).toBe(2022);
    expect(d.changes).toHaveLength(Object.keys(base.provenance.cells).length);
    expect(d.changes.find((c) => c.key === 'reviewLitigation.review.upheld')).toMatchObject({ labels: '行政复议·结果维持', delta: 2 });
    expect(d.warnings.join('\n')).toMatch(/3 years apart/);
    expect(d.warnings.join('\n')).toMatch(/agencies differ/);
  });
});
