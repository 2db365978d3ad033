/** Columns of a text dump: a Chinese character is two columns in an editor's layout, one in pdftotext -layout's. */
import { textToPages } from '../../extractors/text.js';

const firstNumberX = (text: string) =>
  textToPages(text)[0]!.lines.map((l) => l.tokens.find((t) => /^\d+$/.test(t.text))?.box.x).filter((x) => x !== undefined);

describe('text dump columns', () => {
  test('an editor-aligned dump: numbers under each other when a Chinese character counts two columns', () => {
    const text = ['规章' + ' '.repeat(12) + '3', '行政规范性文件' + ' '.repeat(2) + '5', '行政许可' + ' '.repeat(8) + '7'].join('\n');
    const xs = firstNumberX(text);
    expect(new Set(xs).size).toBe(1);
    expect(xs[0]).toBe(16);
  });

  test('a pdftotext -layout dump: numbers under each other when every character counts one', () => {
    const text = ['规章' + ' '.repeat(12) + '3', '行政规范性文件' + ' '.repeat(7) + '5', '行政许可' + ' '.repeat(10) + '7'].join('\n');
    const xs = firstNumberX(text);
    expect(new Set(xs).size).toBe(1);
    expect(xs[0]).toBe(14);
  });
});
