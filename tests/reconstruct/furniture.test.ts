import { removeFurniture } from '../../src/stages/reconstruct/furniture.js';
import { textToPages } from '../../extractors/text.js';
import type { Layout } from '../../src/core/layout.js';

const layoutOf = (text: string): Layout => ({ kind: 'text', pages: textToPages(text), findings: [] });
const texts = (l: Layout) => l.pages.map((p) => p.lines.map((line) => line.tokens.map((t) => t.text).join(' ')));

describe('removeFurniture', () => {
  test('decorated page numbers go, wherever they stand', () => {
    const { layout, removed } = removeFurniture(layoutOf('规章 0 0 0\n—1—\n\f第 2 页 共 3 页\n行政许可 5\n\f- 3 -\n行政处罚 7'));
    expect(texts(layout)).toEqual([['规章 0 0 0'], ['行政许可 5'], ['行政处罚 7']]);
    expect(removed).toBe(3);
  });

  test('a running header repeated on pages goes; the title it repeats stays on page 1', () => {
    const src =
      '某某局2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n\f某某局2023年政府信息公开工作年度报告\n二、主动公开政府信息情况\n\f某某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况';
    expect(texts(removeFurniture(layoutOf(src)).layout)).toEqual([
      ['某某局2023年政府信息公开工作年度报告', '一、总体情况', '正文。'],
      ['二、主动公开政府信息情况'],
      ['三、收到和处理政府信息公开申请情况'],
    ]);
  });

  test('a row of numbers at the top of two pages is data, not a header; a bare number that is not the page number stays', () => {
    const src = '0 0 0 0 0 0 0\n规章\n7\n\f0 0 0 0 0 0 0\n行政许可\n12';
    expect(texts(removeFurniture(layoutOf(src)).layout)).toEqual([
      ['0 0 0 0 0 0 0', '规章', '7'],
      ['0 0 0 0 0 0 0', '行政许可', '12'],
    ]);
  });

  test('n/m at a page edge is a page number; a row of values with a blank marker (2 1 0 / 0 0 3) is data', () => {
    const src = '行政许可 5\n8.属于行政查询\n2 1 0 / 0 0 3\n事项\n1/2\n\f1.本机关不掌握 0\n5 / 3\n2 / 2';
    expect(texts(removeFurniture(layoutOf(src)).layout)).toEqual([
      ['行政许可 5', '8.属于行政查询', '2 1 0 / 0 0 3', '事项'],
      ['1.本机关不掌握 0', '5 / 3'],
    ]);
  });

  test("a table's header printed again inside the next page stays where lines keep their places; a text dump's repeated line goes", () => {
    const header = '等于第三项加第四项之和 自然人 总计';
    const src = `标题\n三、收到和处理政府信息公开申请情况\n${header}\n一、本年新收 1 2 3\n正文\n结尾\n\f开头\n说明\n${header}\n四、结转下年度继续办理 0 0 0\n正文\n结尾`;
    const asScan: Layout = { ...layoutOf(src), kind: 'pdf-scan' };
    expect(texts(removeFurniture(asScan).layout).map((p) => p.includes(header))).toEqual([true, true]);
    expect(texts(removeFurniture(layoutOf(src)).layout).map((p) => p.includes(header))).toEqual([false, false]);
  });

  test('a title broken before its year keeps its agency line, though the name runs atop every page', () => {
    const src = '凤坝县人民政府\n凤坝县人民政府\n2022 年政府信息公开工作年度报告\n一、总体情况\n\f凤坝县人民政府\n二、主动公开政府信息情况\n\f凤坝县人民政府\n三、收到和处理政府信息公开申请情况';
    expect(texts(removeFurniture(layoutOf(src)).layout)[0]).toEqual(['凤坝县人民政府', '2022 年政府信息公开工作年度报告', '一、总体情况']);
  });
});
