/** Rows whose labels could not be read take the lines of values between found rows, in the form's order. */
import { extract } from '../../src/stages/pipeline.js';
import { isFlagged } from '../../src/core/findings.js';
import { makeReport, reportText } from '../helpers/report.js';
import { makeLine } from '../../src/core/layout.js';
import { buildStream } from '../../src/stages/reconstruct/stream.js';
import { readTable } from '../../src/stages/reconstruct/table.js';
import { templateOf } from '../../src/core/templates/index.js';

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
    const lines = reportText(r)
      .split('\n')
      .filter((l) => !l.startsWith('1.属于国家秘密'));
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

describe('a scan whose unlabelled row broke into several OCR lines', () => {
  test('pieces level with each other are one row, however OCR split the line', () => {
    const tok = (text: string, x: number, y: number, w = 20) => ({ text, box: { x, y, w, h: 20 }, conf: 0.95 });
    const cellX = (c: number) => 400 + c * 100 + 40;
    const values = (vs: string[], y: number, cols: number[]) => cols.map((c) => tok(vs[c]!, cellX(c), y));
    const lines = [
      makeLine([tok('（一）予以公开', 20, 100, 300), ...values(['5', '0', '0', '0', '0', '1', '6'], 100, [0, 1, 2, 3, 4, 5, 6])]),
      // （二）'s label unreadable; its values leaning, read as two lines 4 px apart
      makeLine([tok('（二）郊分么开', 20, 160, 300), ...values(['2', '0', '0', '1', '0', '0', '3'], 160, [0, 1, 2])]),
      makeLine(values(['2', '0', '0', '1', '0', '0', '3'], 164, [3, 4, 5, 6])),
      makeLine([tok('1.属于国家秘密', 20, 220, 300), ...values(['1', '0', '0', '0', '0', '0', '1'], 220, [0, 1, 2, 3, 4, 5, 6])]),
    ];
    const vertical = [0, 400, 500, 600, 700, 800, 900, 1000, 1100].map((x) => ({ x0: x - 1, x1: x + 1, y0: 60, y1: 300 }));
    const page = { number: 1, width: 1200, height: 1700, unit: 'px' as const, lines, rules: { vertical, horizontal: [] } };
    const stream = buildStream({ kind: 'pdf-scan', findings: [], pages: [page] });
    const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, [], new Map([[1, page]]));
    const row = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg', 'total'].map((c) => result.cells.get(`requests.partiallyGranted.${c}`)?.value);
    expect(row).toEqual([2, 0, 0, 1, 0, 0, 3]);
    expect(result.findings.find((f) => f.code === 'row-label-unread')?.cells).toEqual(['requests.partiallyGranted']);
  });

  test("an unread label's numbering, read apart from its words, is not a line of values", () => {
    const tok = (text: string, x: number, y: number, w = 20) => ({ text, box: { x, y, w, h: 20 }, conf: 0.95 });
    const cellX = (c: number) => 400 + c * 100 + 40;
    const values = (vs: string[], y: number) => vs.map((v, c) => tok(v, cellX(c), y));
    const lines = [
      makeLine([tok('（一）予以公开', 20, 100, 300), ...values(['5', '0', '0', '0', '0', '1', '6'], 100)]),
      // （二）'s label garbled, its 2. read on its own a little above its values
      makeLine([tok('2', 150, 150), tok('郊分么开', 200, 150, 120)]),
      makeLine(values(['2', '0', '0', '1', '0', '0', '3'], 166)),
      makeLine([tok('1.属于国家秘密', 20, 220, 300), ...values(['1', '0', '0', '0', '0', '0', '1'], 220)]),
    ];
    const vertical = [0, 400, 500, 600, 700, 800, 900, 1000, 1100].map((x) => ({ x0: x - 1, x1: x + 1, y0: 60, y1: 300 }));
    const page = { number: 1, width: 1200, height: 1700, unit: 'px' as const, lines, rules: { vertical, horizontal: [] } };
    const stream = buildStream({ kind: 'pdf-scan', findings: [], pages: [page] });
    const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.requests, [], new Map([[1, page]]));
    const row = COLUMNS.map((c) => result.cells.get(`requests.partiallyGranted.${c}`)?.value);
    expect(row).toEqual([2, 0, 0, 1, 0, 0, 3]);
    expect(result.cells.get('requests.granted.total')?.value).toBe(6);
    expect(result.findings.find((f) => f.code === 'row-label-unread')?.cells).toEqual(['requests.partiallyGranted']);
  });
});

describe("a scan's one-column rows whose labels and numbers were both garbled", () => {
  test('each takes its line in the form’s order, its mark kept as a lost number to read again', () => {
    const tok = (text: string, x: number, y: number, w = 20) => ({ text, box: { x, y, w, h: 20 }, conf: 0.9 });
    const lines = [
      makeLine([tok('行政许可', 100, 100, 200), tok('85', 800, 100)]),
      makeLine([tok('行政处罚', 100, 140, 200), tok('1055', 800, 140, 40)]),
      // 行政强制 73 and 行政事业性收费 0, read as words
      makeLine([tok('行政可和', 100, 180, 200), tok('他', 805, 180)]),
      makeLine([tok('政事业', 100, 260, 150), tok('答', 802, 260)]),
    ];
    const page = { number: 1, width: 1200, height: 1700, unit: 'px' as const, lines };
    const stream = buildStream({ kind: 'pdf-scan', findings: [], pages: [page] });
    const result = readTable(stream, { from: 0, to: stream.norm.length }, templateOf('2021').tables.proactive, [], new Map([[1, page]]));
    expect(result.findings.find((f) => f.code === 'row-label-unread')?.cells).toEqual(['proactive.coercion', 'proactive.fees']);
    expect(result.cells.get('proactive.penalty.decisions')?.value).toBe(1055);
    // not a value yet, but a cell with a mark in it: the re-reads' to read again
    for (const [key, mark] of [
      ['proactive.coercion.decisions', '他'],
      ['proactive.fees.amount', '答'],
    ] as const) {
      expect(result.cells.get(key)).toMatchObject({ value: null, status: 'missing', prov: { raw: mark } });
    }
  });
});
