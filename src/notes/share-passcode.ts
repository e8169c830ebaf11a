/**
 * Passcodes for share links: a generator (the default) and a strength floor for passcodes a
 * reader types in.
 *
 * Generated passcodes are groups of lowercase letters and digits without look-alikes (no
 * 0/o, 1/l/i), so they can be read out over the phone; 16 symbols from 31 carry 79 bits.
 *
 * The strength check is a conservative estimate, not a guarantee. It follows NIST SP 800-63B
 * in spirit (length and a blocklist, no composition rules) and credits only what a guesser
 * cannot predict: runs of four or more letters, and words between spaces, count as words
 * (2.2 bits a letter, at most 12 for a word between spaces, about what random dictionary words give), years and repeated or sequential characters count
 * almost nothing. Server mode needs less because the server limits guesses; fragment mode
 * (no server, offline guessing against the link) needs a passcode that survives that.
 */

export type PasscodeMode = 'server' | 'fragment';

const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** Minimum length (code points) and estimated bits, per mode. */
export const PASSCODE_RULES: Record<PasscodeMode, { minLength: number; minBits: number }> = {
  server: { minLength: 8, minBits: 30 },
  fragment: { minLength: 14, minBits: 60 },
};

/** A random passcode: `groups` groups of `groupSize` symbols joined by `-`. */
export function generatePasscode(groups = 4, groupSize = 4): string {
  const symbols: string[] = [];
  const limit = 256 - (256 % ALPHABET.length);
  while (symbols.length < groups * groupSize) {
    for (const byte of crypto.getRandomValues(new Uint8Array(groups * groupSize * 2))) {
      // Rejection sampling keeps every symbol equally likely.
      if (byte < limit && symbols.length < groups * groupSize) symbols.push(ALPHABET[byte % ALPHABET.length]!);
    }
  }
  const out: string[] = [];
  for (let i = 0; i < groups; i += 1) out.push(symbols.slice(i * groupSize, (i + 1) * groupSize).join(''));
  return out.join('-');
}

/** Bits a generated passcode carries. */
export function generatedPasscodeBits(groups = 4, groupSize = 4): number {
  return groups * groupSize * Math.log2(ALPHABET.length);
}

export type PasscodeWeakness = 'empty' | 'too-short' | 'common' | 'too-predictable';

export interface PasscodeStrength {
  ok: boolean;
  /** Conservative estimate of the bits a guesser must cover. */
  bits: number;
  /** Why it falls short; absent when `ok`. */
  weakness?: PasscodeWeakness;
  /** The rule applied. */
  minLength: number;
  minBits: number;
}

/**
 * Fragments of passcodes that guessers try first. Matched case-insensitively after common
 * digit-for-letter swaps, anywhere in the passcode.
 */
const COMMON = [
  'password',
  'passwort',
  'passcode',
  'qwerty',
  'azerty',
  'asdfgh',
  'letmein',
  'iloveyou',
  'welcome',
  'admin',
  'secret',
  'trustno1',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'abc123',
  '123456',
  'trialkit',
  'clinical',
];

const LEET: Record<string, string> = { '0': 'o', '1': 'l', '!': 'l', '|': 'l', '3': 'e', '4': 'a', '@': 'a', '5': 's', $: 's', '7': 't' };

/** One character per character: lower case, common digit-for-letter swaps undone. */
function unleet(chars: readonly string[]): string[] {
  return chars.map((c) => {
    const lower = c.toLowerCase();
    return LEET[c] ?? ([...lower].length === 1 ? lower : c);
  });
}

/** Where a common passcode fragment sits in `chars`, if anywhere. */
function findCommon(chars: readonly string[]): { at: number; length: number } | undefined {
  const plain = unleet(chars);
  for (const word of COMMON) {
    const letters = [...word];
    for (let at = 0; at + letters.length <= plain.length; at += 1) {
      if (letters.every((c, k) => plain[at + k] === c)) return { at, length: letters.length };
    }
  }
  return undefined;
}

/** Bits of a common fragment: it is one of a few hundred guesses, whatever its length. */
const COMMON_BITS = 8;

type CharClass = 'letter' | 'digit' | 'space' | 'other';

function classOf(char: string): CharClass {
  if (/\p{L}/u.test(char)) return 'letter';
  if (/\p{Nd}/u.test(char)) return 'digit';
  if (/\s/u.test(char)) return 'space';
  return 'other';
}

/** Characters that only repeat or continue a run (aaa, abc, 321) carry about one bit each. */
function isPredictable(previous: string | undefined, beforePrevious: string | undefined, char: string): boolean {
  if (previous === undefined) return false;
  const step = (char.codePointAt(0) ?? 0) - (previous.codePointAt(0) ?? 0);
  if (step === 0) return true;
  if (Math.abs(step) !== 1 || beforePrevious === undefined) return false;
  return (previous.codePointAt(0) ?? 0) - (beforePrevious.codePointAt(0) ?? 0) === step;
}

/** Estimated bits of `passcode` (see the module comment for the model). */
export function estimatePasscodeBits(passcode: string): number {
  const chars = [...passcode.normalize('NFC')];
  let bits = 0;
  let i = 0;
  while (i < chars.length) {
    const kind = classOf(chars[i]!);
    let end = i + 1;
    while (end < chars.length && classOf(chars[end]!) === kind) end += 1;
    const run = chars.slice(i, end);
    // A space between two runs separates words; spaces at either end separate nothing.
    const spaceBefore = /\s/u.test(chars[i - 1] ?? '') && chars.slice(0, i).some((c) => !/\s/u.test(c));
    const spaceAfter = /\s/u.test(chars[end] ?? '') && chars.slice(end).some((c) => !/\s/u.test(c));
    const besideSpace = spaceBefore || spaceAfter;
    bits += runBits(kind, run, besideSpace);
    i = end;
  }
  return Math.round(bits * 10) / 10;
}

/** A dictionary word carries about 11–13 bits however long it is. */
const WORD_BITS_CAP = 12;

function runBits(kind: CharClass, run: string[], besideSpace: boolean): number {
  let fresh = 0;
  let predictable = 0;
  run.forEach((char, k) => {
    if (isPredictable(run[k - 1], run[k - 2], char)) predictable += 1;
    else fresh += 1;
  });
  switch (kind) {
    case 'letter': {
      // Two or three letters between digits and symbols are random; beside a space, a word.
      if (run.length <= 3 && !besideSpace) return fresh * Math.log2(26) + predictable;
      // Latin letters without a vowel are not a word (hfrz, qxtm).
      if (!besideSpace && run.every((c) => /[a-z]/i.test(c)) && !run.some((c) => /[aeiou]/i.test(c))) {
        return fresh * Math.log2(26) + predictable;
      }
      const inner = run.slice(1);
      const mixedCase = inner.some((c) => c !== c.toLowerCase()) && inner.some((c) => c !== c.toUpperCase());
      const firstUpper = run[0] !== run[0]!.toLowerCase();
      if (mixedCase) return fresh * Math.log2(52) + predictable;
      // Only a run between spaces is known to be one word; glued words keep 2.2 a letter.
      const letters = fresh * 2.2 + predictable;
      return (besideSpace ? Math.min(WORD_BITS_CAP, letters) : letters) + (firstUpper ? 1 : 0);
    }
    case 'digit': {
      const text = run.join('');
      if (/^(19|20)\d\d$/.test(text)) return 7;
      return fresh * Math.log2(10) + predictable;
    }
    case 'space':
      // Word separators: guessers try a space between words first.
      return run.length;
    default:
      return fresh * 5 + predictable;
  }
}

/** Whether a passcode the reader chose is strong enough for `mode`. */
export function checkPasscodeStrength(passcode: string, mode: PasscodeMode): PasscodeStrength {
  const rule = PASSCODE_RULES[mode];
  const base = { minLength: rule.minLength, minBits: rule.minBits };
  const chars = [...passcode.normalize('NFC')];
  const length = chars.length;
  if (length === 0) return { ok: false, bits: 0, weakness: 'empty', ...base };
  let bits = estimatePasscodeBits(passcode);
  const common = findCommon(chars);
  if (common) {
    const rest = [...chars.slice(0, common.at), ' ', ...chars.slice(common.at + common.length)].join('');
    bits = Math.min(bits, Math.round((estimatePasscodeBits(rest.trim()) + COMMON_BITS) * 10) / 10);
  }
  if (length < rule.minLength) return { ok: false, bits, weakness: 'too-short', ...base };
  if (common && bits < rule.minBits) return { ok: false, bits, weakness: 'common', ...base };
  if (bits < rule.minBits) return { ok: false, bits, weakness: 'too-predictable', ...base };
  return { ok: true, bits, ...base };
}
