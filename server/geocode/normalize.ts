/** Turning what someone typed into the keys the gazetteer is indexed by. */

/** Letters NFKD does not take apart into a base letter and a mark. */
const FOLDED: Readonly<Record<string, string>> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/**
 * Lower case, no accents, no punctuation, single spaces: "Zürich" and "zurich", "København" and
 * "kobenhavn", "St. John's" and "st johns" give the same key. Apostrophes vanish rather than
 * split a word, so "St Johns" still matches.
 */
export function placeKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæœßđðłþı]/g, (letter) => FOLDED[letter] ?? letter)
    .replace(/['’ʼ`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Longest query the geocoder reads; longer ones are refused before anything looks at them. */
export const MAX_QUERY_LENGTH = 200;

/** C0 and C1 controls and text-direction overrides: nothing a place name contains. */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const HIDDEN = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export type QueryCheck = { ok: true; query: string } | { ok: false; message: string };

/** Whether a query is worth looking up; `query` is the trimmed text with single spaces. */
export function checkQuery(raw: string): QueryCheck {
  if (raw.length > MAX_QUERY_LENGTH) return { ok: false, message: `Type a place of at most ${MAX_QUERY_LENGTH} characters.` };
  if (HIDDEN.test(raw)) return { ok: false, message: 'Remove control or text-direction characters from the place.' };
  const query = raw.trim().replace(/\s+/g, ' ');
  if (!query) return { ok: false, message: 'Type a city, region, country or postal code.' };
  return { ok: true, query };
}
