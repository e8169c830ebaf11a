import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { isAscii, isSpacePunctuationOrSymbol } from './character-classes.ts';
import { isHeadingWord, isNameWord, startsUpperOrDigit, trimPunctuation, wordsOf } from './eligibility-characters.ts';

/** Every code point but the surrogate halves, as one-character strings. */
function everyCharacter(): string[] {
  const chars: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) chars.push(String.fromCodePoint(cp));
  return chars;
}

/** Text mixing ASCII with letters, marks, punctuation and symbols from elsewhere, astral ones included. */
const mixedText = fc.string({
  unit: fc.constantFrom(...'aZ09 -\'’/.:;,()!?*_—–…“”«»¿¡ßÆøÄéİıſKΣσςЖжあ中한١٢𝐀𝑎😀\t\n\u00a0\u2028'.split(/(?:)/u)),
  maxLength: 40,
});

describe('character classes', () => {
  const chars = everyCharacter();

  it('answer like their Unicode patterns for every character', () => {
    const cases: Array<[string, (char: string) => boolean, RegExp]> = [
      ['isHeadingWord', isHeadingWord, /^[\p{L}\d'’/-]+$/u],
      ['isNameWord', isNameWord, /^[\p{L}'’/-]+$/u],
      ['startsUpperOrDigit', startsUpperOrDigit, /^[\p{Lu}\d]/u],
      ['isSpacePunctuationOrSymbol', isSpacePunctuationOrSymbol, /^[\s\p{P}\p{S}]$/u],
    ];
    for (const [name, test, pattern] of cases) {
      const wrong = chars.filter((char) => test(char) !== pattern.test(char));
      expect(wrong.map((char) => char.codePointAt(0)!.toString(16)), name).to.deep.equal([]);
    }
  });

  it('tell ASCII text from the rest', () => {
    expect(isAscii('Inclusion criteria: age ≥ 18')).to.equal(false);
    expect(isAscii('Inclusion criteria: age >= 18\n')).to.equal(true);
    expect(chars.filter((char) => isAscii(char)).length).to.equal(128);
  });

  it('find the same words as /[\\p{L}\\p{N}]+/gu', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        expect(wordsOf(text)).to.deep.equal(text.match(/[\p{L}\p{N}]+/gu) ?? []);
      }),
    );
    expect(wordsOf('Age 18–65, ECOG 0-1')).to.deep.equal(['Age', '18', '65', 'ECOG', '0', '1']);
  });

  it('trim white space and punctuation like /^[\\s\\p{P}]+|[\\s\\p{P}]+$/gu', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        expect(trimPunctuation(text)).to.equal(text.replace(/[\s\p{P}]+$/u, '').replace(/^[\s\p{P}]+/u, ''));
      }),
    );
    expect(trimPunctuation(' — None. ')).to.equal('None');
    expect(trimPunctuation('…')).to.equal('');
    // Symbols are not punctuation, and an astral character at an end stays whole.
    expect(trimPunctuation('$5 +')).to.equal('$5 +');
    expect(trimPunctuation('. 😀 .')).to.equal('😀');
  });
});
