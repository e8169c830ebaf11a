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
 *
 * Two things a guesser tries early are credited as one guess each, however long they are:
 * text that repeats earlier text of the passcode (`abcabcabc`, `Xk9#Xk9#`: only the first copy
 * counts, plus a few bits for where the copy starts), and words of the page the share is made
 * on (the trial id, the title, the site's name), which the caller passes as `pageWords`:
 * someone who guesses against a share link knows which page it opens.
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

/** The step from one character to the next; digits wrap (…8 9 0 1…), as on a keyboard row. */
function stepOf(from: string, to: string): number {
  const a = from.codePointAt(0) ?? 0;
  const b = to.codePointAt(0) ?? 0;
  if (/\d/.test(from) && /\d/.test(to)) {
    const forward = (b - a + 10) % 10;
    return forward === 1 ? 1 : forward === 9 ? -1 : b - a;
  }
  return b - a;
}

/** Characters that only repeat or continue a run (aaa, abc, 321, 7890) carry about one bit each. */
function isPredictable(previous: string | undefined, beforePrevious: string | undefined, char: string): boolean {
  if (previous === undefined) return false;
  const step = stepOf(previous, char);
  if (step === 0) return true;
  if (Math.abs(step) !== 1 || beforePrevious === undefined) return false;
  return stepOf(beforePrevious, previous) === step;
}

/** Shortest text counted as a page word or as a repeat. */
const MIN_MATCH = 3;
/** Repeats are looked for in this many characters; the rest is judged character by character. */
const REPEAT_SCAN_CHARS = 512;

/**
 * The words of `texts` (trial id, title…) as a guesser would try them: lower case, split at
 * anything that is not a letter or digit, three characters or more, plus each text with its
 * separators removed (`NCT06801119`, `atopicdermatitis`).
 */
export function pageWordsOf(texts: readonly (string | undefined)[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const plain = text.normalize('NFC').toLowerCase();
    const parts = plain.split(/[^\p{L}\p{Nd}]+/u).filter((part) => [...part].length >= MIN_MATCH);
    for (const part of parts) words.add(part);
    const joined = parts.join('');
    if ([...joined].length <= 64) words.add(joined);
    // An id's digits alone (06801119) are as easy to find as the id.
    for (const digits of plain.match(/\d{3,}/g) ?? []) words.add(digits);
  }
  return [...words];
}

interface KnownPart {
  at: number;
  length: number;
  bits: number;
}

/** Marks page words and repeats in `chars`: what a guesser gets for a handful of guesses. */
function knownParts(chars: readonly string[], pageWords: readonly string[]): KnownPart[] {
  const plain = unleet(chars);
  const taken = new Array<boolean>(plain.length).fill(false);
  const parts: KnownPart[] = [];
  const mark = (at: number, length: number, bits: number) => {
    for (let k = at; k < at + length; k += 1) taken[k] = true;
    parts.push({ at, length, bits });
  };
  // Page words, longest first: one of a few dozen guesses.
  // Compared as the passcode is: common digit-for-letter swaps undone on both sides.
  const words = [...new Set(pageWordsOf(pageWords).map((word) => unleet([...word]).join('')))]
    .map((word) => [...word])
    .sort((a, b) => b.length - a.length);
  const wordBits = Math.log2(words.length + 1) + 1;
  for (const word of words) {
    for (let at = 0; at + word.length <= plain.length; at += 1) {
      if (word.every((c, k) => !taken[at + k] && plain[at + k] === c)) mark(at, word.length, wordBits);
    }
  }
  // Repeats of earlier text (the copy may overlap its source: aaaa, abab…).
  const end = Math.min(plain.length, REPEAT_SCAN_CHARS);
  for (let i = 1; i < end; i += 1) {
    if (taken[i]) continue;
    let best = 0;
    for (let j = 0; j < i; j += 1) {
      let length = 0;
      while (i + length < end && !taken[i + length] && plain[j + length] === plain[i + length]) length += 1;
      if (length > best) best = length;
    }
    if (best >= MIN_MATCH) {
      // Where the copy starts and how long it is: a few guesses each.
      mark(i, best, Math.log2(i + 1) + Math.log2(best));
      i += best - 1;
    }
  }
  return parts.sort((a, b) => a.at - b.at);
}

/**
 * Estimated bits of `passcode` (see the module comment for the model). `pageWords` are texts
 * of the page the share is made on; see `pageWordsOf`.
 */
export function estimatePasscodeBits(passcode: string, pageWords: readonly string[] = []): number {
  const chars = [...passcode.normalize('NFC')];
  const parts = knownParts(chars, pageWords);
  if (!parts.length) return rawBits(chars);
  // The known parts become word breaks; what is left is judged as usual.
  const rest: string[] = [];
  let from = 0;
  for (const part of parts) {
    rest.push(...chars.slice(from, part.at), ' ');
    from = part.at + part.length;
  }
  rest.push(...chars.slice(from));
  const restBits = rawBits([...rest.join('').trim()]);
  return Math.round((restBits + parts.reduce((sum, part) => sum + part.bits, 0)) * 10) / 10;
}

function rawBits(chars: readonly string[]): number {
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

/**
 * Whether a passcode the reader chose is strong enough for `mode`. `pageWords`: the trial id,
 * the page title and the like (see `pageWordsOf`), credited as one guess each.
 */
export function checkPasscodeStrength(passcode: string, mode: PasscodeMode, pageWords: readonly string[] = []): PasscodeStrength {
  const rule = PASSCODE_RULES[mode];
  const base = { minLength: rule.minLength, minBits: rule.minBits };
  const chars = [...passcode.normalize('NFC')];
  const length = chars.length;
  if (length === 0) return { ok: false, bits: 0, weakness: 'empty', ...base };
  let bits = estimatePasscodeBits(passcode, pageWords);
  const common = findCommon(chars);
  if (common) {
    const rest = [...chars.slice(0, common.at), ' ', ...chars.slice(common.at + common.length)].join('');
    bits = Math.min(bits, Math.round((estimatePasscodeBits(rest.trim(), pageWords) + COMMON_BITS) * 10) / 10);
  }
  if (length < rule.minLength) return { ok: false, bits, weakness: 'too-short', ...base };
  if (common && bits < rule.minBits) return { ok: false, bits, weakness: 'common', ...base };
  if (bits < rule.minBits) return { ok: false, bits, weakness: 'too-predictable', ...base };
  return { ok: true, bits, ...base };
}
