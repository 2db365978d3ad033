/** A text line spaced at its own scale (an OCR dump's): values go to the columns their multiples agree on. */
import { extract } from '../../src/stages/pipeline.js';
import { assignByScale, makeCentres } from '../../src/stages/reconstruct/columns.js';
import type { ValuePiece } from '../../src/stages/reconstruct/values.js';
import { makeReport, reportText } from '../helpers/report.js';

const piece = (x: number, raw = '0'): ValuePiece => ({
  raw,
  parsed: { value: Number(raw), unit: null, repairs: [] },
  glued: false,
  atom: 0,
  page: 1,
  unit: 'char',
  box: { x, y: 0, w: raw.length, h: 1 },
});

describe('assignByScale', () => {
  const centres = makeCentres([31, 54, 77])!;
  test('values twice as far right as their headers still find them', () => {
    // 40 and 104 sit nearest the first and third headers' x only once scaled by ~1.3 from the line start
    expect(assignByScale([piece(40), piece(104)], centres)).toEqual([0, 2]);
    expect(assignByScale([piece(56), piece(146, '31')], centres)).toEqual([0, 2]);
  });
  test('no agreement, or a full row, or a single value: undecided', () => {
    expect(assignByScale([piece(40)], centres)).toBeUndefined();
    expect(assignByScale([piece(31), piece(54), piece(77)], centres)).toBeUndefined();
    expect(assignByScale([piece(60), piece(70)], centres)).toBeUndefined();
  });
});

test('an OCR dump whose value line is stretched: each value in its own column', async () => {
  const r = makeReport(3);
  r.proactive.rules = [0, null, 0];
  r.proactive.normativeDocuments = [1, null, 31];
  const text = reportText(r)
    .replace(/信息内容\t本年制发件数\t本年废止件数\t现行有效件数/, '信息内容                 本年制发件数           本年废止件数           现行有效件数')
    .replace(/规章\t.*\n/, `规章${' '.repeat(36)}0${' '.repeat(63)}0\n`)
    .replace(/行政规范性文件\t.*\n/, `行政规范性文件${' '.repeat(42)}1${' '.repeat(89)}31\n`);
  const rec = await extract(new Uint8Array(Buffer.from(text)), { fileName: 'ocr.txt' });
  expect(rec.proactive).toMatchObject({ rules: { issued: 0, repealed: null, inForce: 0 }, normativeDocuments: { issued: 1, repealed: null, inForce: 31 } });
});
