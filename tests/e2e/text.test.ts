/** End to end on text sources: the sample, and synthetic reports broken in known ways. */
import { readFile } from 'node:fs/promises';
import { extract } from '../../src/stages/pipeline.js';
import type { ReportRecord } from '../../src/core/record.js';
import { makeReport, reportText, REQUEST_ROWS } from '../helpers/report.js';
import { isFlagged } from '../../src/core/findings.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const get = (r: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], r);

describe('samples/xigong-2024.txt', () => {
  let record: ReportRecord;
  beforeAll(async () => {
    record = await extract(new URL('../../samples/xigong-2024.txt', import.meta.url).pathname);
  });

  test('agency, year and format', () => {
    expect(record.agency).toBe('西工区西工街道办事处');
    expect(record.year).toBe(2024);
    expect(record.template).toBe('2021');
    expect(record.source.kind).toBe('text');
  });

  test('every cell is 0, the row whose first cell is lost restored by the identities with a finding', () => {
    const cells = Object.keys(record.provenance.cells);
    expect(cells.length).toBe(10 + 25 * 7 + 15);
    for (const k of cells) expect([k, get(record, k)]).toEqual([k, 0]);
    const restored = record.findings.find((f) => f.code === 'restored-by-identity');
    expect(restored?.cells).toEqual(['requests.otherHandling.unpaidFee.naturalPerson']);
    expect(restored?.severity).toBe('warning');
  });

  test('its three narrative sections', () => {
    expect(record.narrative.overview).toMatch(/^\(一\) ?主动公开/);
    expect(record.narrative.overview).toContain('共收到政府信息公开申请0件');
    expect(record.narrative.problems).toMatch(/^一是信息公开的时效性有待加强/);
    expect(record.narrative.otherMatters).toBe('无');
  });

  test('no error findings: the sample adds up', () => {
    expect(record.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('synthetic text reports', () => {
  test('a clean report comes back cell for cell', async () => {
    const r = makeReport(7);
    const rec = await extract(bytes(reportText(r)), { fileName: 'clean.txt' });
    for (const [k] of REQUEST_ROWS) expect(get(rec, `requests.${k}.naturalPerson`)).toBe(r.requests[k]![0]);
    expect(rec.requests.total.total).toBe(r.requests.total![6]);
    expect(rec.proactive).toMatchObject({ licensing: { decisions: r.proactive.licensing }, fees: { amount: 12.5 } });
    expect(rec.reviewLitigation.litigationAfterReview.total).toBe(r.review[14]);
    expect(rec.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('a misprinted total is reported as the source being inconsistent, and kept as printed', async () => {
    const r = makeReport(3);
    r.requests.granted![6] = (r.requests.granted![6] as number) + 1;
    const rec = await extract(bytes(reportText(r)), { fileName: 'bad-total.txt' });
    expect(rec.requests.granted.total).toBe(r.requests.granted![6]);
    const f = rec.findings.find((x) => x.code === 'source-inconsistent' && x.cells?.includes('requests.granted.total'));
    expect(f?.severity).toBe('error');
  });

  test('a title whose last character OCR lost is completed, with a warning that shows what was read', async () => {
    const r = makeReport(9);
    const text = reportText(r).replace('工作年度报告\n', '工作年度报\n>\n');
    const rec = await extract(bytes(text), { fileName: 'ocr-title.txt' });
    expect([rec.title, rec.agency, rec.year]).toEqual([`${r.agency}${r.year}年政府信息公开工作年度报告`, r.agency, r.year]);
    const f = rec.findings.find((x) => x.code === 'title-completed');
    expect(f).toMatchObject({ severity: 'warning', actual: `${r.agency}${r.year}年政府信息公开工作年度报` });
  });

  test('a narrative count that contradicts the table is a warning about the narrative', async () => {
    const r = makeReport(5);
    const text = reportText(r).replace(/共收到政府信息公开申请\d+件/, '共收到政府信息公开申请9999件');
    const rec = await extract(bytes(text), { fileName: 'narrative.txt' });
    expect(rec.findings.find((f) => f.code === 'narrative-count-mismatch')?.message).toContain('总体情况');
  });

  test('crawler text with cell boundaries lost is solved by the identities, or left blank with an error', async () => {
    const r = makeReport(11);
    const glued = reportText(r)
      .split('\n')
      .map((l) => l.replace(/\t/g, ''))
      .join('');
    const rec = await extract(bytes(glued), { fileName: 'crawler.txt' });
    for (const [k] of REQUEST_ROWS) {
      for (const [i, col] of ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'].entries()) {
        const key = `requests.${k}.${col}`;
        const got = get(rec, key);
        // right, or flagged: never silently wrong
        if (got !== r.requests[k]![i]) expect([key, isFlagged(rec.findings, key)]).toEqual([key, true]);
      }
    }
    expect(rec.findings.some((f) => f.code === 'digits-split')).toBe(true);
  });

  test('a row whose label is lost is an error on that row, and later rows keep their own values', async () => {
    const r = makeReport(13);
    const text = reportText(r).replace('6.属于四类过程性信息', '');
    const rec = await extract(bytes(text), { fileName: 'lost-label.txt' });
    expect(rec.requests.denied.enforcementFiles.naturalPerson).toBe(r.requests['denied.enforcementFiles']![0]);
    expect(isFlagged(rec.findings, 'requests.denied.processInformation.naturalPerson')).toBe(true);
  });
});
