/**
 * Which division an agency's name places it in: on a small table written
 * here (two provinces whose districts and streets share names), and on the
 * shipped data for the real names the issue asks for.
 */
import { describe, expect, it } from '@jest/globals';
import { divisions, parseDivisions, standardCode } from '../../normalizers/divisions.js';
import { normalizeName, resolveRegion } from '../../normalizers/region.js';

// 甲省 and 戊省 each have a 丙区 with a 丁街道; only 甲省's has 辛镇.
const TABLE = parseDivisions(
  [
    '# a test table',
    '11\t甲省',
    '1101\t乙市',
    '110101\t丙区',
    '110101001\t丁街道',
    '110101101\t辛镇',
    '110121\t壬县',
    '12\t戊省',
    '1201\t己市',
    '120101\t丙区',
    '120101002\t丁街道',
    '120173\t己市高新技术产业开发区',
  ].join('\n'),
  'test.tsv',
);

const code = (name: string) => {
  const r = resolveRegion(name, TABLE);
  return r.region ? r.region.code : `${r.why}: ${r.message}`;
};

describe('resolveRegion on a table of its own', () => {
  it('takes the most specific division the name begins with, at its level, with the names above it', () => {
    expect(resolveRegion('乙市丙区丁街道办事处', TABLE).region).toEqual({ code: '110101001', level: 'township', names: ['甲省', '乙市', '丙区', '丁街道'] });
    expect(resolveRegion('己市丙区人民政府', TABLE).region).toEqual({ code: '120101', level: 'county', names: ['戊省', '己市', '丙区'] });
    expect(resolveRegion('乙市人民政府办公室', TABLE).region).toEqual({ code: '110100', level: 'city', names: ['甲省', '乙市'] });
    expect(resolveRegion('甲省人民政府', TABLE).region).toEqual({ code: '110000', level: 'province', names: ['甲省'] });
  });

  it('uses a name below to choose between divisions that share a name', () => {
    expect(code('丙区辛镇人民政府')).toBe('110101101'); // only 甲省's 丙区 has 辛镇
    expect(code('戊省丙区丁街道办事处')).toBe('120101002');
  });

  it('gives no region for a shared name that nothing above or below decides, and lists every candidate', () => {
    const r = resolveRegion('丙区人民政府', TABLE);
    expect(r.region).toBeNull();
    if (r.region) return;
    expect(r.why).toBe('ambiguous');
    expect(r.candidates.map((c) => c.code)).toEqual(['110101', '120101']);
    expect(r.message).toContain('甲省乙市丙区 (110101)');
    expect(r.message).toContain('戊省己市丙区 (120101)');
    // both 丙区 have a 丁街道: still two
    const t = resolveRegion('丙区丁街道办事处', TABLE);
    expect(t.region === null && t.candidates.map((c) => c.code)).toEqual(['110101001', '120101002']);
  });

  it('gives no region for a division the data does not have, rather than the broader one around it', () => {
    expect(code('乙市丙区庚街道办事处')).toMatch(/^unknown: .*庚街道.*甲省乙市丙区 \(110101\)/);
    expect(code('乙市癸区财政局')).toMatch(/^unknown: .*癸区/);
    expect(code('乙市高新区管理委员会')).toMatch(/^unknown: .*高新区/);
    expect(code('庚县人民政府')).toMatch(/^unknown: .*begins with no name/);
    expect(code('国家税务总局乙市税务局')).toMatch(/^unknown/);
    expect(resolveRegion(null, TABLE)).toMatchObject({ region: null, why: 'no-name' });
  });

  it("does not take an agency's own words for divisions", () => {
    for (const organ of ['住房和城乡建设局', '市场监督管理局', '乡村振兴局', '城市管理局', '自然资源和规划局', '人民政府办公室', '卫生健康委员会']) {
      expect(code(`乙市${organ}`)).toBe('110100');
    }
    expect(code('乙市丙区丁街道办事处')).toBe('110101001');
    // another name of the same office, in brackets, is no place
    expect(code('乙市人民政府办公室（乙市政务公开办公室）')).toBe('110100');
  });

  it('reads full-width, spaced and traditional spellings alike', () => {
    expect(code('乙 市　丙區人民政府')).toBe('110101');
    expect(normalizeName('ＡＢ 區 縣')).toBe('AB区县');
  });

  it('names a zone the data codes among the counties by its own name', () => {
    expect(resolveRegion('己市高新技术产业开发区管理委员会', TABLE).region).toEqual({ code: '120173', level: 'county', names: ['戊省', '己市', '己市高新技术产业开发区'] });
  });
});

describe('the division data', () => {
  it('pads province and city codes to six digits, as GB/T 2260 writes them', () => {
    expect(standardCode({ code: '32' })).toBe('320000');
    expect(standardCode({ code: '3208' })).toBe('320800');
    expect(standardCode({ code: '320813' })).toBe('320813');
    expect(standardCode({ code: '410303003' })).toBe('410303003');
  });

  it('refuses a malformed line, naming the file and line', () => {
    expect(() => parseDivisions('11\t甲省\n1101 乙市\n', 'x.tsv')).toThrow(/^x\.tsv:2: not a 'code<TAB>name' line/);
    expect(() => parseDivisions('110101\t丙区\n', 'x.tsv')).toThrow(/^x\.tsv:1: 110101 丙区 comes before any division above it/);
  });

  it('the shipped data has every level, each division under the one its code says', () => {
    const t = divisions();
    const levels = new Map<string, number>();
    for (const d of t.byCode.values()) levels.set(d.level, (levels.get(d.level) ?? 0) + 1);
    expect(levels.get('province')).toBe(31);
    expect(levels.get('city')).toBeGreaterThan(300);
    expect(levels.get('county')).toBeGreaterThan(2800);
    expect(levels.get('township')).toBeGreaterThan(38000);
    expect([...t.byCode.values()].filter((d) => d.parent && !d.code.startsWith(d.parent.code)).map((d) => d.code)).toEqual([]);
  });
});

describe('resolveRegion on the shipped data', () => {
  const real = (name: string) => resolveRegion(name).region?.code ?? null;

  it('places the real agencies of the issue', () => {
    expect(real('西工区西工街道办事处')).toBe('410303003');
    expect(real('洪泽区人民政府')).toBe('320813');
    expect(real('淮安市洪泽区人民政府')).toBe('320813');
    expect(real('沭阳县人民政府')).toBe('321322');
    expect(resolveRegion('淮安市').region).toEqual({ code: '320800', level: 'city', names: ['江苏省', '淮安市'] });
  });

  it('maps 平潭综合实验区 through the alias table to 平潭县', () => {
    expect(resolveRegion('平潭综合实验区管理委员会').region).toEqual({ code: '350128', level: 'county', names: ['福建省', '福州市', '平潭县'] });
  });

  it('a county name of two provinces without its city is ambiguous; with it, it is not', () => {
    const r = resolveRegion('朝阳区人民政府');
    expect(r.region).toBeNull();
    expect(r.region === null && r.candidates.map((c) => c.code)).toEqual(['110105', '220104']);
    expect(real('长春市朝阳区人民政府')).toBe('220104');
  });

  it('a misprinted name is unknown, not corrected', () => {
    expect(resolveRegion('沐阳县人民政府')).toMatchObject({ region: null, why: 'unknown' });
  });

  it('a city the data also lists as a county of itself is the city', () => {
    expect(resolveRegion('东莞市人民政府').region).toEqual({ code: '441900', level: 'city', names: ['广东省', '东莞市'] });
  });
});
