/**
 * Georgian names in Latin letters, by the national romanisation system (2002), and a folded
 * search key so that a name typed in Georgian or in any common Latin spelling finds the person.
 */
const NATIONAL: Record<string, string> = {
  ა: 'a', ბ: 'b', გ: 'g', დ: 'd', ე: 'e', ვ: 'v', ზ: 'z', თ: 't', ი: 'i', კ: "k'", ლ: 'l', მ: 'm', ნ: 'n', ო: 'o',
  პ: "p'", ჟ: 'zh', რ: 'r', ს: 's', ტ: "t'", უ: 'u', ფ: 'p', ქ: 'k', ღ: 'gh', ყ: "q'", შ: 'sh', ჩ: 'ch', ც: 'ts',
  ძ: 'dz', წ: "ts'", ჭ: "ch'", ხ: 'kh', ჯ: 'j', ჰ: 'h',
};

/** `ნინო ბერიძე` → `Nino Beridze` (national system, ejectives with an apostrophe). */
export function toLatin(georgian: string): string {
  const latin = [...georgian].map((ch) => NATIONAL[ch] ?? ch).join('');
  return latin.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, first: string) => sep + first.toUpperCase());
}

/**
 * The search key: Latin, lower case, letters only, with the spellings people commonly use for
 * the same Georgian letter brought together (q/k, ph/p, th/t, x/kh, tch/ch, dj/j, w/v, y/i).
 */
export function foldName(text: string): string {
  return toLatin(text)
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z\s]/g, '')
    .replace(/tch/g, 'ch')
    .replace(/dj/g, 'j')
    .replace(/x/g, 'kh')
    .replace(/ph/g, 'p')
    .replace(/th/g, 't')
    .replace(/q/g, 'k')
    .replace(/w/g, 'v')
    .replace(/y/g, 'i')
    .replace(/\s+/g, ' ')
    .trim();
}
