/** End to end on text-layer PDFs, made by the test with a non-embedded CID font (CMaps needed). */
import { extract } from '../../src/stages/pipeline.js';
import { NianbaoError } from '../../src/core/errors.js';
import { isFlagged } from '../../src/core/findings.js';
import { makePdf } from '../helpers/make-pdf.js';
import { makeReport, reportPdfItems, REQUEST_ROWS } from '../helpers/report.js';

const get = (r: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], r);
const COLS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'];

describe('text-layer PDF', () => {
  test('a report whose table 三 crosses pages is read cell for cell, page numbers dropped', async () => {
    const r = makeReport(21);
    const rec = await extract(makePdf(reportPdfItems(r, 12)), { fileName: 'cross.pdf' });
    expect(rec.source.kind).toBe('pdf-text');
    expect(rec.source.pages).toBeGreaterThan(1);
    expect(rec.agency).toBe('测试市测试局');
    for (const [k] of REQUEST_ROWS) COLS.forEach((c, i) => expect([k, c, get(rec, `requests.${k}.${c}`)]).toEqual([k, c, r.requests[k]![i]]));
    expect(rec.reviewLitigation.review.total).toBe(r.review[4]);
    expect(rec.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(rec.provenance.cells['requests.granted.total']).toMatchObject({ page: expect.any(Number), unit: 'pt', method: 'position', confidence: 1 });
  });

  test('blank cells stay null (never an invented 0) and every other value keeps its column', async () => {
    const r = makeReport(22);
    r.requests.granted![3] = null; // 社会公益组织 printed empty
    r.proactive.rules = [null, null, 1];
    const rec = await extract(makePdf(reportPdfItems(r)), { fileName: 'blanks.pdf' });
    expect(rec.requests.granted.publicInterest).toBeNull();
    expect(rec.requests.granted.legalService).toBe(r.requests.granted![4]);
    expect(rec.requests.granted.total).toBe(r.requests.granted![6]);
    expect(rec.proactive).toMatchObject({ rules: { issued: null, repealed: null, inForce: 1 } });
    expect(rec.findings.find((f) => f.code === 'identity-unassessable')?.severity).toBe('info');
  });

  test('a value beside a cell left blank that fits no column is never silent', async () => {
    const r = makeReport(22);
    r.proactive.rules = [null, null, 1];
    const pages = reportPdfItems(r);
    // a 0 printed left of every column: a label's numbering, or the blank cell's number set askew
    const row = pages.flat().find((it) => it.text === '规章')!;
    pages[0]!.push({ text: '0', x: 200, y: row.y, size: 10 });
    const rec = await extract(makePdf(pages), { fileName: 'stray.pdf' });
    expect(rec.proactive).toMatchObject({ rules: { issued: null, repealed: null, inForce: 1 } });
    expect(isFlagged(rec.findings, 'proactive.rules.issued')).toBe(true);
  });

  test('a number printed wrong keeps its printed value and is named by an error', async () => {
    const r = makeReport(23);
    const pages = reportPdfItems(r);
    const printed = (r.requests.granted![0] as number) + 10;
    const row = pages.flat().find((it) => it.text === '（一）予以公开')!;
    pages.flat().find((it) => it.y === row.y && it.x === 250)!.text = String(printed);
    const rec = await extract(makePdf(pages), { fileName: 'misprint.pdf' });
    expect(rec.requests.granted.naturalPerson).toBe(printed);
    expect(isFlagged(rec.findings, 'requests.granted.naturalPerson')).toBe(true);
    expect(rec.findings.find((f) => f.cells?.includes('requests.granted.naturalPerson'))?.code).toBe('source-inconsistent');
  });
});

describe('bad PDFs', () => {
  const code = async (bytes: Uint8Array) => {
    try {
      await extract(bytes, { fileName: 'bad.pdf' });
      return 'no error';
    } catch (e) {
      return e instanceof NianbaoError ? e.code : `crash: ${e}`;
    }
  };

  test('truncated', async () => {
    const pdf = makePdf(reportPdfItems(makeReport(1)));
    expect(await code(pdf.subarray(0, 600))).toBe('truncated');
  });

  test('a PDF of another kind of document', async () => {
    expect(await code(makePdf([[{ text: '会议纪要：关于召开年度工作会议的通知，请各单位准时参加。', x: 60, y: 700 }]]))).toBe('not-a-report');
  });
});
