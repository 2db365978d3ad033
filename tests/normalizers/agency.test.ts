/** agencyKey: one spelling for the names one agency is printed under, and never one for two agencies. */
import { describe, expect, it } from '@jest/globals';
import { agencyKey, identifyAgency } from '../../normalizers/agency.js';
import { extract } from '../../src/stages/pipeline.js';
import { makeReport, reportText } from '../helpers/report.js';

describe('agencyKey', () => {
  it('folds full-width forms, spaces and traditional characters', () => {
    expect(agencyKey('淮安市 洪泽区　人民政府')).toBe(agencyKey('淮安市洪泽区人民政府'));
    expect(agencyKey('淮安市洪泽區人民政府')).toBe(agencyKey('淮安市洪泽区人民政府'));
    expect(agencyKey('淮安市人民政府辦公室')).toBe(agencyKey('淮安市人民政府办公室'));
    expect(agencyKey('某某局（ＡＢＣ）')).toBe('某某局(ABC)');
  });

  it('writes the divisions above the one named in full, so a name printed with or without its city joins', () => {
    expect(agencyKey('洪泽区人民政府')).toBe('江苏省淮安市洪泽区人民政府');
    expect(agencyKey('淮安市洪泽区人民政府')).toBe('江苏省淮安市洪泽区人民政府');
    expect(agencyKey('江苏省淮安市洪泽区人民政府')).toBe('江苏省淮安市洪泽区人民政府');
    expect(agencyKey('平潭综合实验区管委会')).toBe('福建省福州市平潭综合实验区管理委员会');
  });

  it("folds the spellings of a government's general office into one, and keeps it apart from the government", () => {
    const office = agencyKey('淮安市人民政府办公室');
    for (const name of ['淮安市政府办公室', '淮安市政府办', '淮安市人民政府办', '淮安市府办']) expect(agencyKey(name)).toBe(office);
    expect(agencyKey('淮安市人民政府')).not.toBe(office);
    expect(agencyKey('淮安市政府')).toBe(agencyKey('淮安市人民政府'));
    expect(agencyKey('江苏省政府办公厅')).toBe('江苏省人民政府办公厅');
    expect(agencyKey('江苏省人民政府办公厅')).not.toBe(agencyKey('江苏省人民政府办公室'));
  });

  it("takes a report naming only its division for its government's, and a street for its office", () => {
    expect(agencyKey('沭阳县')).toBe(agencyKey('沭阳县人民政府'));
    expect(agencyKey('西工区西工街道')).toBe(agencyKey('西工区西工街道办事处'));
    expect(agencyKey('西工区西工街道办')).toBe(agencyKey('西工区西工街道办事处'));
    expect(agencyKey('阿克苏地区')).toBe('新疆维吾尔自治区阿克苏地区'); // a 行政公署 governs it, not a 人民政府
  });

  it('keeps a name it cannot place as printed, normalised', () => {
    expect(agencyKey('朝阳区 人民政府')).toBe('朝阳区人民政府');
    expect(agencyKey('朝阳区政府')).toBe('朝阳区人民政府');
    expect(agencyKey(null)).toBeNull();
    expect(agencyKey('  ')).toBeNull();
  });
});

describe('identifyAgency', () => {
  it('gives the key, the region, and an info finding only where there is no region', () => {
    const placed = identifyAgency('沭阳县人民政府');
    expect(placed).toEqual({ agencyKey: '江苏省宿迁市沭阳县人民政府', region: { code: '321322', level: 'county', names: ['江苏省', '宿迁市', '沭阳县'] }, findings: [] });
    const shared = identifyAgency('朝阳区人民政府');
    expect(shared.region).toBeNull();
    expect(shared.findings).toEqual([expect.objectContaining({ code: 'region-ambiguous', severity: 'info', stage: 'normalize' })]);
    expect(shared.findings[0]!.message).toMatch(/北京市朝阳区 \(110105\).*吉林省长春市朝阳区 \(220104\)/);
    expect(identifyAgency('川湾市人民政府办公室').findings).toEqual([expect.objectContaining({ code: 'region-unknown', severity: 'info' })]);
  });
});

describe('the record', () => {
  it('carries the agency key and region of the agency its title names, and says why where there is none', async () => {
    const placed = await extract(new TextEncoder().encode(reportText(makeReport(3, '淮安市洪泽区人民政府', 2024))), { fileName: 'a.txt' });
    expect(placed.agencyKey).toBe('江苏省淮安市洪泽区人民政府');
    expect(placed.region).toEqual({ code: '320813', level: 'county', names: ['江苏省', '淮安市', '洪泽区'] });
    expect(placed.findings.filter((f) => f.code.startsWith('region-'))).toEqual([]);
    const invented = await extract(new TextEncoder().encode(reportText(makeReport(3, '川湾市人民政府办公室', 2024))), { fileName: 'b.txt' });
    expect(invented.agencyKey).toBe('川湾市人民政府办公室');
    expect(invented.region).toBeNull();
    expect(invented.findings.filter((f) => f.code.startsWith('region-')).map((f) => f.code)).toEqual(['region-unknown']);
  });
});
