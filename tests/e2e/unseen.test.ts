/**
 * The shapes unseen documents showed (issue: documents we have never seen):
 * a decision no identity confirms is never silent, and the agency is never
 * blamed for our own misreading.
 */
import { extract } from '../../src/stages/pipeline.js';
import { isFlagged } from '../../src/core/findings.js';
import type { ReportRecord } from '../../src/core/record.js';
import { makeReport, reportText, type SyntheticReport } from '../helpers/report.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const get = (r: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], r);
const fromText = (text: string) => extract(bytes(text), { fileName: 'report.txt' });
const codes = (r: ReportRecord) => r.findings.map((f) => f.code);

/** What OCR does to a table: characters the form never prints, in the labels and beside the values. */
function asOcr(text: string): string {
  return text
    .replace('（一）予以公开', '（一）子以公开')
    .replace('信息内容', '信息内宫')
    .replace('本年收费金额', '本年收费金疾')
    .replace('（七）总计', '（七）总计 站')
    .replace('四、政府信息公开行政复议、行政诉讼情况', '四、政府信息公开行政复议、行政诉讼情况 靶');
}

/** A report whose three （六） rows are all zero and whose 2021 labels for them OCR garbled beyond reading. */
function garbledOtherHandling(r: SyntheticReport): string {
  return reportText(r)
    .replace(/1\.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请/, '（六）其他处理 1.串请入无止当理由谕朗不扑止')
    .replace(/2\.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请/, '2.甲请人谕朗木按收赞迪知')
    .replace(/\n3\.其他\t/, '\n3.具他\t');
}

/** Move a result row's requests into 予以公开, leaving the row all zero and every identity holding. */
function zeroRows(r: SyntheticReport, ...keys: string[]): SyntheticReport {
  for (const k of keys) {
    r.requests.granted = r.requests.granted!.map((v, c) => (v as number) + (r.requests[k]![c] as number));
    r.requests[k] = [0, 0, 0, 0, 0, 0, 0];
  }
  return r;
}

const zeroOtherHandling = (seed: number) => zeroRows(makeReport(seed), 'otherHandling.noCorrection', 'otherHandling.unpaidFee', 'otherHandling.other');

describe('the （六） form', () => {
  test('one row read where OCR garbled the three: a warning names every sub-row', async () => {
    const rec = await fromText(asOcr(garbledOtherHandling(zeroOtherHandling(5))));
    expect(codes(rec)).toContain('ocr-text');
    for (const k of ['requests.otherHandling.noCorrection.total', 'requests.otherHandling.unpaidFee.naturalPerson', 'requests.otherHandling.other.otherOrg']) {
      expect([k, isFlagged(rec.findings, k)]).toEqual([k, true]);
    }
    expect(rec.findings.find((f) => f.code === 'other-handling-form')?.severity).toBe('warning');
  });

  test('a clean text that prints one （六） row, as hybrids do: recorded as all, with only an info', async () => {
    const r = makeReport(7);
    const single = r.requests['otherHandling.noCorrection']!.map((v, c) => (v as number) + (r.requests['otherHandling.unpaidFee']![c] as number) + (r.requests['otherHandling.other']![c] as number));
    const text = reportText(r)
      .replace(/1\.申请人无正当理由逾期不补正.*\n/, `（六）其他处理\t${single.join('\t')}\n`)
      .replace(/2\.申请人逾期未按收费通知.*\n/, '')
      .replace(/3\.其他\t.*\n/, '');
    const rec = await fromText(text);
    expect(get(rec, 'requests.otherHandling.all')).toEqual(
      Object.fromEntries(['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'].map((c, i) => [c, single[i]])),
    );
    const hybrid = rec.findings.find((f) => f.code === 'hybrid-other-handling');
    expect(hybrid?.severity).toBe('info');
    expect(codes(rec)).not.toContain('other-handling-form');
  });
});

describe('an OCR text dump', () => {
  test('is recognised, and a number no identity confirms is flagged', async () => {
    const r = makeReport(3);
    r.proactive.licensing = 470;
    // OCR dropped a digit of a table 二 number: nothing can confirm it, so it must not be silent
    const rec = await fromText(asOcr(reportText(r)).replace('行政许可\t470', '行政许可\t47'));
    expect(codes(rec)).toContain('ocr-text');
    expect(get(rec, 'proactive.licensing.decisions')).toBe(47);
    expect(isFlagged(rec.findings, 'proactive.licensing.decisions')).toBe(true);
    // numbers the identities confirm need no warning
    expect(isFlagged(rec.findings, 'requests.newReceived.total')).toBe(false);
  });

  test('a clean text dump is not taken for OCR, and its numbers stand', async () => {
    const rec = await fromText(reportText(makeReport(3)));
    expect(codes(rec)).not.toContain('ocr-text');
    expect(isFlagged(rec.findings, 'proactive.licensing.decisions')).toBe(false);
  });

  test("numbers that do not add up are our misreading, never the source's", async () => {
    const r = makeReport(4);
    r.requests.granted![0] = (r.requests.granted![0] as number) + 10;
    const clean = await fromText(reportText(r));
    expect(codes(clean)).toContain('source-inconsistent');
    const ocr = await fromText(asOcr(reportText(r)));
    expect(codes(ocr)).not.toContain('source-inconsistent');
    expect(codes(ocr)).toContain('identity-failed');
  });

  test('a cell nothing was read for is never silently blank', async () => {
    const r = zeroRows(makeReport(6), 'denied.internalAffairs');
    // OCR garbled the row's zeros to marks; only the total's 0 survives, and the row still adds up
    const text = asOcr(reportText(r)).replace(/5\.属于三类内部事务信息\t.*\n/, '5.属于三类内部事务信息\t一一二一一\t\t\t\t\t\t0\n');
    const rec = await fromText(text);
    for (const c of ['naturalPerson', 'commercial', 'otherOrg']) {
      const k = `requests.denied.internalAffairs.${c}`;
      expect([k, get(rec, k), isFlagged(rec.findings, k)]).toEqual([k, null, true]);
    }
  });
});

describe('blame needs clean readings', () => {
  test('a row placed without its label, that then fails, is identity-failed', async () => {
    const r = makeReport(9);
    r.requests['denied.thirdPartyRights']![0] = (r.requests['denied.thirdPartyRights']![0] as number) + 4;
    // the label is lost: the line of values is taken for the row in the form's order, a guess
    const rec = await fromText(reportText(r).replace('4.保护第三方合法权益', ''));
    expect(codes(rec)).toContain('row-label-unread');
    expect(codes(rec)).not.toContain('source-inconsistent');
  });
});

describe('impossible values', () => {
  test('a negative, fractional or too-long count, and negative money, are errors naming the cell, their text kept', async () => {
    const r = makeReport(11);
    const text = reportText(r)
      .replace(/（一）予以公开\t(\d+)/, '（一）予以公开\t-$1')
      .replace(/行政许可\t\d+/, '行政许可\t12345678901234567890')
      .replace(/行政处罚\t\d+/, '行政处罚\t2.5')
      .replace(/行政事业性收费\t[\d.]+/, '行政事业性收费\t-12.5');
    const rec = await fromText(text);
    const f = rec.findings.find((x) => x.code === 'impossible-value');
    expect(f?.severity).toBe('error');
    expect(f?.cells).toEqual(expect.arrayContaining(['requests.granted.naturalPerson', 'proactive.licensing.decisions', 'proactive.penalty.decisions', 'proactive.fees.amount']));
    expect(rec.provenance.cells['proactive.licensing.decisions']!.raw).toBe('12345678901234567890');
    expect(get(rec, 'proactive.penalty.decisions')).toBeNull();
    // the count the identities determine comes back, said as a repair
    expect(get(rec, 'requests.granted.naturalPerson')).toBe(r.requests.granted![0]);
    expect(codes(rec)).toContain('restored-by-identity');
  });

  test('a number in exponent notation fills its one cell and is refused there; the next cells keep their values', async () => {
    const r = makeReport(12);
    r.proactive.rules = [0, 1, 3];
    const rec = await fromText(reportText(r).replace(/规章\t0\t1\t3/, '规章\t1e5\t1\t3'));
    expect(rec.proactive).toMatchObject({ rules: { issued: null, repealed: 1, inForce: 3 } });
    expect(rec.findings.find((f) => f.code === 'impossible-value')?.cells).toEqual(['proactive.rules.issued']);
    expect(rec.provenance.cells['proactive.rules.issued']!.raw).toBe('1e5');
  });

  test('a report of possible values raises none: money keeps its decimals', async () => {
    const rec = await fromText(reportText(makeReport(11)));
    expect(get(rec, 'proactive.fees.amount')).toBe(12.5);
    expect(codes(rec)).not.toContain('impossible-value');
  });
});

describe('values of other rows', () => {
  test("a row with more values than cells over several lines takes none of them: null with an error, never another row's", async () => {
    const r = makeReport(13);
    const complaint = r.requests['notProcessed.complaint']!.join(' ');
    const [firstHalf, secondHalf] = [complaint.split(' ').slice(0, 3).join(' '), complaint.split(' ').slice(3).join(' ')];
    // running text (no columns): the row's own line lost a value, and the next row lost its label, its values broken over two lines
    const text = reportText(r)
      .replace(/\t/g, ' ')
      .replace(/(3\.补正后申请内容仍不明确) \S+ /, '$1 ')
      .replace(`1.信访举报投诉类申请 ${complaint}`, `${firstHalf}\n${secondHalf}`);
    const rec = await fromText(text);
    for (const c of ['naturalPerson', 'otherOrg', 'total']) {
      const k = `requests.unavailable.unclear.${c}`;
      const v = get(rec, k);
      // never one of the next row's numbers placed here silently: unread, or restored by an identity with its warning
      expect([k, v === null || isFlagged(rec.findings, k)]).toEqual([k, true]);
    }
    expect(rec.findings.some((f) => f.code === 'extra-values')).toBe(false);
  });
});
