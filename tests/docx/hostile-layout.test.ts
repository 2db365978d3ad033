/** Table layout of hostile DOCX and HTML: no recursion or spread over siblings, spans placed as the HTML table model says (its time is measured by the hostile corpus). */
import { extractDocx } from '../../extractors/docx.js';
import { placeSpannedRows } from '../../extractors/structured/grid.js';
import { documentXml, makeDocx } from './make-docx.js';

test('a DOCX row of 150,000 vertically merged cells is laid out, not a stack overflow', async () => {
  const cell = '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>';
  const cont = '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>';
  const n = 150_000;
  const body = `<w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p><w:tbl><w:tr>${cell.repeat(n)}</w:tr><w:tr>${cont.repeat(n)}</w:tr></w:tbl>`;
  // the old code overflowed the call stack here (and took about a minute at 100,000)
  const layout = await extractDocx(makeDocx(documentXml(body)), { file: 'merged.docx' });
  expect(layout.pages.length).toBeGreaterThan(0);
});

test('3,000 rowspan="0" cells over 3,000 rows: each later row\'s cell goes after them', () => {
  const n = 3000;
  const rows = [Array.from({ length: n }, () => ({ text: 'x', rowSpan: 0, colSpan: 1 })), ...Array.from({ length: n }, () => [{ text: '1', rowSpan: 1, colSpan: 1 }])];
  const cells = placeSpannedRows(rows);
  expect(cells.filter((c) => c.text === '1').every((c) => c.col === n)).toBe(true);
  expect(cells.filter((c) => c.text === 'x').every((c) => c.rowSpan === n + 1)).toBe(true);
});
