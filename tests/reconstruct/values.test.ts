/** The value pieces of a row: what counts as a cell's value, and where it stands. */
import { makeLine, type Page } from '../../src/core/layout.js';
import { buildStream } from '../../src/stages/reconstruct/stream.js';
import { valuePieces } from '../../src/stages/reconstruct/values.js';

/** The pieces of one line of tokens on a page of the given unit. */
function piecesOf(texts: string[], unit: Page['unit']) {
  const tokens = texts.map((text, i) => ({ text, box: { x: 100 * i, y: 100, w: 12 * text.length, h: 20 }, conf: 0.7 }));
  const stream = buildStream({ kind: unit === 'px' ? 'pdf-scan' : 'text', findings: [], pages: [{ number: 1, width: 1200, height: 1700, unit, lines: [makeLine(tokens)] }] });
  return valuePieces(stream, { atom: 0, offset: 0 }, { atom: stream.atoms.length, offset: 0 });
}

describe("a scan's specks at a number's edge", () => {
  test('are left off: the number stands alone, in its place, with the repair noted', () => {
    const pieces = piecesOf(['行政许可', '.104', '124,一', '-4', '293.78', '15'], 'px');
    expect(pieces.map((p) => [p.raw, p.parsed.value, p.glued])).toEqual([
      ['.104', 104, false],
      ['124,一', 124, false],
      ['-4', -4, false],
      ['293.78', 293.78, false],
      ['15', 15, false],
    ]);
    expect(pieces.filter((p) => p.parsed.repairs.includes('ocr-confusable')).map((p) => p.raw)).toEqual(['.104', '124,一']);
    // the number keeps its token's place: a value placed by position still finds its column
    expect(pieces[1]!.box.x).toBe(200);
  });

  test('in a text, the same marks are text: the numbers in them are glued, placed only when nothing else fills the row', () => {
    const pieces = piecesOf(['行政许可', '.104', '124,一'], 'char');
    expect(pieces.map((p) => [p.raw, p.glued])).toEqual([
      ['104', true],
      ['124', true],
    ]);
  });
});
