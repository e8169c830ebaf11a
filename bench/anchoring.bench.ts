/**
 * Anchoring benchmark (DESIGN.md §9): 500 notes on ~1 MB of text, anchored once with the text
 * unchanged and once after 20% of the notes' paragraphs were edited (a word inserted before the
 * quote and a typo inside it, which shifts every later offset), trialkit beside
 * @apache-annotator/dom's exact matcher and dom-anchor-text-quote on the same page and text.
 * Order: trialkit (unchanged, edited), then the text is restored and each peer runs on both
 * states, so one library's garbage collection does not land in another's timings.
 *
 * Runs in a browser page (headless Chromium). Both peers ship CommonJS pieces, so bundle this
 * module (esbuild/Vite) before loading it. The bench runner calls `runAnchoringBench()`.
 *
 * Result shape (`AnchoringBenchResult`), all times in milliseconds:
 * {
 *   textChars, paragraphs, notes, edited,               // the workload
 *   budget: { exactMs: 150, longestTaskMs: 50 },         // DESIGN.md §9
 *   trialkit: {
 *     exact:  { totalMs, mapMs, anchorMs, longestTaskMs, states: {exact, fuzzy, ambiguous, orphan} },
 *     edited: { totalMs, mapMs, anchorMs, longestTaskMs, states },
 *   },
 *   apacheAnnotator:     { exact: PeerRun, edited: PeerRun },
 *   domAnchorTextQuote:  { exact: PeerRun, edited: PeerRun },
 * }
 * PeerRun = { totalMs, longestTaskMs, found, notes } — `found` counts notes the peer anchored
 * (for dom-anchor-text-quote, fuzzy matches included); peers run on `notes` notes (all 500
 * unless `peerNotes` limits them) — or { error } when the peer could not be loaded.
 * Peers are imported lazily so one missing peer does not stop the rest: @apache-annotator/dom
 * 0.2.0 imports @apache-annotator/selector at run time without declaring it as a dependency,
 * so that package must be installed next to it.
 * `longestTaskMs` is the longest main-thread task the 'longtask' PerformanceObserver saw
 * (it only reports tasks over 50 ms, so 0 means none was that long); `totalMs` for trialkit
 * includes building the text map (in slices, as `<trial-notes>` does when content changes).
 */
import { anchorAll, describeRange, type AnchorState, type NoteSelectors } from '../src/notes/anchoring.ts';
import { buildTextMap, buildTextMapAsync } from '../src/notes/text-map.ts';

export interface TrialkitRun {
  totalMs: number;
  mapMs: number;
  anchorMs: number;
  longestTaskMs: number;
  states: Record<AnchorState, number>;
}

export type PeerRun =
  | {
      totalMs: number;
      longestTaskMs: number;
      found: number;
      notes: number;
    }
  | { error: string };

export interface AnchoringBenchResult {
  textChars: number;
  paragraphs: number;
  notes: number;
  edited: number;
  budget: { exactMs: number; longestTaskMs: number };
  trialkit: { exact: TrialkitRun; edited: TrialkitRun };
  apacheAnnotator: { exact: PeerRun; edited: PeerRun };
  domAnchorTextQuote: { exact: PeerRun; edited: PeerRun };
}

export interface AnchoringBenchOptions {
  /** Characters of text to build (default 1,000,000). */
  chars?: number;
  notes?: number;
  /** Share of notes whose paragraph is edited (default 0.2). */
  editedShare?: number;
  /** Run the peers on only this many notes (default all); they are much slower. */
  peerNotes?: number;
  seed?: number;
}

const WORDS =
  'patients study trial dose weeks visit blood kidney lupus therapy placebo randomised screening consent eligibility criteria adverse events safety efficacy protocol baseline follow-up outcome measure primary secondary endpoint cohort arm infusion tablet daily twice monthly investigator sponsor site centre enrolment withdrawal pregnancy contraception laboratory urine protein creatinine biopsy response remission flare steroid hydroxychloroquine mycophenolate belimumab rituximab antibody complement nephritis proteinuria glomerular filtration rate hypertension diabetes infection vaccine questionnaire fatigue pain quality life'.split(
    ' ',
  );

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next: () => number): string {
  const count = 8 + Math.floor(next() * 14);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(WORDS[Math.floor(next() * WORDS.length)]!);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)} ${Math.floor(next() * 1000)}.`;
}

interface Note {
  paragraph: number;
  /** Offset and length of the quote inside the paragraph's text node. */
  offset: number;
  length: number;
}

/** Watches long tasks while `work` runs; returns the longest one seen (0 if none over 50 ms). */
async function measured<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number; longestTaskMs: number }> {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  try {
    observer.observe({ type: 'longtask', buffered: false });
  } catch {
    // no long task timing here: the longest task stays unknown (0)
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  // Long task entries are delivered after the task ends.
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (const entry of observer.takeRecords()) longest = Math.max(longest, entry.duration);
  observer.disconnect();
  return { value, ms: round(ms), longestTaskMs: round(longest) };
}

/** Lays the page out and lets a frame pass, so the browser's own work on the changed DOM is not counted. */
async function settle(container: HTMLElement): Promise<void> {
  void container.offsetHeight;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function countStates(states: AnchorState[]): Record<AnchorState, number> {
  const counts: Record<AnchorState, number> = { exact: 0, fuzzy: 0, ambiguous: 0, orphan: 0 };
  for (const state of states) counts[state]++;
  return counts;
}

async function runTrialkit(container: HTMLElement, selectors: NoteSelectors[]): Promise<TrialkitRun> {
  let mapMs = 0;
  const run = await measured(async () => {
    const t0 = performance.now();
    const map = await buildTextMapAsync(container);
    mapMs = performance.now() - t0;
    return anchorAll(map, selectors);
  });
  return {
    totalMs: run.ms,
    mapMs: round(mapMs),
    anchorMs: round(run.ms - mapMs),
    longestTaskMs: run.longestTaskMs,
    states: countStates(run.value.map((anchor) => anchor.state)),
  };
}

interface PeerSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
}

/** Selectors on the raw `textContent`, which is what both peers search. */
function peerSelectors(container: HTMLElement, notes: Note[]): PeerSelector[] {
  const raw = container.textContent ?? '';
  const starts: number[] = [];
  let at = 0;
  for (const p of container.children) {
    starts.push(at);
    at += p.textContent!.length;
  }
  return notes.map((note) => {
    const start = starts[note.paragraph]! + note.offset;
    const end = start + note.length;
    return {
      type: 'TextQuoteSelector',
      exact: raw.slice(start, end),
      prefix: raw.slice(Math.max(0, start - 32), start),
      suffix: raw.slice(end, end + 32),
      start,
    };
  });
}

async function loadPeer<T>(load: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await load();
  } catch (error) {
    return { error: `could not load: ${String(error)}` };
  }
}

type ApacheModule = typeof import('@apache-annotator/dom');
type TextQuoteModule = typeof import('dom-anchor-text-quote');

async function runApache(peer: ApacheModule | { error: string }, container: HTMLElement, selectors: PeerSelector[]): Promise<PeerRun> {
  if ('error' in peer) return peer;
  const { createTextQuoteSelectorMatcher } = peer;
  const run = await measured(async () => {
    let found = 0;
    for (const { type, exact, prefix, suffix } of selectors) {
      const matches = createTextQuoteSelectorMatcher({ type, exact, prefix, suffix })(container);
      // Read every match, as disambiguation needs them all.
      let any = false;
      for await (const _match of matches) any = true;
      if (any) found++;
    }
    return found;
  });
  return { totalMs: run.ms, longestTaskMs: run.longestTaskMs, found: run.value, notes: selectors.length };
}

async function runDomAnchorTextQuote(peer: TextQuoteModule | { error: string }, container: HTMLElement, selectors: PeerSelector[]): Promise<PeerRun> {
  if ('error' in peer) return peer;
  const textQuote = peer;
  const run = await measured(() => {
    let found = 0;
    for (const { exact, prefix, suffix, start } of selectors) {
      if (textQuote.toRange(container, { exact, prefix, suffix }, { hint: start })) found++;
    }
    return found;
  });
  return { totalMs: run.ms, longestTaskMs: run.longestTaskMs, found: run.value, notes: selectors.length };
}

export async function runAnchoringBench(options: AnchoringBenchOptions = {}): Promise<AnchoringBenchResult> {
  const chars = options.chars ?? 1_000_000;
  const noteCount = options.notes ?? 500;
  const editedShare = options.editedShare ?? 0.2;
  const next = random(options.seed ?? 20261127);

  const container = document.createElement('div');
  let total = 0;
  const paragraphs: string[] = [];
  while (total < chars) {
    let text = '';
    while (text.length < 150) text += `${sentence(next)} `;
    text = text.trimEnd();
    paragraphs.push(text);
    total += text.length + 1;
  }
  for (const text of paragraphs) {
    const p = document.createElement('p');
    p.textContent = `${text} `;
    container.append(p);
  }
  document.body.append(container);

  // Notes: 3–10 words from random paragraphs, one note per paragraph at most.
  const notes: Note[] = [];
  const used = new Set<number>();
  while (notes.length < noteCount) {
    const paragraph = Math.floor(next() * paragraphs.length);
    if (used.has(paragraph)) continue;
    used.add(paragraph);
    const text = paragraphs[paragraph]!;
    const spaces = [...text.matchAll(/ /g)].map((match) => match.index);
    const words = 3 + Math.floor(next() * 8);
    const first = Math.floor(next() * Math.max(1, spaces.length - words));
    const offset = first === 0 ? 0 : spaces[first - 1]! + 1;
    const end = spaces[first + words - 1] ?? text.length;
    notes.push({ paragraph, offset, length: end - offset });
  }

  const initialMap = buildTextMap(container);
  const selectors = notes.map((note) => {
    const node = container.children[note.paragraph]!.firstChild!;
    const range = new Range();
    range.setStart(node, note.offset);
    range.setEnd(node, note.offset + note.length);
    return describeRange(initialMap, range)!;
  });
  const peerCount = Math.min(noteCount, options.peerNotes ?? noteCount);
  const peerBefore = peerSelectors(container, notes).slice(0, peerCount);

  const apache = await loadPeer(() => import('@apache-annotator/dom'));
  const datq = await loadPeer(() => import('dom-anchor-text-quote'));

  // Edit 20% of the notes' paragraphs: a word inserted at the start, a typo inside the quote.
  const editedCount = Math.round(noteCount * editedShare);
  const editedNodes = Array.from({ length: editedCount }, (_, i) => notes[Math.floor((i * noteCount) / editedCount)]!);
  const originals = editedNodes.map((note) => (container.children[note.paragraph]!.firstChild as Text).data);
  const edit = () => {
    for (const note of editedNodes) {
      const node = container.children[note.paragraph]!.firstChild as Text;
      const typoAt = note.offset + Math.floor(note.length / 2);
      const data = node.data;
      node.data = `Edited ${data.slice(0, typoAt)}${data[typoAt + 1] ?? ''}${data[typoAt]}${data.slice(typoAt + 2)}`;
    }
  };
  const restore = () => editedNodes.forEach((note, i) => ((container.children[note.paragraph]!.firstChild as Text).data = originals[i]!));

  // trialkit first, so the peers' garbage (dom-anchor-text-quote allocates a lot) does not
  // land in its tasks; then the text is restored and the peers run on the same two states.
  await settle(container);
  const exact = await runTrialkit(container, selectors);
  edit();
  await settle(container);
  const edited = await runTrialkit(container, selectors);
  restore();
  await settle(container);
  const apacheExact = await runApache(apache, container, peerBefore);
  const datqExact = await runDomAnchorTextQuote(datq, container, peerBefore);
  edit();
  await settle(container);
  const apacheEdited = await runApache(apache, container, peerBefore);
  const datqEdited = await runDomAnchorTextQuote(datq, container, peerBefore);
  container.remove();

  return {
    textChars: initialMap.text.length,
    paragraphs: paragraphs.length,
    notes: noteCount,
    edited: editedCount,
    budget: { exactMs: 150, longestTaskMs: 50 },
    trialkit: { exact, edited },
    apacheAnnotator: { exact: apacheExact, edited: apacheEdited },
    domAnchorTextQuote: { exact: datqExact, edited: datqEdited },
  };
}
