import { isBlankMarker, parseValue } from '../../normalizers/number.js';

describe('parseValue', () => {
  test.each([
    ['0', 0],
    ['1866', 1866],
    ['13970.189', 13970.189],
    ['1,234', 1234],
    ['+173', 173],
    ['-2', -2],
    ['减4', -4],
    ['增4', 4],
    ['１２３'.normalize('NFKC'), 123],
  ])('%s is %d', (raw, value) => {
    expect(parseValue(raw)?.value).toBe(value);
  });

  test('blank markers are null, not zero', () => {
    for (const raw of ['/', '—', '－', '-', '无']) expect(parseValue(raw)).toEqual({ value: null, unit: null, repairs: [] });
    expect(isBlankMarker('0')).toBe(false);
  });

  test('OCR confusables next to digits are mended and reported', () => {
    expect(parseValue('1O')).toEqual({ value: 10, unit: null, repairs: ['ocr-confusable'] });
    expect(parseValue('l2')?.value).toBe(12);
  });

  test('words are never read as numbers', () => {
    for (const raw of ['O', 'l', 'IO', '规章', '2021年', '第二十条', 'Iol']) expect(parseValue(raw)).toBeUndefined();
  });

  test('an amount keeps its unit', () => {
    expect(parseValue('200000.82元')).toEqual({ value: 200000.82, unit: '元', repairs: [] });
    expect(parseValue('25.3万元')?.unit).toBe('万元');
  });
});

import { lookalikeDigit } from '../../normalizers/number.js';

test('a lone mark OCR makes of a digit is read as that digit; other marks and words are not', () => {
  expect(lookalikeDigit('工')).toBe(1);
  expect(lookalikeDigit('O')).toBe(0);
  expect(lookalikeDigit('基')).toBeUndefined();
  expect(lookalikeDigit('toString')).toBeUndefined();
});

test("a 0 read as a round letter, or as two (its oval's halves taken apart: DO, OD), is 0; a word of them is not", () => {
  expect(lookalikeDigit('D')).toBe(0);
  expect(lookalikeDigit('DO')).toBe(0);
  expect(lookalikeDigit('OD')).toBe(0);
  expect(lookalikeDigit('DOD')).toBeUndefined();
  expect(lookalikeDigit('DA')).toBeUndefined();
});
