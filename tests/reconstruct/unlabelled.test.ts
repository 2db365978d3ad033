/** Rows whose labels could not be read take the lines of values between found rows, in the form's order. */
import { extract } from '../../src/pipeline.js';
import { isFlagged } from '../../src/findings.js';
import { makeReport, reportText } from '../helpers/report.js';

const get = (r: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], r);
const COLUMNS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'];
const read = (text: string) => extract(new Uint8Array(Buffer.from(text, 'utf8')), { fileName: 'garbled.txt' });

describe('rows with unreadable labels', () => {
  test('two garbled labels in a row: each takes its line of values, with a warning', async () => {
    const r = makeReport(31);
    const text = reportText(r).replace('1.属于国家秘密', '1.昌隆轩家税贫').replace('2.其他法律行政法规禁止公开', '2其他二行政汉人');
    const rec = await read(text);
    for (const row of ['denied.stateSecret', 'denied.prohibitedByLaw']) {
      COLUMNS.forEach((c, i) => expect([row, c, get(rec, `requests.${row}.${c}`)]).toEqual([row, c, r.requests[row]![i]]));
    }
    const unread = rec.findings.find((f) => f.code === 'row-label-unread');
    expect(unread?.severity).toBe('warning');
    expect(unread?.cells).toEqual(['requests.denied.stateSecret', 'requests.denied.prohibitedByLaw']);
    expect(rec.findings.filter((f) => f.code === 'row-missing')).toEqual([]);
  });

  test('when the lines do not match the missing rows one for one, the rows stay missing and flagged', async () => {
    const r = makeReport(32);
    // the garbled row's values are lost too: one line fewer than rows
    const lines = reportText(r).split('\n').filter((l) => !l.startsWith('1.属于国家秘密'));
    const text = lines.join('\n').replace('2.其他法律行政法规禁止公开', '2其他二行政汉人');
    const rec = await read(text);
    expect(rec.findings.some((f) => f.code === 'row-label-unread')).toBe(false);
    for (const row of ['denied.stateSecret', 'denied.prohibitedByLaw']) {
      for (const c of COLUMNS) {
        const key = `requests.${row}.${c}`;
        if (get(rec, key) !== r.requests[row]![COLUMNS.indexOf(c)]) expect([key, isFlagged(rec.findings, key)]).toEqual([key, true]);
      }
    }
    const missing = rec.findings.filter((f) => f.code === 'row-missing').flatMap((f) => f.cells ?? []);
    expect(missing).toEqual(expect.arrayContaining(['requests.denied.stateSecret', 'requests.denied.prohibitedByLaw']));
  });
});
