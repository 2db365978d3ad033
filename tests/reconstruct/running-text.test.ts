/**
 * A text dump whose table rows are running text, as `pdftotext -raw` prints
 * them: the label, then the cell values one space apart, and nothing at all
 * for a blank cell. Such a line has no columns: a value's x is only its
 * offset after the label.
 */
import { textToPages } from '../../extractors/text.js';
import { extract } from '../../src/stages/pipeline.js';
import type { ReportRecord } from '../../src/core/record.js';
import { isFlagged } from '../../src/core/findings.js';
import { makeReport, reportText, REQUEST_ROWS, type SyntheticReport } from '../helpers/report.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const get = (r: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], r);
const COLUMNS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'];

/** The report as running text: every tab a single space, blank cells printed as nothing. */
function rawDump(r: SyntheticReport): string {
  return reportText(r)
    .split('\n')
    .map((l) =>
      l
        .split('\t')
        .filter((c) => c !== '')
        .join(' '),
    )
    .join('\n');
}

/** Set a row of table 三 and recompute the totals so that every identity still holds. */
function setRequestRow(r: SyntheticReport, key: string, sixColumns: number[]): void {
  const row = (k: string) => r.requests[k]!.slice(0, 6) as number[];
  r.requests[key] = [...sixColumns, sixColumns.reduce((a, b) => a + b, 0)];
  const results = REQUEST_ROWS.slice(2, 23).map(([k]) => k);
  const total = COLUMNS.slice(0, 6).map((_, c) => results.reduce((t, k) => t + row(k)[c]!, 0));
  const newReceived = total.map((t, c) => t + row('carriedForward')[c]! - row('carriedOver')[c]!);
  for (const [k, v] of [
    ['total', total],
    ['newReceived', newReceived],
  ] as const)
    r.requests[k] = [...v, v.reduce((a, b) => a + b, 0)];
}

async function read(text: string): Promise<ReportRecord> {
  return extract(bytes(text), { fileName: 'raw.txt' });
}

describe('running-text lines', () => {
  test('the text extractor marks lines whose words stand one space apart, and only those', () => {
    const [page] = textToPages(['规章 0', '规章          0', '  规章 0', '规章\t\t0', '| 规章 | 0 |'].join('\n'));
    expect(page!.lines.map((l) => l.running === true)).toEqual([true, false, false, false, false]);
  });

  test('values one space after their label are not put under the column headers by their offsets', async () => {
    const r = makeReport(5);
    r.proactive.rules = [null, 0, null];
    r.proactive.normativeDocuments = [1, null, 23];
    const rec = await read(rawDump(r));
    // `规章 0` and `行政规范性文件 1 23` do not say which cells are blank (nor whether 23 is 2|3)
    for (const row of ['rules', 'normativeDocuments']) {
      for (const col of ['issued', 'repealed', 'inForce']) {
        const key = `proactive.${row}.${col}`;
        expect([key, get(rec, key)]).toEqual([key, null]);
        expect(rec.findings.some((f) => f.severity === 'error' && (f.cells ?? []).some((c) => key === c || key.startsWith(c + '.')))).toBe(true);
      }
    }
  });
});

describe('blank cells in running text', () => {
  test('the column totals tell which cells of a row with fewer values than cells are blank', async () => {
    const r = makeReport(9);
    setRequestRow(r, 'granted', [5, 2, 0, 1, 0, 3]);
    r.requests.granted = [5, 2, null, 1, null, 3, 11];
    const rec = await read(rawDump(r));
    expect(rec.requests.granted).toEqual({ naturalPerson: 5, commercial: 2, research: null, publicInterest: 1, legalService: null, otherOrg: 3, total: 11 });
    expect(isFlagged(rec.findings, 'requests.granted.research')).toBe(true);
    // every other row is read as printed
    for (const [k] of REQUEST_ROWS.filter(([k]) => k !== 'granted')) {
      COLUMNS.forEach((c, i) => expect([k, c, get(rec, `requests.${k}.${c}`)]).toEqual([k, c, r.requests[k]![i]]));
    }
  });

  test('where several layouts fit, the cells they dispute are null with an error, the others read', async () => {
    const r = makeReport(9);
    setRequestRow(r, 'granted', [5, 2, 0, 0, 1, 3]);
    // printed `5 2 0 1 3 11`: research or publicInterest is the blank, the other the 0 printed
    r.requests.granted = [5, 2, null, 0, 1, 3, 11];
    const rec = await read(rawDump(r));
    expect(rec.requests.granted).toMatchObject({ naturalPerson: 5, commercial: 2, legalService: 1, otherOrg: 3, total: 11 });
    expect(isFlagged(rec.findings, 'requests.granted.total')).toBe(true);
    for (const col of ['research', 'publicInterest']) {
      const key = `requests.granted.${col}`;
      expect([key, get(rec, key)]).toEqual([key, null]);
      expect(rec.findings.some((f) => f.severity === 'error' && f.cells?.includes(key))).toBe(true);
    }
  });
});
