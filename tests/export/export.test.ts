/**
 * Export through the command (`run`), from a store filled with synthetic
 * records: BOM, long and wide shapes, labels, severities, filters, and
 * NDJSON / JSON round-trips through the record schema.
 */
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { jest } from '@jest/globals';
import { run } from '../../src/app/commands/export.js';
import { allCellKeys, templateCellKeys } from '../../src/app/export/cells.js';
const ALL_CELL_KEYS = allCellKeys();
import { Sink } from '../../src/app/export/sink.js';
import { LONG_HEADER, WIDE_FIXED_HEADER, writeCsvLong } from '../../src/app/export/writers.js';
import { ReportRecord } from '../../src/core/record.js';
import { iterateRecords } from '../../src/app/store/queries.js';
import { Store, statusOf } from '../../src/app/store/store.js';
import { type RecordSpec, makeRecord, seededValue } from './fixtures/records.js';
import { parseCsv } from '../helpers/csv.js';

let tmp: string;
let db: string;
const sha = (n: number) => n.toString(16).padStart(64, 'a');

const SPECS: RecordSpec[] = [
  {
    agency: '西工区西工街道办事处',
    year: 2024,
    template: '2021',
    seed: 1,
    findings: [
      { code: 'restored-by-identity', severity: 'warning', message: 'restored', cells: ['requests.granted.total'] },
      { code: 'sum-mismatch', severity: 'error', message: 'row sum', cells: ['requests.granted'] },
      { code: 'blank-unassessable', severity: 'info', message: 'blank', cells: ['reviewLitigation'] },
    ],
  },
  { agency: '某某市生态环境局', year: 2019, template: '2019', seed: 2, cells: { 'proactive.licensing.change': -4, 'proactive.rules.made': null } },
  { agency: '=cmd|calc!A1', year: 2023, template: '2021', seed: 3, singleOtherHandling: true },
];

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-export-'));
  db = path.join(tmp, 'store.sqlite');
  const store = Store.open(db);
  SPECS.forEach((spec, i) => {
    const record = makeRecord({ ...spec, sha256: sha(i + 1), file: `r${i + 1}.txt` });
    store.saveDocument({ sha256: sha(i + 1), size: 1, kind: 'text', status: statusOf(record.findings), errorCode: null, error: null, pipelineVersion: 't', record, millis: 1 }, [
      { path: `/archive/r${i + 1}.txt`, size: 1, mtimeMs: 1 },
    ]);
  });
  store.saveDocument({ sha256: sha(9), size: 0, kind: 'pdf', status: 'failed', errorCode: 'empty-file', error: 'empty', pipelineVersion: 't', record: null, millis: 1 }, []);
  store.close();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function exportTo(name: string, ...args: string[]): Promise<string> {
  const out = path.join(tmp, name);
  const code = await run(['--db', db, '--out', out, ...args]);
  expect(code).toBe(0);
  return readFileSync(out, 'utf8');
}

test('CSV long: BOM, header, one row per document × cell, Chinese labels, worst severity per cell', async () => {
  const text = await exportTo('long.csv', '--format', 'csv', '--layout', 'long');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toEqual([...LONG_HEADER]);
  const cellsOf = (s: RecordSpec) =>
    templateCellKeys(s.template).filter((k) => !k.startsWith('requests.otherHandling.') || k.startsWith('requests.otherHandling.all.') === (s.template === '2019' || !!s.singleOtherHandling));
  expect(rows).toHaveLength(SPECS.reduce((n, s) => n + cellsOf(s).length, 0));
  const col = (name: string) => header!.indexOf(name);
  const find = (agency: string, key: string) => rows.find((r) => r[col('agency')] === agency && r[col('cell')] === key)!;

  const granted = find('西工区西工街道办事处', 'requests.granted.total');
  expect(granted[col('finding_severity')]).toBe('error'); // the error names the row, the warning the cell
  expect(granted[col('finding_code')]).toBe('sum-mismatch');
  expect(granted[col('value')]).toBe(String(seededValue('requests.granted.total', 1)));
  expect(granted[col('column_label')]).toBe('申请人情况 › 总计');
  expect(granted[col('row_label')]).toBe('三、本年度办理结果 › （一）予以公开');
  expect(find('西工区西工街道办事处', 'requests.newReceived.total')[col('finding_severity')]).toBe('');
  expect(find('西工区西工街道办事处', 'reviewLitigation.review.upheld')[col('finding_severity')]).toBe('info');
  expect(find('西工区西工街道办事处', 'proactive.rules.issued').slice(col('row_label'), col('column_label') + 1)).toEqual(['第二十条第（一）项 › 规章', '本年制发件数']);
  // the tidy table: the full label chains, the table, the unit, the cell's status and confidence
  const secret = find('西工区西工街道办事处', 'requests.denied.stateSecret.commercial');
  expect(secret[col('row_label')]).toBe('三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密');
  expect(secret[col('column_label')]).toBe('申请人情况 › 法人或其他组织 › 商业企业');
  expect(secret[col('table')]).toBe('三、收到和处理政府信息公开申请情况');
  expect(secret[col('unit')]).toBe('件');
  expect(secret[col('cell_status')]).toBe('clean');
  expect(Number(secret[col('confidence')])).toBeGreaterThan(0);
  expect(granted[col('cell_status')]).toBe('uncertain'); // an error names its row
  expect(find('西工区西工街道办事处', 'proactive.fees.amount')[col('unit')]).toBe('万元');
  // who the agency is, on every row: the record's key and region code, empty where it has none
  const xigong = makeRecord({ ...SPECS[0]!, sha256: sha(1) });
  expect(xigong.region).not.toBeNull();
  expect([granted[col('agency_key')], granted[col('region_code')]]).toEqual([xigong.agencyKey, xigong.region!.code]);
  expect(find('某某市生态环境局', 'requests.total.total').slice(col('agency_key'), col('region_code') + 1)).toEqual(['某某市生态环境局', '']);

  const eco = (k: string) => find('某某市生态环境局', k);
  expect(eco('proactive.licensing.change')[col('value')]).toBe('-4'); // a number, not guarded
  expect(eco('proactive.rules.made')[col('value')]).toBe(''); // blank stays blank
  expect(eco('proactive.rules.made')[col('column_label')]).toBe('本年新制作数量');
  // a text cell's value is in value_text (value is numbers only), and it is the unit of the amount printed beside it
  expect(eco('proactive.procurement.unit').slice(col('value'), col('value_text') + 1)).toEqual(['', '元']);
  expect(eco('proactive.procurement.amount')[col('unit')]).toBe('元');
  expect(eco('proactive.procurement.amount')[col('value_text')]).toBe('');
  expect(rows.some((r) => r[col('agency')] === '某某市生态环境局' && r[col('cell')]!.startsWith('requests.otherHandling.noCorrection'))).toBe(false);

  expect(rows.some((r) => r[col('agency')] === "'=cmd|calc!A1")).toBe(true); // formula guarded
  expect(rows.some((r) => r[col('agency')] === '=cmd|calc!A1')).toBe(false);
});

test('CSV wide: one row per document, one column per cell key of both formats', async () => {
  const text = await exportTo('wide.csv', '--format', 'csv', '--layout', 'wide');
  expect(text.startsWith('\ufeff')).toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  expect(header).toEqual([...WIDE_FIXED_HEADER, ...ALL_CELL_KEYS]);
  expect(new Set(ALL_CELL_KEYS).size).toBe(ALL_CELL_KEYS.length);
  for (const k of [...templateCellKeys('2021'), ...templateCellKeys('2019')]) expect(ALL_CELL_KEYS).toContain(k);
  expect(rows).toHaveLength(3);
  for (const r of rows) expect(r).toHaveLength(header!.length);
  const byAgency = new Map(rows.map((r) => [r[header!.indexOf('agency')], r]));
  const at = (agency: string, key: string) => byAgency.get(agency)![header!.indexOf(key)];
  expect(at('某某市生态环境局', 'proactive.rules.made')).toBe('');
  expect(at('某某市生态环境局', 'proactive.rules.total')).toBe(String(seededValue('proactive.rules.total', 2)));
  expect(at('某某市生态环境局', 'proactive.rules.issued')).toBe(''); // a 2021-only column
  expect(at('西工区西工街道办事处', 'proactive.rules.issued')).toBe(String(seededValue('proactive.rules.issued', 1)));
  expect(at('西工区西工街道办事处', 'errors')).toBe('1');
  expect(at('西工区西工街道办事处', 'warnings')).toBe('1');
  expect(at('西工区西工街道办事处', 'file')).toBe('/archive/r1.txt');
  const xigong = makeRecord({ ...SPECS[0]!, sha256: sha(1) });
  expect([at('西工区西工街道办事处', 'agency_key'), at('西工区西工街道办事处', 'region_code')]).toEqual([xigong.agencyKey, xigong.region!.code]);
});

test('NDJSON: one record per line, each valid against the record schema; failed documents left out', async () => {
  const lines = (await exportTo('all.ndjson', '--format', 'ndjson')).trimEnd().split('\n');
  expect(lines).toHaveLength(3);
  const records = lines.map((l) => ReportRecord.parse(JSON.parse(l)));
  expect(records.map((r) => r.agency).sort()).toEqual(SPECS.map((s) => s.agency).sort());
  expect(records.find((r) => r.template === '2019')).toEqual(makeRecord({ ...SPECS[1]!, sha256: sha(2), file: 'r2.txt' }));
});

test('JSON array and filters: --agency substring, --year, --status', async () => {
  const all = JSON.parse(await exportTo('all.json', '--format', 'json')) as unknown[];
  expect(all.map((r) => ReportRecord.parse(r).year).sort()).toEqual([2019, 2023, 2024]);
  const eco = JSON.parse(await exportTo('eco.json', '--format', 'json', '--agency', '生态')) as { agency: string }[];
  expect(eco.map((r) => r.agency)).toEqual(['某某市生态环境局']);
  const years = (await exportTo('y.ndjson', '--format', 'ndjson', '--year', '2023,2024')).trimEnd().split('\n');
  expect(years.map((l) => (JSON.parse(l) as { year: number }).year).sort()).toEqual([2023, 2024]);
  const errs = (await exportTo('e.ndjson', '--format', 'ndjson', '--status', 'errors')).trimEnd().split('\n');
  expect(errs).toHaveLength(1);
  expect(await exportTo('none.json', '--format', 'json', '--year', '1999')).toBe('[]\n');
});

test('bad options exit 2; a missing store exits 1', async () => {
  const quiet = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  expect(await run(['--db', db, '--format', 'xml'])).toBe(2);
  expect(await run(['--db', db, '--format', 'json', '--layout', 'wide'])).toBe(2);
  expect(await run(['--db', db, '--format', 'csv', '--status', 'failed'])).toBe(2);
  expect(await run(['--db', db, '--format', 'csv', '--year', 'last'])).toBe(2);
  expect(await run(['--db', path.join(tmp, 'nope.sqlite'), '--format', 'csv'])).toBe(1);
  expect(quiet.mock.calls.join('\n')).toMatch(/cannot open the store/);
  quiet.mockRestore();
});

test('streaming: the writer waits for a slow reader instead of buffering', async () => {
  const store = Store.openReadOnly(db);
  let maxBuffered = 0;
  const hwm = 1024;
  const slow = new Writable({
    highWaterMark: hwm,
    write(_chunk, _enc, cb) {
      setTimeout(cb, 1);
    },
  });
  const rows = () => {
    // The same three documents, many times over: a large store in miniature.
    const many = function* () {
      for (let i = 0; i < 40; i++) yield* iterateRecords(store);
    };
    return many();
  };
  const sink = new Sink(slow);
  const origWrite = sink.write.bind(sink);
  sink.write = async (s: string) => {
    await origWrite(s);
    maxBuffered = Math.max(maxBuffered, slow.writableLength);
  };
  const n = await writeCsvLong(rows(), sink);
  await sink.end();
  store.close();
  expect(n).toBe(120);
  // Never more than one document's rows (about 200 rows, ~40 KB) queued beyond the high-water mark.
  expect(maxBuffered).toBeLessThan(hwm + 80_000);
});

test('an --out that is the store, under another name, is refused and the store left whole; a good export leaves no temporary file', async () => {
  const before = readFileSync(db);
  const link = path.join(tmp, 'same-store.sqlite');
  linkSync(db, link);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await run(['--db', db, '--out', link, '--format', 'csv'])).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/is the input/);
  } finally {
    err.mockRestore();
  }
  expect(readFileSync(db).equals(before)).toBe(true);
  await exportTo('clean.ndjson', '--format', 'ndjson');
  expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('--no-provenance empties the per-cell provenance and keeps values and findings; the default keeps it', async () => {
  const full = (await exportTo('full.ndjson', '--format', 'ndjson'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ReportRecord);
  const lean = (await exportTo('lean.ndjson', '--format', 'ndjson', '--no-provenance'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ReportRecord);
  expect(Object.keys(full[0]!.provenance.cells).length).toBeGreaterThan(100);
  expect(lean.map((r) => Object.keys(r.provenance.cells).length)).toEqual(lean.map(() => 0));
  expect(lean.map((r) => [r.requests, r.findings])).toEqual(full.map((r) => [r.requests, r.findings]));
  expect(lean.every((r) => ReportRecord.safeParse(r).success)).toBe(true);
  // the cells table needs the provenance for each cell's status and confidence: the option leaves it whole
  expect(await exportTo('lean.csv', '--format', 'csv', '--no-provenance')).toBe(await exportTo('full.csv', '--format', 'csv'));
});

test('--dedupe: one report per agency key and year, the one not marked duplicate-report', async () => {
  const dupDb = path.join(tmp, 'dup.sqlite');
  const store = Store.open(dupDb);
  const specs: RecordSpec[] = [
    { agency: '淮安市洪泽区人民政府', year: 2024, template: '2021', seed: 11 },
    { agency: '洪泽区政府', year: 2024, template: '2021', seed: 12, findings: [{ code: 'cell-unread', severity: 'error', message: 'unread', cells: ['requests.total'] }] },
    { agency: '洪泽区人民政府', year: 2023, template: '2021', seed: 13 },
  ];
  specs.forEach((spec, i) => {
    const record = makeRecord({ ...spec, sha256: sha(20 + i) });
    store.saveDocument({ sha256: sha(20 + i), size: 1, kind: 'text', status: statusOf(record.findings), errorCode: null, error: null, pipelineVersion: 't', record, millis: 1 }, []);
  });
  store.close();
  const years = async (...args: string[]) => {
    const out = path.join(tmp, 'dedupe.ndjson');
    expect(await run(['--db', dupDb, '--out', out, '--format', 'ndjson', ...args])).toBe(0);
    return readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ReportRecord)
      .map((r) => [r.year, r.findings.map((f) => f.code)]);
  };
  expect(await years()).toHaveLength(3);
  expect((await years('--dedupe')).sort()).toEqual([
    [2023, []],
    [2024, []],
  ]);
});
