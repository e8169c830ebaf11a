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
export function lazyPattern(source: string, flags: string): () => RegExp {
  let pattern: RegExp | undefined;
  return () => (pattern ??= new RegExp(source, flags));
}

/**
 * A test that answers like `new RegExp(unicodeSource, 'u')`: `ascii`, which must give the same
 * answers on ASCII text, for ASCII text, and the Unicode pattern, built on first use, for the rest.
 */
export function characterTest(ascii: RegExp, unicodeSource: string): (text: string) => boolean {
  const unicode = lazyPattern(unicodeSource, 'u');
  return (text) => (isAscii(text) ? ascii.test(text) : unicode().test(text));
}

/**
 * Whether one character is white space, punctuation or a symbol (`/[\s\p{P}\p{S}]/u`); in
 * ASCII, every character but letters, digits and control characters.
 */
export const isSpacePunctuationOrSymbol = characterTest(/^[\t\n\v\f\r !-/:-@[-`{-~]$/, '^[\\s\\p{P}\\p{S}]$');
