import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { PASSCODE_RULES, checkPasscodeStrength, estimatePasscodeBits, generatePasscode, generatedPasscodeBits, pageWordsOf } from './share-passcode.ts';

describe('share passcodes', () => {
  it('generates strong, distinct passcodes without look-alike characters', () => {
    const seen = new Set<string>();
    let estimatedStrong = 0;
    for (let i = 0; i < 200; i += 1) {
      const passcode = generatePasscode();
      expect(passcode).to.match(/^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){3}$/);
      if (checkPasscodeStrength(passcode, 'fragment').ok) estimatedStrong += 1;
      seen.add(passcode);
    }
    expect(seen.size).to.equal(200);
    // The real strength is known (79 bits); the estimator, built for typed passcodes, is
    // deliberately pessimistic about groups that look like words (about 1 in 130 fall short).
    expect(generatedPasscodeBits()).to.be.above(78);
    expect(estimatedStrong).to.be.at.least(190);
    expect(generatePasscode(2, 5)).to.match(/^[^-]{5}-[^-]{5}$/);
  });

  it('uses every symbol about equally often', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i += 1) {
      for (const c of generatePasscode().replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).to.equal(31);
    const expected = (2000 * 16) / 31;
    for (const [symbol, n] of counts) expect(Math.abs(n - expected) / expected, symbol).to.be.below(0.15);
  });

  it('refuses short, common and predictable passcodes', () => {
    const weak: [string, 'server' | 'fragment', string][] = [
      ['', 'server', 'empty'],
      ['abc', 'server', 'too-short'],
      ['password123', 'server', 'common'],
      ['P@ssw0rd-2024!!', 'server', 'common'],
      ['aaaaaaaaaaaa', 'server', 'too-predictable'],
      ['1234567890123', 'server', 'too-predictable'],
      ['Summer2024!', 'server', 'too-predictable'],
      ['correct horse battery staple', 'fragment', 'too-predictable'],
      ['x9#Lm2$pQ7', 'fragment', 'too-short'],
    ];
    for (const [passcode, mode, weakness] of weak) {
      const result = checkPasscodeStrength(passcode, mode);
      expect(result.ok, passcode).to.equal(false);
      expect(result.weakness, passcode).to.equal(weakness);
    }
  });

  it('accepts long passphrases and random strings, stricter in fragment mode', () => {
    expect(checkPasscodeStrength('correct horse battery staple', 'server').ok).to.equal(true);
    expect(checkPasscodeStrength('x9#Lm2$pQ7', 'server').ok).to.equal(true);
    expect(checkPasscodeStrength('correct horse battery staple tonight', 'fragment').ok).to.equal(true);
    expect(checkPasscodeStrength('Kh8!tq2Zp9-wV4#mr', 'fragment').ok).to.equal(true);
    expect(PASSCODE_RULES.fragment.minBits).to.be.above(PASSCODE_RULES.server.minBits);
    expect(PASSCODE_RULES.fragment.minLength).to.be.above(PASSCODE_RULES.server.minLength);
  });

  it('does not credit repetition, however long', () => {
    for (const passcode of [
      'aaaaaaaaaaaa',
      'abcabcabcabc',
      '123456789012',
      'abcabcabcabcabcabcabcabcabcabcabcabc',
      'a'.repeat(64),
      '1234567890'.repeat(4),
      'Xk9#Xk9#Xk9#Xk9#Xk9#Xk9#',
      'plum plum plum plum plum plum',
    ]) {
      const bits = estimatePasscodeBits(passcode);
      expect(bits, passcode).to.be.below(PASSCODE_RULES.server.minBits);
      expect(checkPasscodeStrength(passcode, 'server').ok, passcode).to.equal(false);
    }
    // Repeating a strong passcode adds a few bits, not its own strength again.
    const once = estimatePasscodeBits('Kh8!tq2Zp9-wV4#mr');
    expect(estimatePasscodeBits('Kh8!tq2Zp9-wV4#mrKh8!tq2Zp9-wV4#mr') - once).to.be.below(12);
  });

  it('credits words of the page (trial id, title, site) as one guess each', () => {
    const page = ['NCT06801119', 'A study of dupilumab in adults with atopic dermatitis', 'hospital.example'];
    for (const passcode of ['NCT06801119 dupilumab', 'atopic dermatitis dupilumab adults', '06801119 Atopic Dermatitis', 'hospital-dupilumab-nct06801119']) {
      expect(checkPasscodeStrength(passcode, 'server').ok, `${passcode} without page words`).to.equal(true);
      const judged = checkPasscodeStrength(passcode, 'server', page);
      expect(judged.ok, passcode).to.equal(false);
      expect(judged.weakness, passcode).to.equal('too-predictable');
    }
    // Words the page does not hold keep their credit.
    expect(checkPasscodeStrength('correct horse battery staple', 'server', page).ok).to.equal(true);
    expect(pageWordsOf(['NCT06801119', 'Atopic dermatitis'])).to.include.members(['nct06801119', 'atopic', 'dermatitis']);
  });

  it('counts spaces at the ends as part of the passcode and stays finite for any input', () => {
    expect(estimatePasscodeBits(' zq7w ')).to.be.above(estimatePasscodeBits('zq7w'));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (passcode) => {
        const bits = estimatePasscodeBits(passcode);
        expect(bits).to.be.at.least(0);
        expect(Number.isFinite(bits)).to.equal(true);
        // Fragment mode is never easier than server mode.
        if (checkPasscodeStrength(passcode, 'fragment').ok) expect(checkPasscodeStrength(passcode, 'server').ok).to.equal(true);
      }),
    );
  });
});
