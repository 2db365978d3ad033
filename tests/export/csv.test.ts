import { BOM, EOL, csvField, csvRow } from '../../src/app/export/csv.js';

test('RFC 4180: quotes around commas, quotes and line breaks; quotes doubled', () => {
  expect(csvField('plain')).toBe('plain');
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('two\nlines')).toBe('"two\nlines"');
  expect(csvRow(['x', 1, null, 'y,z'])).toBe(`x,1,,"y,z"${EOL}`);
  expect(EOL).toBe('\r\n');
  expect(BOM).toBe('\ufeff');
});

test('formula injection: text a spreadsheet would evaluate gets a leading apostrophe; numbers stay numbers', () => {
  expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  expect(csvField('+1')).toBe("'+1");
  expect(csvField('-2')).toBe("'-2");
  expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  expect(csvField('\tcmd')).toBe("'\tcmd");
  expect(csvField(-4)).toBe('-4');
  expect(csvField(2.5)).toBe('2.5');
  expect(csvField(0)).toBe('0');
  expect(csvField('西工区-办事处')).toBe('西工区-办事处');
});

test('blanks are empty fields, never 0', () => {
  expect(csvField(null)).toBe('');
  expect(csvField(undefined)).toBe('');
  expect(csvField(Number.NaN)).toBe('');
});
