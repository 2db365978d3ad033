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
});
