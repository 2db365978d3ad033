/**
 * `export --format parquet` against the long CSV, read back with an
 * independent reader (DuckDB), from a store of real pipeline records: the
 * sample report, a synthetic one whose fee is 12.5 万元, and the dev corpus's
 * text and web-page reports (2019 and 2021 formats) when the corpus is there.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { run } from '../../src/app/commands/export.js';
import { templateCellKeys } from '../../src/app/export/cells.js';
import { writeParquet } from '../../src/app/export/parquet.js';
import { Sink } from '../../src/app/export/sink.js';
import { TIDY_COLUMNS, TIDY_HEADER } from '../../src/app/export/tidy.js';
import { atomicStream } from '../../src/app/commands/output.js';
import { iterateRecords } from '../../src/app/store/queries.js';
import { Store, statusOf } from '../../src/app/store/store.js';
import type { ReportRecord } from '../../src/core/record.js';
import { everyCell, templates } from '../../src/core/templates/index.js';
import { extract } from '../../src/stages/pipeline.js';
import { corpusDir } from '../helpers/corpus.js';
import { parseCsv } from '../helpers/csv.js';
import { makeReport, reportText } from '../helpers/report.js';

const SAMPLE = new URL('../../samples/xigong-2024.txt', import.meta.url).pathname;
const DEV = path.join(corpusDir(), 'dev');

let tmp: string;
let db: string;
let duck: DuckDBConnection;
const records: ReportRecord[] = [];

/** Sources read without OCR (fast): the dev corpus's text dumps and web pages. */
function devSources(): string[] {
  if (!existsSync(DEV)) return [];
  return readdirSync(DEV)
    .sort()
    .flatMap((id) => ['source.txt', 'source.html'].map((f) => path.join(DEV, id, f)))
    .filter((f) => existsSync(f));
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-parquet-'));
  db = path.join(tmp, 'store.sqlite');
  const inputs: { name: string; bytes: Uint8Array }[] = [
    { name: SAMPLE, bytes: readFileSync(SAMPLE) },
    { name: 'synthetic.txt', bytes: new Uint8Array(Buffer.from(reportText(makeReport(7, '测试市测试局', 2023)), 'utf8')) },
    ...devSources().map((f) => ({ name: f, bytes: readFileSync(f) })),
  ];
  const store = Store.open(db);
  for (const input of inputs) {
    const record = await extract(input.bytes, { fileName: path.basename(input.name) });
    records.push(record);
    const sha256 = createHash('sha256').update(input.bytes).digest('hex');
    const status = statusOf(record.findings);
    store.saveDocument({ sha256, size: input.bytes.length, kind: record.source.kind, status, errorCode: null, error: null, pipelineVersion: 't', record, millis: 1 }, [
      { path: input.name, size: input.bytes.length, mtimeMs: 1 },
    ]);
  }
  store.close();
  duck = await (await DuckDBInstance.create(':memory:')).connect();
}, 120_000);
afterAll(() => {
  duck?.closeSync();
  rmSync(tmp, { recursive: true, force: true });
});

async function exportTo(name: string, ...args: string[]): Promise<string> {
  const out = path.join(tmp, name);
  const quiet = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await run(['--db', db, '--out', out, ...args])).toBe(0);
  } finally {
    quiet.mockRestore();
  }
  return out;
}

const sql = (s: string) => s.replace(/'/g, "''");
async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  return (await duck.runAndReadAll(`SELECT * FROM read_parquet('${sql(file)}')`)).getRowObjectsJS() as Record<string, unknown>[];
}

/** What each cell holds, by key, from the templates (count unless said). */
const KIND = new Map<string, string>();
for (const t of templates()) for (const c of everyCell(t)) KIND.set(`${t.id}:${c.key}`, c.value);

const valueAt = (rec: ReportRecord, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], rec);

test('Parquet holds the long CSV row by row, every column typed; values are the records’ own', async () => {
  const csvFile = await exportTo('cells.csv', '--format', 'csv', '--layout', 'long');
  const pqFile = await exportTo('cells.parquet', '--format', 'parquet');
  const [header, ...csv] = parseCsv(readFileSync(csvFile, 'utf8').slice(1));
  const pq = await readParquet(pqFile);

  expect(header).toEqual([...TIDY_HEADER]);
  const cellsPerRecord = records.map((r) => templateCellKeys(r.template).filter((k) => valueAt(r, k) !== undefined).length);
  expect(pq).toHaveLength(cellsPerRecord.reduce((a, b) => a + b, 0));
  expect(csv).toHaveLength(pq.length);

  for (let i = 0; i < pq.length; i++) {
    const p = pq[i]!;
    expect(Object.keys(p)).toEqual([...TIDY_HEADER]);
    TIDY_COLUMNS.forEach((col, j) => {
      const text = csv[i]![j]!;
      const v = p[col.name];
      if (v === null) return expect([i, col.name, text]).toEqual([i, col.name, '']);
      if (col.type === 'string') {
        expect(typeof v).toBe('string');
        // the CSV guards text a spreadsheet would run as a formula with a leading '
        return expect([i, col.name, text]).toEqual([i, col.name, /^[=+\-@\t\r]/.test(v as string) ? `'${v as string}` : v]);
      }
      expect(typeof v).toBe('number');
      if (col.type === 'int32') expect(Number.isInteger(v)).toBe(true);
      expect([i, col.name, Number(text)]).toEqual([i, col.name, v]);
    });
  }

  // against the records themselves, not only the CSV: every value where its key says, counts whole
  const bySha = new Map(records.map((r) => [r.source.sha256, r]));
  let fractions = 0;
  for (const p of pq) {
    const rec = bySha.get(p.sha256 as string)!;
    const key = p.cell as string;
    const held = valueAt(rec, key);
    expect([key, typeof held === 'string' ? p.value_text : p.value]).toEqual([key, held]);
    const kind = KIND.get(`${rec.template}:${key}`);
    if (typeof p.value === 'number' && kind !== 'money') expect([key, Number.isInteger(p.value)]).toEqual([key, true]);
    if (typeof p.value === 'number' && kind === 'money' && !Number.isInteger(p.value)) fractions++;
  }
  expect(fractions).toBeGreaterThan(0); // at least the synthetic report's 12.5 万元
  if (devSources().length) expect(new Set(pq.map((p) => p.template))).toEqual(new Set(['2019', '2021'])); // the corpus's web pages bring the 2019 format
  const fee = pq.find((p) => p.agency === '测试市测试局' && p.cell === 'proactive.fees.amount')!;
  expect([fee.value, fee.unit]).toEqual([12.5, '万元']);
});

test('column types: INT32 year, DOUBLE value and confidence, UTF-8 strings', async () => {
  const file = await exportTo('types.parquet', '--format', 'parquet');
  const schema = (await duck.runAndReadAll(`SELECT name, type, converted_type FROM parquet_schema('${sql(file)}') WHERE type IS NOT NULL`)).getRowObjectsJS();
  const expected = TIDY_COLUMNS.map((c) => ({
    name: c.name,
    type: { string: 'BYTE_ARRAY', int32: 'INT32', number: 'DOUBLE' }[c.type],
    converted_type: c.type === 'string' ? 'UTF8' : null,
  }));
  expect(schema).toEqual(expected);
  const described = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${sql(file)}')`)).getRowObjectsJS();
  expect(Object.fromEntries(described.map((d) => [d.column_name, d.column_type]))).toMatchObject({ year: 'INTEGER', value: 'DOUBLE', confidence: 'DOUBLE', agency: 'VARCHAR' });
});

test('rows are written a row group at a time: a small group size gives many groups and the same rows', async () => {
  const whole = await readParquet(await exportTo('whole.parquet', '--format', 'parquet'));
  const out = path.join(tmp, 'grouped.parquet');
  const file = atomicStream(out);
  const store = Store.openReadOnly(db);
  const sink = new Sink(file.stream);
  try {
    expect(await writeParquet(iterateRecords(store), sink, { rowGroupRows: 150 })).toBe(records.length);
    await sink.end();
    await file.commit();
  } finally {
    store.close();
  }
  const groups = (await duck.runAndReadAll(`SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${sql(out)}')`)).getRowObjectsJS()[0]!.n;
  expect(Number(groups)).toBe(Math.ceil(whole.length / 150));
  expect(await readParquet(out)).toEqual(whole);
});

test('filters apply; an empty selection is a valid file with the columns and no rows', async () => {
  const y2024 = await readParquet(await exportTo('y2024.parquet', '--format', 'parquet', '--year', '2024'));
  expect(y2024.length).toBeGreaterThan(0);
  expect(new Set(y2024.map((r) => r.year))).toEqual(new Set([2024]));
  const empty = await exportTo('empty.parquet', '--format', 'parquet', '--year', '1999');
  expect(await readParquet(empty)).toEqual([]);
  const cols = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${sql(empty)}')`)).getRowObjectsJS().map((d) => d.column_name);
  expect(cols).toEqual([...TIDY_HEADER]);
});

test('Parquet to stdout is refused (exit 2, saying why); --layout does not apply', async () => {
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(await run(['--db', db, '--format', 'parquet'])).toBe(2);
    expect(String(err.mock.calls[0]?.[0])).toMatch(/^nianbao export: --format parquet needs --out FILE/);
    expect(out).not.toHaveBeenCalled();
    expect(await run(['--db', db, '--format', 'parquet', '--layout', 'wide', '--out', path.join(tmp, 'x.parquet')])).toBe(2);
  } finally {
    err.mockRestore();
    out.mockRestore();
  }
  expect(existsSync(path.join(tmp, 'x.parquet'))).toBe(false);
});
