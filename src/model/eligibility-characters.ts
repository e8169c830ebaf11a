/**
 * The eligibility parser's letter, word and punctuation tests, each answering like the Unicode
 * pattern it names with an ASCII pattern for ASCII text (character-classes.ts says why).
 */
import { characterTest, isAscii, lazyPattern } from './character-classes.ts';

const unicodeWords = lazyPattern('[\\p{L}\\p{N}]+', 'gu');

/** The runs of letters and digits in `text` (`/[\p{L}\p{N}]+/gu`). */
export function wordsOf(text: string): string[] {
  return text.match(isAscii(text) ? /[A-Za-z0-9]+/g : unicodeWords()) ?? [];
}

/** Whether `word` is letters, digits and `'’/-` only (`/^[\p{L}\d'’/-]+$/u`): a heading's leading word. */
export const isHeadingWord = characterTest(/^[A-Za-z0-9'/-]+$/, "^[\\p{L}\\d'’/-]+$");

/** Whether `word` is letters and `'’/-` only (`/^[\p{L}'’/-]+$/u`): a word of an "… criteria:" heading's name. */
export const isNameWord = characterTest(/^[A-Za-z'/-]+$/, "^[\\p{L}'’/-]+$");

/** Whether `text` starts with an upper-case letter or a digit (`/^[\p{Lu}\d]/u`). */
export const startsUpperOrDigit = characterTest(/^[A-Z0-9]/, '^[\\p{Lu}\\d]');

// ASCII's `\p{P}`: every printable symbol but $ + < = > ^ ` | ~, which are `\p{S}`.
const isSpaceOrPunctuation = characterTest(/^[\t\n\v\f\r !"#%&'()*,\-./:;?@[\\\]_{}]$/, '^[\\s\\p{P}]$');

/**
 * `text` without white space and punctuation at either end (`/^[\s\p{P}]+|[\s\p{P}]+$/gu`),
 * read a character at a time from each end, so a long text costs no more than its ends.
 */
export function trimPunctuation(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end) {
    const char = String.fromCodePoint(text.codePointAt(start)!);
    if (!isSpaceOrPunctuation(char)) break;
    start += char.length;
  }
  while (end > start) {
    // The last character may be the low half of a surrogate pair.
    const low = text.charCodeAt(end - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && end - 2 >= start ? 2 : 1;
    if (!isSpaceOrPunctuation(text.slice(end - width, end))) break;
    end -= width;
  }
  return text.slice(start, end);
}
