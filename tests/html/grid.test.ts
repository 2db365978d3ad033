import { placeSpannedRows } from '../../extractors/structured/grid.js';

const cell = (text: string, rowSpan = 1, colSpan = 1) => ({ text, rowSpan, colSpan });
const at = (cells: ReturnType<typeof placeSpannedRows>) => cells.map((c) => `${c.text}@${c.row},${c.col}`);

test('rowspans push later cells of the rows below to their true columns', () => {
  // The 依申请 shape: a label spanning rows on the left, a sub-label spanning fewer rows, then values.
  const rows = [
    [cell('三、本年度办理结果', 3), cell('(三)不予公开', 2), cell('1.国家秘密'), cell('5')],
    [cell('2.其他法律'), cell('6')],
    [cell('(四)无法提供'), cell('1.不掌握'), cell('7')],
  ];
  expect(at(placeSpannedRows(rows))).toEqual(['三、本年度办理结果@0,0', '(三)不予公开@0,1', '1.国家秘密@0,2', '5@0,3', '2.其他法律@1,2', '6@1,3', '(四)无法提供@2,1', '1.不掌握@2,2', '7@2,3']);
});

test('colspans and a rowspan in the middle keep columns aligned', () => {
  const rows = [
    [cell('corner', 2, 2), cell('自然人', 2), cell('法人', 1, 2)],
    [cell('商业'), cell('科研')],
    [cell('label', 1, 2), cell('1'), cell('2'), cell('3')],
  ];
  const placed = placeSpannedRows(rows);
  expect(at(placed)).toEqual(['corner@0,0', '自然人@0,2', '法人@0,3', '商业@1,3', '科研@1,4', 'label@2,0', '1@2,2', '2@2,3', '3@2,4']);
});

test('rowspan 0 and rowspans past the end stop at the last row; absurd colspans are capped', () => {
  const placed = placeSpannedRows([[cell('a', 0), cell('b', 99)], [cell('c', 1, 5000)]]);
  expect(placed.map((c) => [c.text, c.rowSpan, c.colSpan])).toEqual([
    ['a', 2, 1],
    ['b', 2, 1],
    ['c', 1, 1000],
  ]);
  expect(placed[2]!.col).toBe(2);
});
