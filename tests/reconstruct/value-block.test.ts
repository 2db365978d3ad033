/**
 * Table 三 printed as `pdftotext` without `-layout` prints it: every cell its
 * own line, the values of a page as one block apart from the row labels, in
 * nearly (not exactly) row order.
 */
import { extract } from '../../src/stages/pipeline.js';
import type { ReportRecord } from '../../src/core/record.js';
import { isFlagged } from '../../src/core/findings.js';
import { makeReport, reportText, REQUEST_ROWS, type SyntheticReport } from '../helpers/report.js';

const get = (r: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], r);
const COLUMNS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'];

/** The report's text with table 三 as detached blocks: values first, then the labels, per "page" of rows. */
function blockDump(r: SyntheticReport, reorder: (values: string[]) => string[] = (v) => v): string {
  const text = reportText(r).split('\n');
  const start = text.findIndex((l) => l.startsWith('三、'));
  const end = text.findIndex((l) => l.startsWith('四、政府信息公开'));
  const values = reorder(REQUEST_ROWS.flatMap(([k]) => r.requests[k]!.map(String)));
  const half = 12 * 7;
  const table = [
    '三、收到和处理政府信息公开申请情况',
    '申请人情况',
    '自然人',
    '商业企业',
    '科研机构',
    '社会公益组织',
    '法律服务机构',
    '其他',
    '总计',
    ...values.slice(0, half),
    ...REQUEST_ROWS.slice(0, 12).map(([, label]) => label),
    '申请人情况',
    '自然人',
    '总计',
    ...values.slice(half),
    ...REQUEST_ROWS.slice(12).map(([, label]) => label),
  ];
  return [...text.slice(0, start), ...table.flatMap((l) => [l, '']), ...text.slice(end)].join('\n');
}

async function read(text: string): Promise<ReportRecord> {
  return extract(new Uint8Array(Buffer.from(text, 'utf8')), { fileName: 'block.txt' });
}

function wrongCells(rec: ReportRecord, r: SyntheticReport): string[] {
  const wrong: string[] = [];
  for (const [k] of REQUEST_ROWS) {
    COLUMNS.forEach((c, i) => {
      const key = `requests.${k}.${c}`;
      if (get(rec, key) !== r.requests[k]![i]) wrong.push(key);
    });
  }
  return wrong;
}

describe('a table printed as one detached block of values', () => {
  test('read in printed order when every identity holds', async () => {
    const r = makeReport(11);
    const rec = await read(blockDump(r));
    expect(wrongCells(rec, r)).toEqual([]);
    expect(rec.findings.find((f) => f.code === 'values-in-reading-order')?.severity).toBe('info');
    expect(rec.findings.filter((f) => f.code === 'values-reordered')).toEqual([]);
  });

  test('a total printed one place early is moved back, with a warning naming the cells moved', async () => {
    const r = makeReport(12);
    // the third row's total comes out before its last applicant column (a block sorted a little off)
    const at = 2 * 7 + 6;
    const rec = await read(
      blockDump(r, (v) => {
        const out = [...v];
        [out[at - 1], out[at]] = [out[at]!, out[at - 1]!];
        return out;
      }),
    );
    expect(r.requests.granted![5]).not.toBe(r.requests.granted![6]);
    expect(wrongCells(rec, r)).toEqual([]);
    const moved = rec.findings.find((f) => f.code === 'values-reordered');
    expect(moved?.severity).toBe('warning');
    expect(moved?.cells).toEqual(expect.arrayContaining(['requests.granted.otherOrg', 'requests.granted.total']));
  });

  test('a lost value leaves the block unread by order, and every wrong cell is flagged', async () => {
    const r = makeReport(13);
    const rec = await read(blockDump(r, (v) => v.filter((_, i) => i !== 40)));
    const wrong = wrongCells(rec, r);
    expect(wrong.length).toBeGreaterThan(0);
    for (const k of wrong) expect([k, isFlagged(rec.findings, k)]).toEqual([k, true]);
  });
});

describe('values on lines of their own under each label', () => {
  /** Each row's label, then its values one a line (what pdftotext prints for a table with wide gaps). */
  function oneValueALine(r: SyntheticReport): string {
    const text = reportText(r).split('\n');
    const start = text.findIndex((l) => l.startsWith('三、'));
    const end = text.findIndex((l) => l.startsWith('四、政府信息公开'));
    const table = ['三、收到和处理政府信息公开申请情况', '申请人情况', ...COLUMNS.map(() => '')];
    for (const [k, label] of REQUEST_ROWS) table.push(label, ...r.requests[k]!.map(String));
    return [...text.slice(0, start), ...table, ...text.slice(end)].join('\n');
  }

  test('a row of zeros is not confirmed by its total (zeros add up wherever they came from)', async () => {
    const r = makeReport(14);
    r.requests['denied.stateSecret'] = [0, 0, 0, 0, 0, 0, 0];
    const rec = await read(oneValueALine(r));
    const detached = rec.findings.filter((f) => f.code === 'values-detached').flatMap((f) => f.cells ?? []);
    expect(detached).toContain('requests.denied.stateSecret');
    // a row whose non-zero values add up to its total is confirmed
    expect(r.requests.granted![6]).toBeGreaterThan(0);
    expect(detached).not.toContain('requests.granted');
  });
});
