/**
 * A format is data: a made-up third format, added as a template and nothing
 * else, is recognised, extracted, validated, exported and audited like the
 * national ones. Its report is drawn from the template itself, so nothing
 * here knows a label the template does not give.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { extract } from '../../src/stages/pipeline.js';
import { ReportRecord } from '../../src/core/record.js';
import { cellValue, textValue } from '../../src/core/record-cells.js';
import { cellKey, registerTemplate, templateCells, templates, type Template } from '../../src/core/templates/index.js';
import { col, OTHER_HANDLING_2021, requestAndReviewIdentities, requestsTable, REVIEW_TABLE, row, SECTIONS } from '../../src/core/templates/common.js';
import { recordJsonSchema } from '../../src/app/commands/schema.js';
import { writeCsvLong } from '../../src/app/export/writers.js';
import { Sink } from '../../src/app/export/sink.js';
import { auditSource } from '../../src/app/audit/index.js';
import { cellDictionary } from '../../src/app/commands/cells.js';
import { makeReport } from '../helpers/report.js';

/** Table 二 redrawn: other rows, other columns, money with its unit printed beside it; tables 三 and 四 as the form has them, its （六） as three rows only. */
const DEMO: Template = {
  id: 'demo-2031',
  firstYear: 2031,
  sections: SECTIONS,
  markers: ['本年通过件数', '累计有效件数', '本年办结件数', '本年拨付金额'],
  tables: {
    proactive: {
      id: 'proactive',
      columns: [],
      headerWords: ['信息内容', '本年通过件数', '累计有效件数', '本年办结件数', '本年拨付金额'],
      rows: [
        { ...row('rules', '规章', '规章'), columns: [col('adopted', '本年通过件数', '本年通过件数'), col('valid', '累计有效件数', '累计有效件数')] },
        { ...row('permits', '行政许可事项', '行政许可事项'), columns: [col('settled', '本年办结件数', '本年办结件数')] },
        { ...row('grants', '专项资金', '专项资金'), columns: [{ ...col('amount', '本年拨付金额', '本年拨付金额'), value: 'money', unitField: 'unit' }] },
      ],
    },
    requests: requestsTable(OTHER_HANDLING_2021.map(({ variant: _, ...r }) => r)),
    reviewLitigation: REVIEW_TABLE,
  },
  identities: requestAndReviewIdentities,
};

const PROACTIVE: Record<string, number> = { 'proactive.rules.adopted': 3, 'proactive.rules.valid': 41, 'proactive.permits.settled': 1207, 'proactive.grants.amount': 56.25 };

let dir: string;
let file: string;
let planted: Map<string, number>;

/** The report as a tab-separated text dump, every label and header from the template. */
function demoReport(t: Template): string {
  const r = makeReport(7, '示例市示例局', 2031);
  planted = new Map(Object.entries(PROACTIVE));
  const requestColumns = t.tables.requests.columns.map((c) => c.key);
  for (const [k, values] of Object.entries(r.requests)) values.forEach((v, i) => planted.set(cellKey('requests', k, requestColumns[i]!), v as number));
  t.tables.reviewLitigation.columns.forEach((c, i) => planted.set(cellKey('reviewLitigation', '', c.key), r.review[i] as number));
  const section = (id: string) => t.sections.find((s) => s.id === id)!.label;
  const lines = [`${r.agency}${r.year}年政府信息公开工作年度报告`, section('overview'), `${r.year}年，我局共收到政府信息公开申请${r.requests.newReceived![6]}件。`, section('proactive')];
  for (const rw of t.tables.proactive.rows) {
    const cols = rw.columns!;
    lines.push(['信息内容', ...cols.map((c) => c.label)].join('\t'));
    lines.push([rw.label, ...cols.map((c) => `${planted.get(cellKey('proactive', rw.key, c.key))}${c.unitField ? '元' : ''}`)].join('\t'));
  }
  lines.push(section('requests'), '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况', ['', ...t.tables.requests.columns.map((c) => c.label)].join('\t'));
  for (const rw of t.tables.requests.rows) lines.push([rw.label, ...requestColumns.map((c) => planted.get(cellKey('requests', rw.key, c)))].join('\t'));
  const review = t.tables.reviewLitigation.columns;
  lines.push(
    section('reviewLitigation'),
    '行政复议\t行政诉讼',
    review.map((c) => c.label.split('·').pop()).join('\t'),
    review.map((c) => planted.get(cellKey('reviewLitigation', '', c.key))).join('\t'),
  );
  lines.push(section('problems'), '一是公开内容还不够全面。', section('otherMatters'), '无。');
  return lines.join('\n') + '\n';
}

beforeAll(() => {
  registerTemplate(DEMO);
  dir = mkdtempSync(path.join(tmpdir(), 'nianbao-demo-'));
  file = path.join(dir, 'demo.txt');
  writeFileSync(file, demoReport(DEMO));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the made-up format is known beside the national ones, newest first', () => {
  expect(templates()[0]!.id).toBe('demo-2031');
  expect(templates().length).toBeGreaterThanOrEqual(3);
  expect(cellDictionary('demo-2031').map((c) => c.key)).toEqual(expect.arrayContaining(['proactive.permits.settled', 'proactive.grants.amount', 'proactive.grants.unit']));
});

test('a report in it is recognised, every cell read as printed, and the record validates against the schema', async () => {
  const record = await extract(file);
  expect(record.template).toBe('demo-2031');
  const keys = templateCells(DEMO).map((c) => c.key);
  expect(keys.length).toBe(planted.size);
  expect(Object.fromEntries(keys.map((k) => [k, cellValue(record, k)]))).toEqual(Object.fromEntries(keys.map((k) => [k, planted.get(k)])));
  expect(textValue(record, 'proactive.grants.unit')).toBe('元');
  expect(record.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  expect(ReportRecord.safeParse(record).success).toBe(true);
  const validate = new Ajv2020({ strict: false }).compile(recordJsonSchema());
  expect(validate(JSON.parse(JSON.stringify(record)))).toBe(true);
  // a national format's cells are not part of it
  expect(cellValue(record, 'proactive.licensing.decisions')).toBeUndefined();
});

test('the long CSV labels its cells from the made-up format', async () => {
  const record = await extract(file);
  let text = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const n = await writeCsvLong([{ sha256: record.source.sha256, status: 'ok', path: file, record: JSON.stringify(record) }], new Sink(out));
  expect(n).toBe(1);
  const permits = text.split('\r\n').find((l) => l.includes('proactive.permits.settled'));
  expect(permits).toContain('行政许可事项');
  expect(permits).toContain('本年办结件数');
  expect(permits).toContain('1207');
  expect(text).toContain('proactive.grants.unit');
});

test('the audit page draws its table 二 from the made-up format', async () => {
  const { html, model } = await auditSource(file);
  expect(html).toContain('本年拨付金额');
  expect(html).toContain('行政许可事项');
  expect(html).toContain('本年拨付金额单位（按原件）：元');
  expect(model.keys).toContain('proactive.permits.settled');
  expect(model.cells['proactive.permits.settled']!.status).toBe('clean');
});
