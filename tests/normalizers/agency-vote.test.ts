import { voteAgency } from '../../normalizers/agency-vote.js';

describe("a scan's agency name against the document's other printings of it", () => {
  test('a character the title misread is taken as most printings read it', () => {
    // the title misreads 塘; the running headers print the name twice, once with another misreading (埠 as 轿)
    const text = ['安埠县龙墙乡人民政府2021年政府信息公开工作年度报告', '安轿县龙塘乡人民政府2021年政府信息公开工作年', '本年度，我乡……', '安埠县龙塘乡人民政府2021年政府信息公开工作年度报告'].join(
      '\n',
    );
    expect(voteAgency('安埠县龙墙乡人民政府', text)).toEqual({ agency: '安埠县龙塘乡人民政府', printings: 3 });
  });

  test('a tie keeps the title; a name no printing reads whole is not made up', () => {
    expect(voteAgency('河口市亮山区财政局', '河口市亮山区财政局2020年……\n河口市嘉山区财政局')).toBeUndefined();
    // 光 and 询 each once: no majority for another character
    expect(voteAgency('凤台市石光区人民政府', '凤台市石光区人民政府2022年\n通过石询区人民政府门户网站')).toBeUndefined();
    // the printings outvote the title's 墙, but each misreads another character: no printing reads their name whole
    expect(voteAgency('安埠县龙墙乡人民政府', '安埠县龙墙乡人民政府\n安轿县龙塘乡人民政府\n安埠县龙塘多人民政府')).toBeUndefined();
  });

  test('a running header read alike on every page counts once', () => {
    // the title reads 凤坝县 right; the small header on three pages reads 具 each time
    const text = ['凤坝具人民政府', '凤坝县人民政府2022年政府信息公开工作年度报告', '凤坝具人民政府', '……', '凤坝具人民政府'].join('\n');
    expect(voteAgency('凤坝县人民政府', text)).toBeUndefined();
  });

  test('another organ of the same place is another agency, however often the body names it', () => {
    const text = '河口市嘉山区财政局2020年政府信息公开工作年度报告\n会同河口市嘉山区教育局……河口市嘉山区教育局……河口市嘉山区教育局';
    expect(voteAgency('河口市嘉山区财政局', text)).toBeUndefined();
  });
});
