/**
 * Builds an eligibility document as the parser reads it line by line: the preamble, the current
 * section and group, the list items still open (their text may go on, their children may grow)
 * and the paragraph being collected. The parser (eligibility.ts) decides what each line is; this
 * only applies it, and `finish` settles ids, placeholders and the split.
 */
import type {
  CriteriaBlock,
  CriteriaGroup,
  Criterion,
  EligibilityDocument,
  EligibilitySection,
  EligibilitySectionKind,
  EligibilitySplit,
} from './eligibility.ts';
import { PLACEHOLDER } from './eligibility-lines.ts';
import { inlineText, parseInline } from './markdown.ts';
import { trimPunctuation, wordsOf } from './eligibility-characters.ts';

const LEADING_UNICODE_BULLET = /^[•◦▪‣●∙·][ \t]+/;

interface OpenItem {
  indent: number;
  item: Criterion;
  lines: string[];
}

interface OpenParagraph {
  lines: string[];
  target: CriteriaBlock[];
}

const newCriterion = (): Criterion => ({ type: 'criterion', id: '', text: [], children: [] });

export class CriteriaBuilder {
  readonly #preamble: CriteriaGroup = { blocks: [] };
  readonly #sections: EligibilitySection[] = [];
  /** The section being filled; undefined before the first heading. */
  #section: EligibilitySection | undefined;
  /** Where blocks go: the preamble, or the current section's last group. */
  #group: CriteriaGroup = this.#preamble;
  /** Open list items, outermost first. */
  readonly #open: OpenItem[] = [];
  #paragraph: OpenParagraph | undefined;

  get section(): EligibilitySection | undefined {
    return this.#section;
  }

  get preambleEmpty(): boolean {
    return this.#preamble.blocks.length === 0;
  }

  /** The indent of the outermost open item, if a list is open. */
  get openRootIndent(): number | undefined {
    return this.#open[0]?.indent;
  }

  /** Ends the paragraph being collected (a blank line does). */
  endParagraph(): void {
    if (this.#paragraph) this.#paragraph.target.push({ type: 'note', text: parseInline(this.#paragraph.lines.join('\n')) });
    this.#paragraph = undefined;
  }

  /** Ends the paragraph and every open item: a heading or a group label comes next. */
  closeAll(): void {
    this.endParagraph();
    this.#closeItemsTo(0);
  }

  startSection(kind: EligibilitySectionKind, heading?: string, population?: string): void {
    this.closeAll();
    const count = this.#sections.filter((s) => s.kind === kind).length;
    const section: EligibilitySection = {
      id: count ? `${kind}-${count + 1}` : kind,
      kind,
      placeholder: false,
      groups: [{ blocks: [] }],
    };
    if (heading !== undefined) section.heading = heading;
    if (population) section.population = population;
    this.#sections.push(section);
    this.#section = section;
    this.#group = section.groups[0]!;
  }

  /** Before the first section: what was read so far becomes the inclusion section. */
  inclusionFromPreamble(): void {
    this.closeAll();
    this.#sections.push({ id: 'inclusion', kind: 'inclusion', placeholder: false, groups: [{ blocks: this.#preamble.blocks.splice(0) }] });
  }

  /** A heading's words kept as a preamble note ("Eligibility Criteria:" above the real headings). */
  keepInPreamble(text: string): void {
    this.closeAll();
    this.#preamble.blocks.push({ type: 'note', text: [{ type: 'text', text }] });
  }

  startGroup(heading: string): void {
    this.closeAll();
    const inline = parseInline(heading);
    const section = this.#section;
    if (!section) {
      // Before any heading a label is just part of the preamble.
      this.#preamble.blocks.push({ type: 'note', text: inline });
      return;
    }
    // A label at the very start of a section names its first group.
    if (!this.#group.heading && this.#group.blocks.length === 0) {
      this.#group.heading = inline;
      return;
    }
    const group: CriteriaGroup = { heading: inline, blocks: [] };
    section.groups.push(group);
    this.#group = group;
  }

  /** Text after a heading's colon: an item when the heading was a list item, else a paragraph. */
  addGlued(rest: string, asItem: boolean, indent: number): void {
    if (!rest) return;
    if (asItem) {
      const item = newCriterion();
      this.#group.blocks.push(item);
      this.#open.push({ indent, item, lines: [rest] });
    } else this.#paragraph = { lines: [rest], target: this.#group.blocks };
  }

  /** A list item at `indent`: a sibling of an open item at that indent, a child of a shallower one. */
  addItem(indent: number, text: string, marker?: string): void {
    this.endParagraph();
    const open = this.#open;
    while (open.length && indent < open.at(-1)!.indent) this.#closeItemsTo(open.length - 1);
    if (open.length && indent === open.at(-1)!.indent) this.#closeItemsTo(open.length - 1);
    const item = newCriterion();
    if (marker !== undefined) item.marker = marker;
    (open.at(-1)?.item.children ?? this.#group.blocks).push(item);
    open.push({ indent, item, lines: [text] });
  }

  /**
   * Lazy continuation: a line right after a paragraph or item line belongs to it. Returns false
   * when nothing is open to continue.
   */
  continueItem(text: string): boolean {
    if (this.#paragraph) {
      this.#paragraph.lines.push(text);
      return true;
    }
    const last = this.#open.at(-1);
    if (!last) return false;
    last.lines.push(text);
    return true;
  }

  /** A paragraph at `indent`: inside the open item it is deeper than, else in the group. */
  startParagraph(indent: number, text: string): void {
    const open = this.#open;
    while (open.length && indent <= open.at(-1)!.indent) this.#closeItemsTo(open.length - 1);
    this.endParagraph();
    this.#paragraph = { lines: [text], target: open.at(-1)?.item.children ?? this.#group.blocks };
  }

  /** The document: sections settled, ids given, and the split named. */
  finish(): EligibilityDocument {
    this.closeAll();
    const sections = this.#sections;
    for (const section of sections) finishSection(section);
    const preamble = this.#preamble.blocks;
    const hasInclusion = sections.some((s) => s.kind === 'inclusion');
    const hasExclusion = sections.some((s) => s.kind === 'exclusion');
    let split: EligibilitySplit;
    if (hasInclusion && hasExclusion) split = 'both';
    else if (hasInclusion) split = 'inclusion_only';
    else if (hasExclusion) split = 'exclusion_only';
    else {
      // No inclusion or exclusion heading: everything is one panel, never a guessed split.
      const blocks = preamble.splice(0);
      const hasWords = blocks.length > 0 || sections.some((s) => s.heading || !s.placeholder);
      if (!hasWords) return { split: 'empty', preamble: [], sections: [] };
      if (blocks.length) {
        const first = sections[0];
        if (first && first.kind === 'criteria') first.groups.unshift({ blocks });
        else sections.unshift({ id: 'criteria', kind: 'criteria', placeholder: false, groups: [{ blocks }] });
        finishSection(sections[0]!);
      }
      split = 'unsplit';
    }
    if (split !== 'unsplit') assignIds(preamble, 'preamble');
    return { split, preamble, sections };
  }

  #closeItemsTo(depth: number): void {
    while (this.#open.length > depth) {
      const done = this.#open.pop()!;
      done.item.text = parseInline(done.lines.join('\n').replace(LEADING_UNICODE_BULLET, ''));
    }
  }
}

function hasCriterion(blocks: readonly CriteriaBlock[]): boolean {
  return blocks.some((b) => b.type === 'criterion');
}

function finishSection(section: EligibilitySection): void {
  // In a section without any list, each paragraph is a criterion, except preambles (ending
  // in ":") and notes.
  if (!section.groups.some((g) => hasCriterion(g.blocks))) {
    for (const group of section.groups) {
      group.blocks = group.blocks.map((block) => {
        const plain = inlineText(block.text).trim();
        if (block.type === 'note' && !plain.endsWith(':') && !/^note\b/i.test(plain)) {
          return { type: 'criterion', id: '', text: block.text, children: [] };
        }
        return block;
      });
    }
  }
  // Drop a leading empty group left by a sub-heading that opened the section.
  section.groups = section.groups.filter((g, index) => index > 0 || g.blocks.length || g.heading || section.groups.length === 1);
  section.placeholder = isPlaceholder(section);
  assignIds(section.groups.flatMap((g) => g.blocks), section.id);
}

/** Most letters a PLACEHOLDER phrase has ("no exclusion criteria"); it has no digits. */
const PLACEHOLDER_MAX_LETTERS = 19;

/**
 * Whether a section says only that it has no criteria ("None", "N/A."). Its texts are read one
 * at a time and the reading stops at the 20th letter or digit, which no placeholder has:
 * trimming and collapsing space keep every letter, and a whole long section need not be joined.
 */
function isPlaceholder(section: EligibilitySection): boolean {
  const texts: string[] = [];
  let letters = 0;
  for (const text of sectionTexts(section)) {
    letters += wordsOf(text).reduce((sum, word) => sum + word.length, 0);
    if (letters > PLACEHOLDER_MAX_LETTERS) return false;
    texts.push(text);
  }
  const words = trimPunctuation(texts.join(' ')).trim();
  return words === '' || PLACEHOLDER.test(words.replace(/\s+/g, ' '));
}

function* sectionTexts(section: EligibilitySection): Generator<string> {
  for (const group of section.groups) {
    if (group.heading) yield inlineText(group.heading);
    for (const block of group.blocks) yield* blockTexts(block);
  }
}

function* blockTexts(block: CriteriaBlock): Generator<string> {
  yield inlineText(block.text);
  if (block.type === 'criterion') for (const child of block.children) yield* blockTexts(child);
}

/** Top-level criteria are `prefix-1`, `prefix-2`…; nested ones `prefix-1.1`. */
function assignIds(blocks: readonly CriteriaBlock[], prefix: string, separator = '-'): void {
  let n = 0;
  for (const block of blocks) {
    if (block.type !== 'criterion') continue;
    n += 1;
    block.id = `${prefix}${separator}${n}`;
    assignIds(block.children, block.id, '.');
  }
}
