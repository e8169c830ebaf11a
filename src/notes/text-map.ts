/**
 * The text a reader sees inside a root, as one string, with a map back to DOM positions.
 *
 * The walk follows the flat tree: light DOM, the open shadow roots of elements inside the root
 * (with slotted children where their slot renders them), in rendered order. It skips what is
 * never shown as text (script, style, template, noscript, `hidden` subtrees, form controls'
 * inner text).
 *
 * The string is normalised so that a note survives cosmetic changes: every whitespace
 * character (including no-break spaces) reads as one space, runs of whitespace collapse to one,
 * and block boundaries and `<br>` count as a space. Offsets inside this module are UTF-16
 * indexes into `text`; `toCodePoint` and `fromCodePoint` convert to and from the Unicode code
 * point offsets used at the API level (TextPositionSelector).
 *
 * One file of about 500 lines on purpose: the walk that builds the map and the lookups that
 * read it share the segment layout, which stays private to this module.
 */
import { DEFAULT_SLICE_MS, firstIndex, sliceTimer } from '../internal/slices.ts';

/** Elements whose content is never rendered as text. */
const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'NOSCRIPT',
  'TEXTAREA',
  'SELECT',
  'OPTION',
  'IFRAME',
  'OBJECT',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
]);

/** Elements that start a new line of text when rendered; their edges read as a space. */
const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);

const WHITESPACE = /\s/;
const WHITESPACE_ALL = /\s/g;
/** Whitespace other than a plain space (replacing every space would cost more than the walk). */
const ODD_WHITESPACE = /[^\S ]/;
const NEEDS_COLLAPSE = /\s\s/;

/** One text node's share of the map. */
interface Segment {
  node: Text;
  /** UTF-16 index in `text` where this node's normalised text starts. */
  start: number;
  /** UTF-16 index in `text` just after it. */
  end: number;
  /**
   * For nodes whose whitespace was collapsed or dropped: the node offset of each character of
   * the segment. Absent when the segment is the node's data one to one, from offset `skip`.
   */
  offsets: Uint32Array | undefined;
  /** Characters of the node dropped before the segment's first character (collapsed space). */
  skip: number;
}

/** A DOM boundary point. */
/** Whether an element starts a new line of text (its edges read as a space in the map). */
export function isBlockElement(element: Element): boolean {
  return BLOCKS.has(element.tagName) || !!element.shadowRoot;
}

export interface DomPoint {
  node: Node;
  offset: number;
}

export class TextMap {
  /** The normalised text. */
  readonly text: string;
  /** Open shadow roots found during the walk, outermost first. */
  readonly shadowRoots: readonly ShadowRoot[];
  readonly #segments: Segment[];
  readonly #byNode: Map<Text, number>;
  /** UTF-16 indexes of the lead surrogates of astral characters, ascending. */
  readonly #astral: Int32Array;
  #fingerprint: string | undefined;

  /** @internal Built by `buildTextMap`. */
  constructor(text: string, segments: Segment[], shadowRoots: ShadowRoot[]) {
    this.text = text;
    this.#segments = segments;
    this.shadowRoots = shadowRoots;
    this.#byNode = new Map();
    segments.forEach((segment, index) => this.#byNode.set(segment.node, index));
    const astral: number[] = [];
    const pairs = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
    for (let match = pairs.exec(text); match; match = pairs.exec(text)) astral.push(match.index);
    this.#astral = Int32Array.from(astral);
  }

  /** Length of `text` in code points. */
  get codePointLength(): number {
    return this.text.length - this.#astral.length;
  }

  /** Text nodes in map order. */
  get textNodes(): Text[] {
    return this.#segments.map((segment) => segment.node);
  }

  /** A short hash of the whole text, to tell whether the content changed since a note was made. */
  get fingerprint(): string {
    return (this.#fingerprint ??= fingerprintOf(this.text));
  }

  /** Code point offset of a UTF-16 index. */
  toCodePoint(index: number): number {
    return index - countBelow(this.#astral, index);
  }

  /** UTF-16 index of a code point offset (clamped to the text). */
  fromCodePoint(offset: number): number {
    const astral = this.#astral;
    // The k-th astral character sits at code point offset astral[k] - k.
    const before = firstIndex(astral.length, (k) => astral[k]! - k >= offset);
    return Math.min(this.text.length, Math.max(0, offset + before));
  }

  /** Whether a node's text is part of the map. */
  has(node: Node): boolean {
    return this.#byNode.has(node as Text);
  }

  /**
   * The map index of a DOM boundary point. `side` says which way to look when the point is not
   * inside mapped text (an element boundary, hidden text): `start` takes the next mapped
   * character, `end` the previous one. Undefined when the point is outside the mapped text.
   */
  indexOf(node: Node, offset: number, side: 'start' | 'end'): number | undefined {
    const segmentIndex = this.#byNode.get(node as Text);
    if (segmentIndex !== undefined) return this.#indexInSegment(this.#segments[segmentIndex]!, offset);
    const text = side === 'start' ? this.#nextMappedText(node, offset) : this.#previousMappedText(node, offset);
    if (!text) return undefined;
    const segment = this.#segments[this.#byNode.get(text)!]!;
    return side === 'start' ? segment.start : segment.end;
  }

  /** The DOM point of a map index; `side` decides which node a boundary between nodes belongs to. */
  pointAt(index: number, side: 'start' | 'end'): DomPoint | undefined {
    const segments = this.#segments;
    if (!segments.length) return undefined;
    // Last segment whose start <= index (for starts) or < index (for ends); the first if none.
    const low = Math.max(0, firstIndex(segments.length, (i) => (side === 'start' ? segments[i]!.start > index : segments[i]!.start >= index)) - 1);
    let segment = segments[low]!;
    if (side === 'start' && index >= segment.end && low + 1 < segments.length) {
      // Index is a collapsed space between nodes: begin at the next node.
      segment = segments[low + 1]!;
      return { node: segment.node, offset: this.#nodeOffset(segment, segment.start) };
    }
    const clamped = Math.max(segment.start, Math.min(index, segment.end));
    return { node: segment.node, offset: this.#nodeOffset(segment, clamped) };
  }

  /** A live Range over `[start, end)` (UTF-16 map indexes), or undefined if it cannot be made. */
  rangeOf(start: number, end: number): Range | undefined {
    const from = this.pointAt(start, 'start');
    const to = this.pointAt(end, 'end');
    if (!from || !to) return undefined;
    const range = new Range();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  /**
   * `[start, end)` split into one Range per run of text nodes in the same tree (document or
   * shadow root): a Range cannot cross a shadow boundary, and highlights need one per tree.
   */
  rangesByTree(start: number, end: number): Range[] {
    const ranges: Range[] = [];
    const segments = this.#segments;
    let first = this.#segmentAtOrAfter(start);
    while (first < segments.length && segments[first]!.start < end) {
      const root = segments[first]!.node.getRootNode();
      let last = first;
      while (last + 1 < segments.length && segments[last + 1]!.start < end && segments[last + 1]!.node.getRootNode() === root) last++;
      const a = segments[first]!;
      const b = segments[last]!;
      const from = Math.max(start, a.start);
      const to = Math.min(end, b.end);
      if (to > from) {
        const range = new Range();
        range.setStart(a.node, this.#nodeOffset(a, from));
        range.setEnd(b.node, this.#nodeOffset(b, to));
        if (!range.collapsed) ranges.push(range);
      }
      first = last + 1;
    }
    return ranges;
  }

  #segmentAtOrAfter(index: number): number {
    const segments = this.#segments;
    return firstIndex(segments.length, (i) => segments[i]!.end > index);
  }

  #indexInSegment(segment: Segment, offset: number): number {
    const { offsets } = segment;
    if (!offsets) return segment.start + Math.max(0, Math.min(offset - segment.skip, segment.end - segment.start));
    // First character whose node offset is >= offset.
    return segment.start + firstIndex(offsets.length, (i) => offsets[i]! >= offset);
  }

  #nodeOffset(segment: Segment, index: number): number {
    const local = index - segment.start;
    const { offsets } = segment;
    if (!offsets) return segment.skip + local;
    if (local >= offsets.length) return offsets.length ? offsets[offsets.length - 1]! + 1 : 0;
    return offsets[local]!;
  }

  /** The first mapped text node at or after a boundary point, in flat-tree order. */
  #nextMappedText(node: Node, offset: number): Text | undefined {
    const isText = node.nodeType === Node.TEXT_NODE;
    let container: Node | null = isText ? node.parentNode : node;
    let child: Node | null = isText ? node.nextSibling : (node.childNodes[offset] ?? null);
    while (container) {
      for (let current = child; current; current = current.nextSibling) {
        const found = this.#firstMapped(current);
        if (found) return found;
      }
      if (container instanceof ShadowRoot) {
        child = container.host.nextSibling;
        container = container.host.parentNode;
      } else {
        child = container.nextSibling;
        container = container.parentNode;
      }
    }
    return undefined;
  }

  /** The last mapped text node before a boundary point, in flat-tree order. */
  #previousMappedText(node: Node, offset: number): Text | undefined {
    const isText = node.nodeType === Node.TEXT_NODE;
    let container: Node | null = isText ? node.parentNode : node;
    let child: Node | null = isText ? node.previousSibling : offset > 0 ? (node.childNodes[offset - 1] ?? null) : null;
    while (container) {
      for (let current = child; current; current = current.previousSibling) {
        const found = this.#lastMapped(current);
        if (found) return found;
      }
      if (container instanceof ShadowRoot) {
        child = container.host.previousSibling;
        container = container.host.parentNode;
        continue;
      }
      child = container.previousSibling;
      container = container.parentNode;
    }
    return undefined;
  }

  #firstMapped(node: Node): Text | undefined {
    let found: Text | undefined;
    walkFlat(node, (text) => {
      if (this.#byNode.has(text)) {
        found = text;
        return true;
      }
      return false;
    });
    return found;
  }

  #lastMapped(node: Node): Text | undefined {
    let found: Text | undefined;
    walkFlat(node, (text) => {
      if (this.#byNode.has(text)) found = text;
      return false;
    });
    return found;
  }
}

function countBelow(sorted: Int32Array, value: number): number {
  return firstIndex(sorted.length, (i) => sorted[i]! >= value);
}

/** Two 32-bit FNV-1a variants side by side, plus the length: cheap and good enough to detect change. */
export function fingerprintOf(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}:${text.length}`;
}

/** Whether an element's subtree is never rendered as text. */
function isSkipped(element: Element): boolean {
  if (SKIPPED.has(element.tagName)) return true;
  if ((element as HTMLElement).hidden) return true;
  return false;
}

/**
 * Visits the text nodes under `node` in flat-tree order (as `buildTextMap` walks, skipped
 * elements left out); `visit` returns true to stop. Used to resolve boundary points.
 */
function walkFlat(node: Node, visit: (text: Text) => boolean): boolean {
  if (node.nodeType === Node.TEXT_NODE) return visit(node as Text);
  if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE && node.nodeType !== Node.DOCUMENT_NODE)
    return false;
  let children: Iterable<Node> = node.childNodes;
  if (node.nodeType === Node.ELEMENT_NODE) {
    const element = node as Element;
    if (isSkipped(element)) return false;
    if (element.shadowRoot) children = element.shadowRoot.childNodes;
    else if (element.tagName === 'SLOT') {
      const assigned = (element as HTMLSlotElement).assignedNodes();
      if (assigned.length) children = assigned;
    }
  }
  for (const child of children) if (walkFlat(child, visit)) return true;
  return false;
}

/**
 * Maps the text under `root`. The root's own shadow root is not walked (a wrapper such as
 * `<trial-notes>` keeps its interface there); its light children are, in order.
 */
export function buildTextMap(root: Node): TextMap {
  const steps = textMapSteps(root);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `buildTextMap` cut into slices of about `slice` ms with a yield to the event loop between
 * them, for large content. If the DOM changes meanwhile the map may mix old and new text;
 * callers that observe mutations rebuild it.
 */
export async function buildTextMapAsync(root: Node, slice = DEFAULT_SLICE_MS): Promise<TextMap> {
  const steps = textMapSteps(root);
  const slices = sliceTimer(slice);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slices.spent) await slices.pause();
  }
}

/** Text nodes visited between chances to pause. */
const NODES_PER_STEP = 256;

/** The walk of `buildTextMap`, yielding every NODES_PER_STEP text nodes. */
function* textMapSteps(root: Node): Generator<void, TextMap> {
  const parts: string[] = [];
  const segments: Segment[] = [];
  const shadowRoots: ShadowRoot[] = [];
  let length = 0;
  // Whether the text so far ends in a (collapsed) space; true at the start so leading
  // whitespace is dropped.
  let lastWasSpace = true;
  let pendingSpace = false;

  const onBlock = () => {
    if (!lastWasSpace) pendingSpace = true;
  };
  const visit = (node: Text): boolean => {
    const data = node.data;
    if (!data) return false;
    if (pendingSpace) {
      pendingSpace = false;
      if (!lastWasSpace) {
        parts.push(' ');
        length++;
        lastWasSpace = true;
      }
    }
    const first = data.charCodeAt(0);
    const startsWithSpace = first === 32 || (first < 128 ? first >= 9 && first <= 13 : WHITESPACE.test(data[0]!));
    if (!NEEDS_COLLAPSE.test(data) && !(lastWasSpace && startsWithSpace)) {
      // Fast path: the node maps one to one.
      const normal = ODD_WHITESPACE.test(data) ? data.replace(WHITESPACE_ALL, ' ') : data;
      parts.push(normal);
      segments.push({ node, start: length, end: length + normal.length, offsets: undefined, skip: 0 });
      length += normal.length;
      lastWasSpace = normal.charCodeAt(normal.length - 1) === 32;
      return false;
    }
    // Slow path: collapse runs of whitespace, remembering each kept character's node offset.
    const pieces: string[] = [];
    const all = new Uint32Array(data.length);
    let kept = 0;
    let at = 0;
    const keep = (from: number, to: number) => {
      pieces.push(data.slice(from, to));
      for (let i = from; i < to; i++) all[kept++] = i;
      lastWasSpace = false;
    };
    const runs = /\s+/g;
    for (let match = runs.exec(data); match; match = runs.exec(data)) {
      if (match.index > at) keep(at, match.index);
      if (!lastWasSpace) {
        pieces.push(' ');
        all[kept++] = match.index;
        lastWasSpace = true;
      }
      at = match.index + match[0].length;
    }
    if (at < data.length) keep(at, data.length);
    if (!kept) return false;
    const out = pieces.join('');
    parts.push(out);
    const skip = all[0]!;
    let identity = true;
    for (let i = 1; i < kept && identity; i++) identity = all[i] === skip + i;
    segments.push({ node, start: length, end: length + out.length, offsets: identity ? undefined : all.slice(0, kept), skip });
    length += out.length;
    return false;
  };

  // The flat-tree walk (as `walkFlat`), with an explicit stack so it can pause.
  const rootIsElement = root.nodeType === Node.ELEMENT_NODE || root.nodeType === Node.DOCUMENT_FRAGMENT_NODE;
  // Children given to a named slot of the root (its own interface, e.g. a share button) are not content.
  const top = rootIsElement ? [...root.childNodes].filter((child) => !(child.nodeType === Node.ELEMENT_NODE && (child as Element).slot)) : [root];
  const stack: { nodes: ArrayLike<Node>; index: number; block: boolean }[] = [{ nodes: top, index: 0, block: false }];
  let visited = 0;
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.nodes.length) {
      stack.pop();
      if (frame.block) onBlock();
      continue;
    }
    const node = frame.nodes[frame.index++]!;
    if (node.nodeType === Node.TEXT_NODE) {
      visit(node as Text);
      if (++visited % NODES_PER_STEP === 0) yield;
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    const element = node as Element;
    if (isSkipped(element)) continue;
    const shadow = element.shadowRoot;
    let children: ArrayLike<Node> = element.childNodes;
    if (shadow) {
      shadowRoots.push(shadow);
      children = shadow.childNodes;
    } else if (element.tagName === 'SLOT') {
      const assigned = (element as HTMLSlotElement).assignedNodes();
      if (assigned.length) children = assigned;
    }
    const block = BLOCKS.has(element.tagName) || !!shadow;
    if (block) onBlock();
    stack.push({ nodes: children, index: 0, block });
  }

  let text = parts.join('');
  // A trailing collapsed space belongs to no note; drop it so the text ends in a character.
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    const last = segments[segments.length - 1];
    if (last && last.end > text.length) {
      last.end = text.length;
      if (last.offsets) last.offsets = last.offsets.subarray(0, last.end - last.start);
      if (last.end === last.start) segments.pop();
    }
  }
  return new TextMap(text, segments, shadowRoots);
}
