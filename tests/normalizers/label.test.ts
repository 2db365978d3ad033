import { labelKey, normalizeLabel } from '../../normalizers/label.js';
import { readMeta } from '../../normalizers/meta.js';
import { joinParagraphs, stripSignature } from '../../normalizers/narrative.js';

describe('label normalization', () => {
  test('punctuation, spaces and width differences vanish; traditional becomes simplified', () => {
    expect(labelKey('（二）部分公开（区分处理的，只计这一情 形）')).toBe(labelKey('(二)部分公开(区分处理的,只计这一情形)'));
    expect(labelKey('規章 數量')).toBe('规章数量');
    expect(labelKey('3、危及“三安全一稳定”')).toBe('3危及三安全一稳定');
  });

  test('the map points back into the input', () => {
    const n = normalizeLabel('1. 属于');
    expect(n.text).toBe('1属于');
    expect(n.map).toEqual([0, 3, 4]);
  });
});

describe('readMeta', () => {
  test('title, agency and year from one line', () => {
    expect(readMeta(['西工区西工街道办事处 2024 年政府信息公开工作年 度报告'], '')).toEqual({
      title: '西工区西工街道办事处2024年政府信息公开工作年度报告',
      agency: '西工区西工街道办事处',
      year: 2024,
    });
  });

  test('a title broken over lines is joined back', () => {
    const m = readMeta(['川湾市人民政府办公室 2025 年政府信息公开', '工作年 度报告', '本报告依据《条例》编制。'], '');
    expect(m.title).toBe('川湾市人民政府办公室2025年政府信息公开工作年度报告');
    expect(m.agency).toBe('川湾市人民政府办公室');
  });

  test('the year comes from the statistics period when the title has none, never from a signature date', () => {
    const m = readMeta(['某某局政府信息公开工作年度报告'], '本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。2023年1月20日');
    expect(m.year).toBe(2022);
    expect(m.agency).toBe('某某局');
  });

  test("a printed web page: the site's breadcrumb is not the title, nor is a sentence that names the report", () => {
    const m = readMeta(['江塘区人民政府网', '当前位置：首页 > 政务公开 > 政府信息公开年报', '江塘区岚水街道办事处', '2019年政府信息公开工作年度报告', '发布时间：2020-01-26'], '');
    expect(m).toEqual({ title: '江塘区岚水街道办事处2019年政府信息公开工作年度报告', agency: '江塘区岚水街道办事处', year: 2019 });
    const prose = readMeta(['某某局政府信息公开工作年度报告', '根据《条例》规定，现公布某某局2023年度政府信息公开工作年度报告'], '');
    expect(prose.title).toBe('某某局政府信息公开工作年度报告');
  });

  test("an OCR'd title whose last character was lost is completed, and says what was read", () => {
    const m = readMeta(['安城市桥田区人民政府2019 年政府信息公开工作年度报', '>', '上', '本报告依据《条例》编制'], '');
    expect(m).toEqual({
      title: '安城市桥田区人民政府2019年政府信息公开工作年度报告',
      agency: '安城市桥田区人民政府',
      year: 2019,
      titleAsRead: '安城市桥田区人民政府2019年政府信息公开工作年度报',
    });
    // broken before 告, the title is joined, not completed
    expect(readMeta(['某某局2023年政府信息公开工作年度报', '告', '本报告依据《条例》编制'], '')).toEqual({
      title: '某某局2023年政府信息公开工作年度报告',
      agency: '某某局',
      year: 2023,
    });
  });
});

describe('narrative', () => {
  test('lines broken by the page width are joined; paragraphs and list items are kept', () => {
    expect(joinParagraphs(['本年度，我局紧扣群众关心', '关注的事项。', '（一）主动公开。全年公开征', '求意见 2 次。'])).toBe(
      '本年度，我局紧扣群众关心关注的事项。\n（一）主动公开。全年公开征求意见 2 次。',
    );
  });

  test('the signature block under the last section is dropped', () => {
    expect(stripSignature(['无。', '某某市人民政府', '2022 年 1 月 30 日'])).toEqual(['无。']);
    expect(stripSignature(['本年度收取信息处理费 0 元。'])).toEqual(['本年度收取信息处理费 0 元。']);
  });
});
