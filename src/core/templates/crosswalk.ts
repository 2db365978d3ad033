/**
 * Cells of the 2019 and 2021 formats that count the same thing, for
 * comparing an agency across the change of form. Tables 三 and 四 keep their
 * keys in both formats (except （六）, one row in 2019, three in 2021); table
 * 二 was redrawn, and only these of its cells correspond. Data, not code:
 * a pair is listed once, 2021 key first.
 */
export const COUNTERPARTS_2021_2019: readonly (readonly [string, string])[] = [
  ['proactive.rules.issued', 'proactive.rules.made'],
  ['proactive.normativeDocuments.issued', 'proactive.normativeDocuments.made'],
  ['proactive.licensing.decisions', 'proactive.licensing.decisions'],
  ['proactive.penalty.decisions', 'proactive.penalty.decisions'],
  ['proactive.coercion.decisions', 'proactive.coercion.decisions'],
];

/** The cell of the other format that counts the same thing, if any. */
export function counterpart(key: string, template: string): string | undefined {
  if (template !== '2021' && template !== '2019') return undefined;
  if (/^(requests|reviewLitigation)\./.test(key)) {
    // 2019's one （六） row is the sum of 2021's three
    if (key.startsWith('requests.otherHandling.')) {
      const column = key.slice(key.lastIndexOf('.') + 1);
      return template === '2019' ? `requests.otherHandling.{noCorrection,unpaidFee,other}.${column} (their sum)` : `requests.otherHandling.all.${column} (the sum of the three rows)`;
    }
    return key;
  }
  const pair = COUNTERPARTS_2021_2019.find(([a, b]) => (template === '2021' ? a : b) === key);
  return pair ? (template === '2021' ? pair[1] : pair[0]) : undefined;
}
