/**
 * An OCR'd agency name checked against the rest of its document. A scan's
 * title misreads a character of the name (凤台市石沟区 as 石光区) that the
 * document prints again: in its running headers, its signature, its body.
 * Each character of the name is taken as most of its printings read it.
 */

/** The shortest name voted on: shorter ones match too much of the body by chance. */
const MIN_NAME = 5;
/**
 * The name's last characters, its organ (人民政府, 财政局), that a printing
 * must read exactly: another organ of the same place (嘉山区教育局 in the
 * report of 嘉山区财政局) is another agency, not a misreading.
 */
const ORGAN = 3;

export interface AgencyVote {
  /** The name as most printings read it, character by character. */
  agency: string;
  /** How many printings were read (the title's among them). */
  printings: number;
}

/**
 * The name as the document prints it most often, where that differs from
 * `agency` and is itself printed somewhere whole; undefined otherwise. A
 * printing is any stretch of `text` as long as the name that ends as it does
 * (ORGAN) and differs from it in at most a quarter of its characters (OCR
 * misreads some of every printing); a tie keeps the title's character.
 * Lines of `text` read alike count once: a running header printed on every
 * page in one small type is misread alike on every page (凤坝县 as 凤坝具).
 */
export function voteAgency(agency: string, text: string): AgencyVote | undefined {
  const name = [...agency];
  const n = name.length;
  if (n < MIN_NAME) return undefined;
  const most = Math.floor(n / 4);
  const printings: string[][] = [];
  for (const line of new Set(text.split('\n'))) {
    const chars = [...line];
    for (let i = 0; i + n <= chars.length; i++) {
      let differ = 0;
      for (let k = 0; k < n && differ <= most; k++) if (chars[i + k] !== name[k]) differ += k >= n - ORGAN ? n : 1;
      if (differ <= most) printings.push(chars.slice(i, i + n));
    }
  }
  const voted = name.map((own, k) => {
    const counts = new Map<string, number>();
    for (const p of printings) counts.set(p[k]!, (counts.get(p[k]!) ?? 0) + 1);
    let best = own;
    for (const [c, count] of counts) if (count > (counts.get(best) ?? 0)) best = c;
    return best;
  });
  const result = voted.join('');
  if (result === agency || !text.includes(result)) return undefined;
  return { agency: result, printings: printings.length };
}
