/**
 * Note highlights through the CSS Custom Highlight API: ranges are registered in
 * `CSS.highlights` and painted by `::highlight()` rules, so the host page's DOM is never
 * touched (no wrapper elements, no split text nodes).
 *
 * `::highlight()` rules only reach text in the tree whose styles hold them, so the rules are
 * adopted (`adoptedStyleSheets`) by the document or shadow root of every piece of highlighted
 * text, and taken back out by `clear()`.
 *
 * Each note may cover several trees; its span is cut into one Range per tree. Where notes
 * overlap (or are identical) the shared part is painted again by a darker, higher-priority
 * highlight, so overlaps stay visible.
 */
import type { AnchorState } from './anchoring.ts';
import type { TextMap } from './text-map.ts';

export interface HighlightSpan {
  id: string;
  /** UTF-16 indexes into the map's text. */
  start: number;
  end: number;
  state: AnchorState;
}

interface PaintedSpan extends HighlightSpan {
  ranges: Range[];
}

let instances = 0;

/** Whether this browser paints custom highlights. */
export function highlightsSupported(): boolean {
  return typeof Highlight !== 'undefined' && typeof CSS !== 'undefined' && 'highlights' in CSS;
}

/**
 * Default colours of each kind of highlight, `[background, text]`, for light and dark pages.
 * Both are always set, so highlighted text keeps its contrast whatever the page's own text
 * colour is (a dark page's light text on the light yellow read at 1.03:1). Every pair is at
 * least 4.5:1 (tested). Host pages override them with the `--trial-note-highlight*` tokens.
 */
export const HIGHLIGHT_COLOURS = {
  light: { note: ['#fde68a', '#1b1f24'], ambiguous: ['#e0e7ff', '#1b1f24'], overlap: ['#fbbf24', '#1b1f24'], active: ['#fdba74', '#1b1f24'] },
  dark: { note: ['#854d0e', '#fefce8'], ambiguous: ['#3730a3', '#eef2ff'], overlap: ['#a16207', '#ffffff'], active: ['#9a3412', '#fff7ed'] },
} as const;

type Kind = keyof (typeof HIGHLIGHT_COLOURS)['light'];
const TOKEN: Record<Kind, string> = {
  note: '--trial-note-highlight',
  ambiguous: '--trial-note-highlight-ambiguous',
  overlap: '--trial-note-highlight-overlap',
  active: '--trial-note-highlight-active',
};

function colourRule(name: string, kind: Kind, scheme: 'light' | 'dark', extra = ''): string {
  const [background, text] = HIGHLIGHT_COLOURS[scheme][kind];
  return `::highlight(${name}) { background-color: var(${TOKEN[kind]}, ${background}); color: var(${TOKEN[kind]}-text, ${text});${extra} }`;
}

/**
 * The CSS of the highlight rules for a set of names; custom properties let the host page
 * restyle them. In forced colours every highlight is Mark/MarkText (never Highlight, which is
 * what a text selection looks like); the active one is told apart by a thick underline.
 */
function highlightCss(names: NoteHighlighter['names']): string {
  const rules = (scheme: 'light' | 'dark') =>
    [
      colourRule(names.note, 'note', scheme),
      colourRule(names.ambiguous, 'ambiguous', scheme, ' text-decoration: underline dashed;'),
      colourRule(names.overlap, 'overlap', scheme),
      colourRule(names.active, 'active', scheme, ' text-decoration: underline;'),
    ].join('\n');
  return `
${rules('light')}
@media (prefers-color-scheme: dark) {
${rules('dark')}
}
@media (forced-colors: active) {
  ::highlight(${names.note}), ::highlight(${names.ambiguous}), ::highlight(${names.overlap}), ::highlight(${names.active}) { background-color: Mark; color: MarkText; }
  ::highlight(${names.active}) { text-decoration: underline 3px; }
}`;
}

export class NoteHighlighter {
  /** The highlight names this instance registers (unique per instance, so two wrappers on a page do not clash). */
  readonly names: { note: string; ambiguous: string; overlap: string; active: string };
  #sheet: CSSStyleSheet | undefined;
  #roots = new Set<Document | ShadowRoot>();
  #spans: PaintedSpan[] = [];
  #map: TextMap | undefined;
  #frozen: PaintedSpan[] = [];
  #active: string | undefined;
  #draft: Range[] | undefined;

  constructor() {
    const prefix = `trial-note-${++instances}`;
    this.names = { note: prefix, ambiguous: `${prefix}-ambiguous`, overlap: `${prefix}-overlap`, active: `${prefix}-active` };
  }

  /** Ids of the painted notes. */
  get ids(): string[] {
    return [...this.#spans, ...this.#frozen].map((span) => span.id);
  }

  /** The ranges painted for one note (one per tree). */
  rangesOf(id: string): Range[] {
    return [...this.#spans, ...this.#frozen].find((span) => span.id === id)?.ranges ?? [];
  }

  /**
   * Paints `spans` over `map`, replacing what was painted before. `active` is the id of the
   * note to emphasise (being read or edited); `draft` are ranges of text not yet saved as a
   * note, painted as active. `frozen` notes keep ranges made earlier (a note being edited is
   * not moved by re-anchoring).
   */
  paint(
    map: TextMap,
    spans: readonly HighlightSpan[],
    active?: string,
    draft?: Range[],
    frozen: readonly { id: string; ranges: Range[]; state: AnchorState }[] = [],
  ): void {
    this.#map = map;
    this.#active = active;
    this.#draft = draft;
    this.#spans = spans
      .filter((span) => span.state !== 'orphan' && span.end > span.start)
      .map((span) => ({ ...span, ranges: map.rangesByTree(span.start, span.end) }));
    this.#frozen = frozen.map((note) => ({ ...note, start: -1, end: -1 }));
    this.#apply();
  }

  /** Changes which note is emphasised without recomputing ranges. */
  setActive(id: string | undefined, draft?: Range[]): void {
    this.#active = id;
    this.#draft = draft;
    if (this.#map) this.#apply();
  }

  #apply(): void {
    if (!highlightsSupported() || !this.#map) return;
    const map = this.#map;
    const note: Range[] = [];
    const ambiguous: Range[] = [];
    const active: Range[] = [];
    for (const span of [...this.#spans, ...this.#frozen]) {
      if (span.id === this.#active) active.push(...span.ranges);
      else (span.state === 'ambiguous' ? ambiguous : note).push(...span.ranges);
    }
    if (this.#draft) active.push(...this.#draft);
    const overlap = overlaps(this.#spans).flatMap(([start, end]) => map.rangesByTree(start, end));

    const registry = CSS.highlights;
    const set = (name: string, ranges: Range[], priority: number) => {
      if (!ranges.length) return registry.delete(name);
      const highlight = new Highlight(...ranges);
      highlight.priority = priority;
      registry.set(name, highlight);
    };
    set(this.names.note, note, 0);
    set(this.names.ambiguous, ambiguous, 1);
    set(this.names.overlap, overlap, 2);
    set(this.names.active, active, 3);
    for (const range of [...note, ...ambiguous, ...active]) this.#adopt(range.startContainer.getRootNode());
  }

  /** Adds the highlight rules to the tree that holds `root`'s text. */
  #adopt(root: Node): void {
    if (!(root instanceof Document || root instanceof ShadowRoot) || this.#roots.has(root)) return;
    const sheet = (this.#sheet ??= makeSheet(highlightCss(this.names)));
    if (!sheet) return;
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.#roots.add(root);
  }

  /** Removes every highlight and every rule this instance added. */
  clear(): void {
    if (highlightsSupported()) for (const name of Object.values(this.names)) CSS.highlights.delete(name);
    for (const root of this.#roots) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((sheet) => sheet !== this.#sheet);
    this.#roots.clear();
    this.#spans = [];
    this.#frozen = [];
    this.#map = undefined;
  }

  /**
   * Ids of the notes under a viewport point, shortest span first. Uses the caret position when
   * the browser offers it (shadow roots included), and confirms with the ranges' boxes.
   */
  notesAt(x: number, y: number): string[] {
    const map = this.#map;
    if (!map) return [];
    let candidates = this.#spans;
    const frozen = this.#frozen;
    const caret = caretAt(x, y, map.shadowRoots);
    if (caret && map.has(caret.node)) {
      const index = map.indexOf(caret.node, caret.offset, 'start');
      if (index !== undefined) candidates = candidates.filter((span) => span.start <= index + 1 && span.end >= index - 1);
    }
    return [...candidates, ...frozen]
      .filter((span) => span.ranges.some((range) => [...range.getClientRects()].some((rect) => x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom)))
      .sort((a, b) => spanLength(a) - spanLength(b))
      .map((span) => span.id);
  }
}

function spanLength(span: PaintedSpan): number {
  return span.start >= 0 ? span.end - span.start : span.ranges.reduce((sum, range) => sum + range.toString().length, 0);
}

function makeSheet(css: string): CSSStyleSheet | undefined {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  } catch {
    return undefined; // a browser without constructable sheets paints no highlights
  }
}

/** Spans covered by two or more notes, merged. */
export function overlaps(spans: readonly { start: number; end: number }[]): [number, number][] {
  const events: [number, number][] = [];
  for (const span of spans) events.push([span.start, 1], [span.end, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const result: [number, number][] = [];
  let depth = 0;
  let from = 0;
  for (const [at, change] of events) {
    const before = depth;
    depth += change;
    if (before < 2 && depth >= 2) from = at;
    else if (before >= 2 && depth < 2 && at > from) {
      const last = result[result.length - 1];
      if (last && last[1] === from) last[1] = at;
      else result.push([from, at]);
    }
  }
  return result;
}

/** The caret position under a point, piercing the given shadow roots where the browser can. */
function caretAt(x: number, y: number, shadowRoots: readonly ShadowRoot[]): { node: Node; offset: number } | undefined {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number, options?: { shadowRoots?: ShadowRoot[] }) => CaretPosition | null;
  };
  if (typeof doc.caretPositionFromPoint === 'function') {
    const caret = doc.caretPositionFromPoint(x, y, { shadowRoots: [...shadowRoots] });
    return caret ? { node: caret.offsetNode, offset: caret.offset } : undefined;
  }
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : undefined;
}
