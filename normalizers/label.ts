/**
 * Label text for matching against the template: traditional characters to
 * simplified (the few hundred that occur in these forms), then only Han
 * characters, letters and digits kept — punctuation, spaces, quotes and
 * brackets vary too much between sources to carry meaning. `normalizeLabel`
 * keeps a map back to the input positions so a match can be located.
 */

const TRAD =
  '規範數開資訊處請結轉機關議訴總計內務與複審維糾學業構會組織許強罰費檔項條於屬護權執徵詢沒現製補確認獲應當時為類過國險穩經報況題進據聯錄辦號門發廢額萬單採購對歷來體這種並況儘實際層級區縣鄉鎮街辦職責設專欄網站眾務導導覽參與諮詢釋圖會議聽證統籌協調監督懲處違紀訊息環境衛生醫療養老財產稅務價價格種類說明屆時優異動態顯著問題整改';
const SIMP =
  '规范数开资讯处请结转机关议讼总计内务与复审维纠学业构会组织许强罚费档项条于属护权执征询没现制补确认获应当时为类过国险稳经报况题进据联录办号门发废额万单采购对历来体这种并况尽实际层级区县乡镇街办职责设专栏网站众务导导览参与咨询释图会议听证统筹协调监督惩处违纪讯息环境卫生医疗养老财产税务价价格种类说明届时优异动态显著问题整改';
const TO_SIMPLE = new Map<string, string>();
for (let i = 0; i < Math.min(TRAD.length, SIMP.length); i++) TO_SIMPLE.set(TRAD[i]!, SIMP[i]!);

/** Traditional characters of the table above as simplified; every other character as it is. */
export function toSimplified(s: string): string {
  let out = '';
  for (const ch of s) out += TO_SIMPLE.get(ch) ?? ch;
  return out;
}

/** Characters that carry a label's meaning: Han, Latin letters, digits. */
const KEEP = /[\p{Script=Han}A-Za-z0-9]/gu;

export interface NormalizedLabel {
  text: string;
  /** For each character of `text`, its index in the input string. */
  map: number[];
}

export function normalizeLabel(input: string): NormalizedLabel {
  const src = input.normalize('NFKC');
  let text = '';
  const map: number[] = [];
  // NFKC can change length (rarely, for these sources); map by code unit of the normalized string.
  for (const m of src.matchAll(KEEP)) {
    const ch = TO_SIMPLE.get(m[0]) ?? m[0];
    text += ch;
    // one map entry per code unit: a character outside the BMP takes two
    for (let u = 0; u < ch.length; u++) map.push(m.index!);
  }
  return { text, map };
}

/** Template labels and keywords are few and asked for often: their keys are kept. */
const KEYS = new Map<string, string>();
const MAX_KEYS = 4096;

/** The normalized text alone. */
export function labelKey(s: string): string {
  let key = KEYS.get(s);
  if (key === undefined) {
    key = normalizeLabel(s).text;
    if (KEYS.size < MAX_KEYS) KEYS.set(s, key);
  }
  return key;
}
