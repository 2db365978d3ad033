/**
 * A text dump whose table rows are running text, as `pdftotext -raw` prints
 * them: the label, then the cell values one space apart, and nothing at all
 * for a blank cell. Such a line has no columns: a value's x is only its
 * offset after the label.
 */
import { textToPages } from '../../extractors/text.js';
import { extract } from '../../src/pipeline.js';
import type { ReportRecord } from '../../src/record/schema.js';
import { makeReport, reportText, type SyntheticReport } from '../helpers/report.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const get = (r: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], r);

/** The report as running text: every tab a single space, blank cells printed as nothing. */
function rawDump(r: SyntheticReport): string {
  return reportText(r)
    .split('\n')
    .map((l) => l.split('\t').filter((c) => c !== '').join(' '))
    .join('\n');
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
    const rec = await read(rawDump(r));
    // `规章 0` does not say which cell the 0 is in
    for (const row of ['rules']) {
      for (const col of ['issued', 'repealed', 'inForce']) {
        const key = `proactive.${row}.${col}`;
        expect([key, get(rec, key)]).toEqual([key, null]);
        expect(rec.findings.some((f) => f.severity === 'error' && (f.cells ?? []).some((c) => key === c || key.startsWith(c + '.')))).toBe(true);
      }
    }
  });
});
