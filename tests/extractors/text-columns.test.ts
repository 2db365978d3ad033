/** Columns of a text dump: a Chinese character is two columns in an editor's layout, one in pdftotext -layout's. */
import { textToPages } from '../../extractors/text.js';
import { extract } from '../../src/stages/pipeline.js';
import { makeReport, reportText } from '../helpers/report.js';

const firstNumberX = (text: string) =>
  textToPages(text)[0]!
    .lines.map((l) => l.tokens.find((t) => /^\d+$/.test(t.text))?.box.x)
    .filter((x) => x !== undefined);

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

describe('a pdftotext -layout table 四 with only its totals printed', () => {
  test('the totals go under the 总计 columns; the header words broken over lines are not taken for lost numbers', async () => {
    // table 二's one-number rows laid out as pdftotext -layout does: values at character column 24
    const text = reportText(makeReport(21))
      .split('\n')
      .map((l) => (/^(行政许可|行政处罚|行政强制|行政事业性收费)\t/.test(l) ? l.replace(/^(\S+)\t/, (_, label: string) => label + ' '.repeat(24 - label.length)) : l));
    const start = text.findIndex((l) => l.startsWith('四、政府信息公开'));
    const end = text.findIndex((l) => l.startsWith('五、'));
    const table4 = [
      '四、政府信息公开行政复议、行政诉讼情况',
      '',
      ' '.repeat(50) + '行政诉讼',
      ' '.repeat(9) + '行政复议',
      ' '.repeat(38) + '未经复议直接起诉' + ' '.repeat(18) + '复议后起诉',
      '结果维 结果纠 其他结 尚未审' + ' '.repeat(14) + '结果维 结果纠 其他结 尚未审' + ' '.repeat(11) + '结果维 结果纠 其他结 尚未审',
      ' '.repeat(24) + '总计' + ' '.repeat(24) + '总计' + ' '.repeat(24) + '总计',
      ' 持   正       果      结         持       正   果   结         持   正    果      结',
      ' '.repeat(24) + '3' + ' '.repeat(25) + '5',
      '',
    ];
    const rec = await extract(new Uint8Array(Buffer.from([...text.slice(0, start), ...table4, ...text.slice(end)].join('\n'))), { fileName: 'layout.txt' });
    expect(rec.reviewLitigation.review.total).toBe(3);
    expect(rec.reviewLitigation.litigationDirect.total).toBe(5);
    expect(rec.reviewLitigation.litigationAfterReview.total).toBeNull();
    expect(rec.reviewLitigation.review.upheld).toBeNull();
  });
});
