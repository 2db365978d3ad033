import { findSections } from '../../src/stages/reconstruct/sections.js';
import { templateOf } from '../../src/core/templates/index.js';
import { labelKey } from '../../normalizers/label.js';

describe('findSections', () => {
  test('a heading OCR garbled in two places is still found by its whole label (each pattern needs one of them right)', () => {
    const norm = labelKey('三、收到和处理政府信息公开申请情况 0 0 由、政府信息公开行政复议、行政拆讼情况 行政复议 0 0 五、存在的主要问题及改进情况 无');
    const s = findSections(norm, templateOf('2021').sections);
    expect(s.get('reviewLitigation')).toBeDefined();
    expect(norm.slice(s.get('reviewLitigation')!.heading)).toMatch(/^由政府信息公开/);
    expect(s.get('requests')!.to).toBe(s.get('reviewLitigation')!.heading);
  });

  test('a heading garbled in the middle is found by its number and its own end, and prose naming the same words is not a heading', () => {
    const norm = labelKey('三、收到和处理政府信息公开申请情况 0 0 四、焉府入息公关行政复议、行政诉讼情况 行政复议 0 0 五、存在的主要问题及改进情况 无');
    const s = findSections(norm, templateOf('2019').sections);
    expect(norm.slice(s.get('reviewLitigation')!.heading)).toMatch(/^四焉府/);
    // nor is a 4 ending a number, the words after it running on into the next heading
    const number = labelKey('四、结转下年度继续办理 116 25 154 政府信息公开行政复议、行政诉讼情况 0 五、存在的主要问题及改进情况 无');
    const garbled = labelKey('四、结转下年度继续办理 116 25 154 焉府入息公关行政复议、行政诉讼情况 0 五、存在的主要问题及改进情况 无');
    expect(findSections(garbled, templateOf('2019').sections).get('reviewLitigation')?.heading ?? -1).not.toBe(garbled.indexOf('154') + 2);
    expect(findSections(number, templateOf('2019').sections).get('reviewLitigation')?.heading ?? -1).not.toBe(number.indexOf('154') + 2);
    const prose = labelKey('三、收到和处理政府信息公开申请情况 0 0 本年度未发生因政府信息公开引起的行政复议、行政诉讼情况 五、存在的主要问题及改进情况 无');
    expect(findSections(prose, templateOf('2019').sections).get('reviewLitigation')).toBeUndefined();
  });
});
