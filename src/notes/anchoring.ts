/**
 * Describing a piece of text so it can be found again, and finding it again after the content
 * changed (DESIGN.md §5).
 *
 * A note remembers a TextQuoteSelector (the quote with ≥ 32 code points of context either
 * side), a TextPositionSelector in code points, and the fingerprint of the whole text it was
 * made on. Anchoring tries, in order:
 *
 * 1. the position, accepted only if it reproduces the quote (and the text is unchanged or the
 *    context still agrees, so a short quote that slid under the old offsets is not taken);
 * 2. an exact search for the quote: every hit, ranked by context, then by distance from the
 *    old position; a tie that position cannot break is `ambiguous`;
 * 3. a bounded fuzzy search: q-grams of the quote and of the inner ends of its context vote
 *    (through a sampled q-gram index of the text, built once per map) for where the quote may
 *    start; at most `MAX_WINDOWS` of the best places, plus the old position, are checked by
 *    edit distance in a small window. A match is accepted only with quote similarity ≥ 0.85, context
 *    similarity ≥ 0.5 and a clear lead over the runner-up; quotes shorter than
 *    `MIN_FUZZY_QUOTE` code points are never matched fuzzily;
 * 4. otherwise the note is an orphan: it keeps its quote and can be attached again.
 *
 * Offsets in `Anchor.start/end` are UTF-16 indexes into the text map; selectors use code points.
 */
import type { NoteSelectorsJson, TextPositionSelectorJson, TextQuoteSelectorJson } from '../model/annotation.ts';
import { DEFAULT_SLICE_MS, sliceTimer } from '../internal/slices.ts';
import { bestApproximate, similarity } from './approximate-match.ts';
import { buildTextMap, type TextMap } from './text-map.ts';

export { editDistance, similarity } from './approximate-match.ts';

/** The selectors' shapes are the annotation schema's (src/model/annotation.ts): one definition. */
export type TextQuoteSelector = TextQuoteSelectorJson;
/** Code point offsets into the normalised text of the root. */
export type TextPositionSelector = TextPositionSelectorJson;
/** Everything a note keeps about where it belongs. */
export type NoteSelectors = NoteSelectorsJson;

export type AnchorState = 'exact' | 'fuzzy' | 'ambiguous' | 'orphan';

export interface Anchor {
  state: AnchorState;
  /** UTF-16 index into the map's text; absent for orphans. */
  start?: number;
  end?: number;
  /**
   * The anchored text: a live Range when both ends are in one tree, else a StaticRange (a live
   * Range cannot cross a shadow boundary). Absent for orphans.
   */
  range?: AbstractRange;
  /** Similarity of the quote (1 for exact) and of its context, 0–1. */
  quoteScore?: number;
  contextScore?: number;
}

/** Code points of context kept on each side of a quote. */
export const CONTEXT_LENGTH = 32;
/** Quotes shorter than this (code points) are only ever anchored exactly. */
export const MIN_FUZZY_QUOTE = 10;
/** Longest quote (UTF-16 units) the fuzzy search will try; longer ones anchor exactly or not at all. */
export const MAX_FUZZY_QUOTE = 2000;
export const MIN_QUOTE_SIMILARITY = 0.85;
export const MIN_CONTEXT_SIMILARITY = 0.5;
/** How far the best fuzzy candidate must lead the runner-up (combined score). */
export const MIN_LEAD = 0.05;

const MAX_HITS = 1000;
const MAX_SEED_HITS = 400;
const MAX_WINDOWS = 24;
const SEED_PIECES = 8;
const CONTEXT_SEED = 16;

type Root = Node | TextMap;

function mapOf(root: Root): TextMap {
  return 'text' in root && 'fromCodePoint' in root ? root : buildTextMap(root);
}

/** Moves `index` back to the start of a surrogate pair it splits. */
function alignStart(text: string, index: number): number {
  return index > 0 && isTrail(text.charCodeAt(index)) && isLead(text.charCodeAt(index - 1)) ? index - 1 : index;
}
function alignEnd(text: string, index: number): number {
  return index < text.length && isTrail(text.charCodeAt(index)) && isLead(text.charCodeAt(index - 1)) ? index + 1 : index;
}
function isLead(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isTrail(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** `count` code points of `text` before `index`. */
function codePointsBefore(text: string, index: number, count: number): string {
  let i = index;
  for (let n = 0; n < count && i > 0; n++) i = isTrail(text.charCodeAt(i - 1)) && i > 1 && isLead(text.charCodeAt(i - 2)) ? i - 2 : i - 1;
  return text.slice(i, index);
}
/** `count` code points of `text` from `index`. */
function codePointsAfter(text: string, index: number, count: number): string {
  let i = index;
  for (let n = 0; n < count && i < text.length; n++) i += isLead(text.charCodeAt(i)) && isTrail(text.charCodeAt(i + 1)) ? 2 : 1;
  return text.slice(index, i);
}

function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (!isTrail(text.charCodeAt(i)) || i === 0 || !isLead(text.charCodeAt(i - 1))) n++;
  return n;
}

/**
 * Selectors for `range` inside `root`, or undefined when the range holds no text of the root
 * (outside it, hidden, or whitespace only). Whitespace at either end is left out of the quote.
 */
export function describeRange(root: Root, range: AbstractRange): NoteSelectors | undefined {
  const map = mapOf(root);
  const start = map.indexOf(range.startContainer, range.startOffset, 'start');
  const end = map.indexOf(range.endContainer, range.endOffset, 'end');
  if (start === undefined || end === undefined) return undefined;
  return describeSpan(map, start, end);
}

/** Selectors for `[start, end)` (UTF-16 indexes into the map's text). */
export function describeSpan(map: TextMap, start: number, end: number): NoteSelectors | undefined {
  const text = map.text;
  let from = alignStart(text, Math.max(0, start));
  let to = alignEnd(text, Math.min(text.length, end));
  while (from < to && text[from] === ' ') from++;
  while (to > from && text[to - 1] === ' ') to--;
  if (from >= to) return undefined;
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: text.slice(from, to),
      prefix: codePointsBefore(text, from, CONTEXT_LENGTH),
      suffix: codePointsAfter(text, to, CONTEXT_LENGTH),
    },
    position: { type: 'TextPositionSelector', start: map.toCodePoint(from), end: map.toCodePoint(to) },
    fingerprint: map.fingerprint,
  };
}

/** How well the text around `[start, end)` agrees with the remembered prefix and suffix. */
function contextScore(text: string, quote: TextQuoteSelector, start: number, end: number): number {
  const prefix = quote.prefix ?? '';
  const suffix = quote.suffix ?? '';
  // An empty side means the note was at the very start or end of the text.
  const before = prefix ? similarity(prefix, text.slice(Math.max(0, start - prefix.length), start)) : start === 0 ? 1 : 0;
  const after = suffix ? similarity(suffix, text.slice(end, end + suffix.length)) : end >= text.length ? 1 : 0;
  return (before + after) / 2;
}

function found(map: TextMap, state: AnchorState, start: number, end: number, quoteScore: number, context: number): Anchor {
  return { state, start, end, range: rangeFor(map, start, end), quoteScore, contextScore: context };
}

function rangeFor(map: TextMap, start: number, end: number): AbstractRange | undefined {
  const from = map.pointAt(start, 'start');
  const to = map.pointAt(end, 'end');
  if (!from || !to) return undefined;
  if (from.node.getRootNode() === to.node.getRootNode()) {
    const range = new Range();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }
  return new StaticRange({ startContainer: from.node, startOffset: from.offset, endContainer: to.node, endOffset: to.offset });
}

/** Step 1: the remembered position, shifted by `drift` UTF-16 units. */
function anchorByPosition(map: TextMap, selectors: NoteSelectors, drift: number): Anchor | undefined {
  const { position, quote } = selectors;
  if (!position) return undefined;
  const start = map.fromCodePoint(position.start) + drift;
  const end = start + quote.exact.length;
  if (start < 0 || end > map.text.length || !map.text.startsWith(quote.exact, start)) return undefined;
  const context = contextScore(map.text, quote, start, end);
  const unchanged = drift === 0 && selectors.fingerprint !== undefined && selectors.fingerprint === map.fingerprint;
  if (!unchanged && context < MIN_CONTEXT_SIMILARITY) return undefined;
  return found(map, 'exact', start, end, 1, context);
}

/** Step 2: every exact hit, ranked by context and then by position. */
function anchorByQuote(map: TextMap, selectors: NoteSelectors): Anchor | undefined {
  const { text } = map;
  const { quote, position } = selectors;
  const exact = quote.exact;
  const hits: number[] = [];
  for (let at = text.indexOf(exact); at !== -1 && hits.length < MAX_HITS; at = text.indexOf(exact, at + 1)) hits.push(at);
  if (!hits.length) return undefined;
  const short = codePointLength(exact) < MIN_FUZZY_QUOTE;
  const scored = hits.map((at) => ({ at, context: contextScore(text, quote, at, at + exact.length) }));
  scored.sort((a, b) => b.context - a.context);
  const best = scored[0]!;
  // A short quote found only in unrelated surroundings is more likely another word than the note.
  if (short && best.context < MIN_CONTEXT_SIMILARITY) return undefined;
  const second = scored[1];
  if (!second || best.context - second.context >= 0.1) return found(map, 'exact', best.at, best.at + exact.length, 1, best.context);
  // Context cannot tell them apart: the one nearest the old position wins if clearly nearer.
  const tied = scored.filter((hit) => best.context - hit.context < 0.1);
  if (position) {
    const expected = map.fromCodePoint(position.start);
    tied.sort((a, b) => Math.abs(a.at - expected) - Math.abs(b.at - expected));
    const nearest = tied[0]!;
    const runnerUp = tied[1]!;
    if (Math.abs(nearest.at - expected) * 2 < Math.abs(runnerUp.at - expected))
      return found(map, 'exact', nearest.at, nearest.at + exact.length, 1, nearest.context);
    return found(map, 'ambiguous', nearest.at, nearest.at + exact.length, 1, nearest.context);
  }
  return found(map, 'ambiguous', best.at, best.at + exact.length, 1, best.context);
}

interface FuzzyCandidate {
  start: number;
  end: number;
  quoteScore: number;
  context: number;
  total: number;
}

/*
 * A sampled q-gram index of a map's text, built once per map when a fuzzy search first needs
 * it: the positions of every GRAM_STEP-th q-gram of GRAM characters, grouped by an 18-bit hash
 * (counting sort, so it is built in short steps). Any intact run of GRAM + GRAM_STEP - 1
 * characters of a quote is found through it; hash collisions only add candidates that the
 * edit-distance check then refuses.
 */
const GRAM = 6;
const GRAM_STEP = 3;
const HASH_BITS = 18;
/** A q-gram found more often than this says nothing about where a quote is. */
const MAX_GRAM_HITS = 64;
/** Samples hashed or placed between pauses while the index is built. */
const INDEX_STEP = 65536;
/** Beyond this the index would cost more memory than scanning the text per note. */
const MAX_INDEXED_TEXT = 64_000_000;

interface SeedIndex {
  /** `positions[starts[h] .. starts[h + 1])` are the positions of hash h. */
  starts: Int32Array;
  positions: Int32Array;
}

const seedIndexes = new WeakMap<TextMap, SeedIndex>();

/** An 18-bit hash of `GRAM` characters of `text` from `at`. */
function gramHash(text: string, at: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < GRAM; i++) hash = Math.imul(hash ^ text.charCodeAt(at + i), 0x01000193);
  return (hash ^ (hash >>> 15)) & ((1 << HASH_BITS) - 1);
}

/** The seed index of a map, building it (with a yield every INDEX_STEP samples) the first time. */
function* seedIndexOf(map: TextMap): Generator<void, SeedIndex> {
  const known = seedIndexes.get(map);
  if (known) return known;
  const text = map.text;
  const count = text.length >= GRAM ? Math.floor((text.length - GRAM) / GRAM_STEP) + 1 : 0;
  const hashes = new Int32Array(count);
  const starts = new Int32Array((1 << HASH_BITS) + 1);
  for (let i = 0; i < count; i++) {
    const hash = gramHash(text, i * GRAM_STEP);
    hashes[i] = hash;
    starts[hash + 1]!++;
    if (i % INDEX_STEP === INDEX_STEP - 1) yield;
  }
  for (let h = 1; h < starts.length; h++) starts[h]! += starts[h - 1]!;
  const fill = starts.slice(0, -1);
  const positions = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    positions[fill[hashes[i]!]!++] = i * GRAM_STEP;
    if (i % INDEX_STEP === INDEX_STEP - 1) yield;
  }
  const index = { starts, positions };
  seedIndexes.set(map, index);
  return index;
}

/** Calls `visit` with every indexed position of a q-gram hash, unless there are too many. */
function lookupGram(index: SeedIndex, hash: number, visit: (at: number) => void): void {
  const from = index.starts[hash]!;
  const to = index.starts[hash + 1]!;
  if (to - from > MAX_GRAM_HITS) return;
  for (let i = from; i < to; i++) visit(index.positions[i]!);
}

/** Implied quote starts from exact occurrences of `piece` found at `offset` inside the quote. */
function seed(text: string, piece: string, offset: number, votes: Map<number, number>, bucket: number): void {
  if (!piece.trim()) return;
  const hits: number[] = [];
  for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + 1)) {
    hits.push(at);
    if (hits.length > MAX_SEED_HITS) return; // not selective: it would only add noise
  }
  for (const at of hits) {
    const key = Math.floor((at - offset) / bucket);
    votes.set(key, (votes.get(key) ?? 0) + 1);
  }
}

/**
 * Step 3, as a generator so a batch can pause between windows: yields after each verified
 * window and returns the accepted anchor, if any.
 */
function* anchorFuzzily(map: TextMap, selectors: NoteSelectors): Generator<void, Anchor | undefined> {
  const { text } = map;
  const { quote, position } = selectors;
  const exact = quote.exact;
  const m = exact.length;
  if (codePointLength(exact) < MIN_FUZZY_QUOTE || m > MAX_FUZZY_QUOTE || !text.length) return undefined;
  const errors = Math.floor(m * (1 - MIN_QUOTE_SIMILARITY));
  const bucket = Math.max(16, errors + 1);
  const votes = new Map<number, number>();

  const prefix = quote.prefix ?? '';
  const suffix = quote.suffix ?? '';
  if (text.length <= MAX_INDEXED_TEXT) {
    // Every q-gram of the quote and of the inner ends of its context votes for where the quote
    // would start; an edit only silences the q-grams it touches.
    const index = yield* seedIndexOf(map);
    const vote = (piece: string, offset: number) => {
      for (let i = 0; i + GRAM <= piece.length; i++) {
        lookupGram(index, gramHash(piece, i), (at) => {
          const key = Math.floor((at - offset - i) / bucket);
          votes.set(key, (votes.get(key) ?? 0) + 1);
        });
      }
    };
    vote(exact, 0);
    if (prefix) vote(prefix.slice(-CONTEXT_SEED), -Math.min(CONTEXT_SEED, prefix.length));
    if (suffix) vote(suffix.slice(0, CONTEXT_SEED), m);
  } else {
    // Pigeonhole: with at most `errors` edits, one of `errors + 1` pieces survives intact.
    const pieces = Math.min(SEED_PIECES, errors + 1);
    const pieceLength = Math.floor(m / pieces);
    if (pieceLength >= 4) for (let i = 0; i < pieces; i++) seed(text, exact.substr(i * pieceLength, pieceLength), i * pieceLength, votes, bucket);
    if (prefix.length >= CONTEXT_SEED) seed(text, prefix.slice(-CONTEXT_SEED), -CONTEXT_SEED, votes, bucket);
    if (suffix.length >= CONTEXT_SEED) seed(text, suffix.slice(0, CONTEXT_SEED), m, votes, bucket);
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  // A place with a small share of the best place's votes cannot hold a close match: most of a
  // close match's q-grams are intact. (Few votes overall: check them all.)
  const enough = Math.max(1, Math.floor((ranked[0]?.[1] ?? 0) / 4));
  const keys = ranked
    .filter(([, count]) => count >= enough)
    .slice(0, MAX_WINDOWS)
    .map(([key]) => key);
  if (position) keys.push(Math.floor(map.fromCodePoint(position.start) / bucket));
  keys.sort((a, b) => a - b);

  // Merge neighbouring buckets into windows wide enough for the quote and its edits.
  const windows: [number, number][] = [];
  for (const key of keys) {
    const from = Math.max(0, key * bucket - errors);
    const to = Math.min(text.length, (key + 1) * bucket + m + errors);
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }

  const candidates: FuzzyCandidate[] = [];
  for (const [from, to] of windows) {
    const match = bestApproximate(text, from, to, exact);
    const quoteScore = 1 - match.distance / Math.max(m, match.end - match.start);
    if (quoteScore >= MIN_QUOTE_SIMILARITY - 0.1) {
      const context = contextScore(text, quote, match.start, match.end);
      candidates.push({ start: match.start, end: match.end, quoteScore, context, total: quoteScore * 0.6 + context * 0.4 });
    }
    yield;
  }
  candidates.sort((a, b) => b.total - a.total);
  const best = candidates[0];
  if (!best || best.quoteScore < MIN_QUOTE_SIMILARITY || best.context < MIN_CONTEXT_SIMILARITY) return undefined;
  const runnerUp = candidates.find((c) => c.end <= best.start || c.start >= best.end);
  if (runnerUp && best.total - runnerUp.total < MIN_LEAD) return undefined;
  return found(map, 'fuzzy', best.start, best.end, best.quoteScore, best.context);
}

function run<T>(generator: Generator<void, T>): T {
  for (;;) {
    const step = generator.next();
    if (step.done) return step.value;
  }
}

const ORPHAN: Anchor = Object.freeze({ state: 'orphan' }) as Anchor;

/** Anchors one note in `root` (an element, or a TextMap already built for it). */
export function anchor(root: Root, selectors: NoteSelectors): Anchor {
  const map = mapOf(root);
  if (!selectors.quote.exact) return ORPHAN;
  return (
    anchorByPosition(map, selectors, 0) ?? anchorByQuote(map, selectors) ?? run(anchorFuzzily(map, selectors)) ?? ORPHAN
  );
}

export interface AnchorAllOptions {
  /** Longest stretch of work (ms) before yielding to the event loop. */
  slice?: number;
  signal?: AbortSignal;
}

/**
 * Anchors many notes over one text map. Positions are checked first, in text order, carrying
 * the drift of the last note found so that an insertion early in the text does not send every
 * later note to a full search; then exact searches, then fuzzy searches. Work is cut into
 * slices of at most `slice` ms (default 8) with a yield between them, so no task runs long.
 * Results are in the order of `list`.
 */
export async function anchorAll(map: TextMap, list: readonly NoteSelectors[], options: AnchorAllOptions = {}): Promise<Anchor[]> {
  const results: (Anchor | undefined)[] = new Array(list.length);
  const { pause } = sliceTimer(options.slice ?? DEFAULT_SLICE_MS, options.signal);

  const order = list.map((_, i) => i).sort((a, b) => (list[a]!.position?.start ?? 0) - (list[b]!.position?.start ?? 0));
  const pending: number[] = [];
  let drift = 0;
  for (const i of order) {
    const selectors = list[i]!;
    if (!selectors.quote.exact) {
      results[i] = ORPHAN;
      continue;
    }
    const result = anchorByPosition(map, selectors, 0) ?? (drift ? anchorByPosition(map, selectors, drift) : undefined);
    if (result && selectors.position) {
      drift = result.start! - map.fromCodePoint(selectors.position.start);
      results[i] = result;
    } else pending.push(i);
    await pause();
  }

  const fuzzy: number[] = [];
  for (const i of pending) {
    const result = anchorByQuote(map, list[i]!);
    if (result) results[i] = result;
    else fuzzy.push(i);
    await pause();
  }

  for (const i of fuzzy) {
    const search = anchorFuzzily(map, list[i]!);
    let step = search.next();
    while (!step.done) {
      await pause();
      step = search.next();
    }
    results[i] = step.value ?? ORPHAN;
    await pause();
  }
  return results as Anchor[];
}
