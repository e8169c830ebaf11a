/**
 * Letter, number and punctuation tests that answer like `\p{L}`, `\p{N}` and `\p{P}` without
 * paying for them on ASCII text. A pattern with a Unicode property class takes the regular
 * expression engine milliseconds to build the first time a page runs it (with the `i` flag,
 * several), and on a fresh page that was most of the eligibility parse. Nearly all trial text
 * is ASCII, so each test here takes an ASCII pattern first and builds its Unicode pattern only
 * for text that needs it.
 */

// eslint-disable-next-line no-control-regex -- ASCII is defined from U+0000 on.
const NON_ASCII = /[^\x00-\x7f]/;

/** Whether every character of `text` is ASCII. */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** A pattern built on first use, so a page that never needs it never compiles it. */
function lazyPattern(source: string, flags: string): () => RegExp {
  let pattern: RegExp | undefined;
  return () => (pattern ??= new RegExp(source, flags));
}

const unicodeWords = lazyPattern('[\\p{L}\\p{N}]+', 'gu');
const unicodeLabelWord = lazyPattern("^[\\p{L}\\d'’/-]+$", 'u');
const unicodeNameWord = lazyPattern("^[\\p{L}'’/-]+$", 'u');
const unicodeUpperOrDigit = lazyPattern('^[\\p{Lu}\\d]', 'u');
const unicodeSpaceOrPunctuation = lazyPattern('^[\\s\\p{P}]$', 'u');
const unicodeSpacePunctuationOrSymbol = lazyPattern('^[\\s\\p{P}\\p{S}]$', 'u');

/** The runs of letters and digits in `text` (`/[\p{L}\p{N}]+/gu`). */
export function wordsOf(text: string): string[] {
  return text.match(isAscii(text) ? /[A-Za-z0-9]+/g : unicodeWords()) ?? [];
}

/** Whether `word` is letters, digits and `'’/-` only (`/^[\p{L}\d'’/-]+$/u`): a heading's leading word. */
export function isHeadingWord(word: string): boolean {
  return isAscii(word) ? /^[A-Za-z0-9'/-]+$/.test(word) : unicodeLabelWord().test(word);
}

/** Whether `word` is letters and `'’/-` only (`/^[\p{L}'’/-]+$/u`): a word of an "… criteria:" heading's name. */
export function isNameWord(word: string): boolean {
  return isAscii(word) ? /^[A-Za-z'/-]+$/.test(word) : unicodeNameWord().test(word);
}

/** Whether `text` starts with an upper-case letter or a digit (`/^[\p{Lu}\d]/u`). */
export function startsUpperOrDigit(text: string): boolean {
  const first = String.fromCodePoint(text.codePointAt(0) ?? 0);
  return isAscii(first) ? /^[A-Z0-9]/.test(first) : unicodeUpperOrDigit().test(first);
}

// ASCII's `\p{P}`: every printable symbol but $ + < = > ^ ` | ~, which are `\p{S}`.
const ASCII_SPACE_OR_PUNCTUATION = /^[\t\n\v\f\r !"#%&'()*,\-./:;?@[\\\]_{}]$/;

function isSpaceOrPunctuation(char: string): boolean {
  return isAscii(char) ? ASCII_SPACE_OR_PUNCTUATION.test(char) : unicodeSpaceOrPunctuation().test(char);
}

/** Whether one character is white space, punctuation or a symbol (`/[\s\p{P}\p{S}]/u`). */
export function isSpacePunctuationOrSymbol(char: string): boolean {
  // In ASCII that is every character but letters, digits and control characters.
  return isAscii(char) ? /^[\t\n\v\f\r !-/:-@[-`{-~]$/.test(char) : unicodeSpacePunctuationOrSymbol().test(char);
}

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
