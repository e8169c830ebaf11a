/**
 * Eligibility criteria text (CommonMark as ClinicalTrials.gov publishes it) parsed into
 * sections → groups → criteria with nested children, without losing a word.
 *
 * Real texts rarely follow one shape (DESIGN.md §3), so the parser works line by line and
 * decides with a few explicit rules:
 * - A heading is a line that names a kind of criteria ("Inclusion Criteria:", "Key exclusion
 *   criteria :", "III.6 EXCLUSION CRITERIA", "* Inclusion Criteria:", "Inclusion Criteria
 *   (Controls):", "Exclusion criteria for study arm 2:", "Inclusion: age ≥ 18" …). A line that
 *   goes on after the kind without a colon ("Other inclusion and exclusion criteria may
 *   apply.", "Inclusion criteria is willingness …") is content, never a heading.
 * - No inclusion or exclusion heading at all → one "criteria" section (split `unsplit`); a
 *   split is never guessed.
 * - Text before the first exclusion heading, with no inclusion heading before it, is the
 *   inclusion section. Text before an inclusion heading is the document's preamble.
 * - A second heading of the kind of the current section is a sub-heading (a new group), unless
 *   its parenthesised qualifier names another sub-population ("(Families)" → "(Controls)").
 *   A heading of a kind other than the current section's starts a new section, so
 *   sub-populations ("Individual …", "Family …") keep their own sections and groups.
 * - Short title-like lines directly followed by a list ("Registration:", "Medical
 *   Conditions") are sub-headings, also when the source indents them under the previous item.
 * - Any deeper indent nests a list (real records use 2–9 spaces); paragraphs are kept as notes
 *   or, in a section without any list, as criteria.
 * - A section whose only words are a placeholder (None, Nil, N/A, "-", `\-`, nothing) is
 *   marked `placeholder` and reads "None listed"; its source blocks are still kept.
 *
 * Item text is parsed with the inline markdown parser, so escapes, emphasis and links work
 * exactly as in the rest of the trial text. Never throws.
 */
import { indentOf, parseInline, stripHtmlComments, unescapeMarkdown, inlineText, type Inline } from './markdown.ts';

/** Which part of the criteria a section holds. `criteria` is an unsplit or general section. */
export type EligibilitySectionKind = 'inclusion' | 'exclusion' | 'other' | 'criteria';

/** How the text was split into inclusion and exclusion. */
export type EligibilitySplit = 'both' | 'inclusion_only' | 'exclusion_only' | 'unsplit' | 'empty';

/** One criterion: a list item, or a paragraph in a section that has no list. */
export interface Criterion {
  type: 'criterion';
  /** Stable within one document: `inclusion-3`, nested `inclusion-3.1`. */
  id: string;
  /** The ordered-list marker as written ("1.", "a)"); absent for bullets and paragraphs. */
  marker?: string;
  text: Inline[];
  children: CriteriaBlock[];
}

/** A paragraph that is not a criterion: a preamble, a note, a closing remark. */
export interface CriteriaNote {
  type: 'note';
  text: Inline[];
}

export type CriteriaBlock = Criterion | CriteriaNote;

/** A run of blocks under an optional sub-heading ("Registration:", "Other exclusion criteria:"). */
export interface CriteriaGroup {
  heading?: Inline[];
  blocks: CriteriaBlock[];
}

export interface EligibilitySection {
  /** `inclusion`, `exclusion`, `other`, `criteria`; repeats get `-2`, `-3`. */
  id: string;
  kind: EligibilitySectionKind;
  /** The heading as written (escapes resolved, trailing colon removed); absent when implied. */
  heading?: string;
  /** A sub-population named by the heading ("Families", "Individual"), if any. */
  population?: string;
  /** True when the section lists nothing (None, Nil, "-", empty): show "None listed". */
  placeholder: boolean;
  groups: CriteriaGroup[];
}

export interface EligibilityDocument {
  split: EligibilitySplit;
  /** Text before the first heading that belongs to no section. */
  preamble: CriteriaBlock[];
  sections: EligibilitySection[];
}

interface HeadingMatch {
  kind: EligibilitySectionKind;
  /** Heading text as written, without trailing colon. */
  text: string;
  qualifier?: string;
  population?: string;
  /** Text after the colon on the same line. */
  rest: string;
}

// "o" and letters are left out: they start ordinary words too often.
const BULLET = /^([*+\-•◦▪‣●∙·])(?:[ \t]+|$)(.*)$/;
const ORDERED = /^(\d{1,3}[.)]|\(\d{1,3}\)|[a-zA-Z][.)]|\([a-z]\)|(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)])(?:[ \t]+|$)(.*)$/;
const LEADING_UNICODE_BULLET = /^[•◦▪‣●∙·][ \t]+/;
const PLACEHOLDER = /^(?:none|nil|n\/?a|not applicable|no exclusion criteria|no inclusion criteria|none listed)$/i;

/** Words that show a line is a sentence rather than a heading prefix ("Candidates who meet …"). */
const SENTENCE_WORDS = new Set(
  'the a an of who which that are is be must may will meet meets all any following if with not no to in on for apply applies can should these those their this'.split(' '),
);
/** Words that make a short line a preamble sentence rather than a label. */
const PREAMBLE_WORDS = new Set('following who which must should will are is apply applies meet meets satisfy have has'.split(' '));
/** Prefixes that qualify a heading without naming a sub-population. */
const GENERIC_PREFIXES = new Set(
  'key main major minor specific other additional general further study patient patients participant participants subject subjects principal primary secondary selected basic important detailed'.split(
    ' ',
  ),
);

const HEADING_CORE =
  /^(?<num>(?:[IVXLC]+|\d{1,3})(?:\.\d{1,3})*[.)]?\s+)?(?<pre>(?:[\p{L}\d'’/-]+\s+){0,3}?)(?<kind>non[- ]?inclusion|inclusions?|exclusions?|eligibility)(?<both>\s*(?:and|&|\/|or)\s*(?:inclusion|exclusion|non[- ]?inclusion)s?)?(?<crit>\s+criteri(?:a|on|as))?(?<qual>\s*\([^()]{1,60}\))?(?<dash>\s+[-–—]\s+[^:]{1,60}(?=\s*:))?(?<post>\s+(?:for|in)\s+[^:]{1,80}(?=\s*:))?\s*(?<colon>:)?\s*(?<rest>.*)$/iu;
const CRITERIA_FOR = /^criteria\s+(?:for\s+)?(?<kind>inclusion|exclusion|non[- ]?inclusion|eligibility)\s*(?<colon>:)?\s*(?<rest>.*)$/i;
const OTHER_HEADING = /^(?<name>(?:[\p{L}'’/-]+\s+){1,3})criteria\s*:\s*$/iu;
/**
 * A word every heading has (each pattern above needs one of these), tested first: most lines
 * are criteria, and the heading patterns are slow to fail on a long one.
 */
const HEADING_WORD = /inclu|exclu|eligib|criteri/iu;

function cleanHeadingSource(line: string): string {
  return line
    .replace(/^#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/\*\*|__/g, '')
    .trim();
}

/** Whether a line names a section of criteria, and which. */
export function matchEligibilityHeading(raw: string): HeadingMatch | undefined {
  const line = unescapeMarkdown(cleanHeadingSource(raw));
  if (!line || line.length > 2000 || !HEADING_WORD.test(line)) return undefined;
  return matchKindHeading(line) ?? matchCriteriaFor(line) ?? matchOtherHeading(line);
}

function kindOf(word: string, both: boolean): EligibilitySectionKind {
  const w = word.toLowerCase();
  if (both || w === 'eligibility') return 'criteria';
  return w.startsWith('non') || w.startsWith('excl') ? 'exclusion' : 'inclusion';
}

/** Heading text: the line up to the glued rest, without the colon. */
function headingText(line: string, rest: string | undefined): string {
  return line.slice(0, line.length - (rest ?? '').length).replace(/\s*:?\s*$/, '');
}

function matchKindHeading(line: string): HeadingMatch | undefined {
  const g = HEADING_CORE.exec(line)?.groups;
  if (!g) return undefined;
  const pre = (g.pre ?? '').trim();
  const preWords = pre ? pre.split(/\s+/) : [];
  if (preWords.some((w) => SENTENCE_WORDS.has(w.toLowerCase()))) return undefined;
  const rest = (g.rest ?? '').trim();
  const hasColon = Boolean(g.colon);
  const hasCriteria = Boolean(g.crit);
  // Without a colon the line must end at the heading; without "criteria", a colon or a bare
  // kind word is needed ("Inclusion:", "Exclusion").
  if (!hasColon && rest) return undefined;
  if (!hasCriteria && !hasColon && (preWords.length || g.num)) return undefined;
  const qualifier = g.qual?.trim().slice(1, -1).trim() || g.dash?.trim().replace(/^[-–—]\s*/, '') || undefined;
  const specific = preWords.filter((w) => !GENERIC_PREFIXES.has(w.toLowerCase())).join(' ');
  return {
    kind: kindOf(g.kind!, Boolean(g.both)),
    text: headingText(line, g.rest),
    qualifier,
    population: qualifier ?? (specific || undefined),
    rest,
  };
}

function matchCriteriaFor(line: string): HeadingMatch | undefined {
  const g = CRITERIA_FOR.exec(line)?.groups;
  if (!g) return undefined;
  const rest = (g.rest ?? '').trim();
  if (!g.colon && rest) return undefined;
  return { kind: kindOf(g.kind!, false), text: headingText(line, g.rest), rest };
}

function matchOtherHeading(line: string): HeadingMatch | undefined {
  const g = OTHER_HEADING.exec(line)?.groups;
  if (!g) return undefined;
  if (g.name!.trim().split(/\s+/).some((w) => SENTENCE_WORDS.has(w.toLowerCase()))) return undefined;
  return { kind: 'other', text: headingText(line, ''), rest: '' };
}

interface Line {
  indent: number;
  text: string;
}

function listMarker(text: string): { marker: string; ordered: boolean; rest: string } | undefined {
  const bullet = BULLET.exec(text);
  if (bullet) return { marker: bullet[1]!, ordered: false, rest: bullet[2]! };
  const ordered = ORDERED.exec(text);
  if (ordered) return { marker: ordered[1]!, ordered: true, rest: ordered[2]! };
  return undefined;
}

function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A short line that reads as a label: "Registration:", "Medical Conditions", "Age". */
function isTitleLike(text: string): boolean {
  const plain = unescapeMarkdown(text).trim();
  if (!plain || plain.length > 80 || /^note\b/i.test(plain)) return false;
  const words = wordsOf(plain);
  if (words.length === 0 || words.length > 8) return false;
  if (PLACEHOLDER.test(plain.replace(/[\s.:;,-]+$/, ''))) return false;
  if (words.some((w) => PREAMBLE_WORDS.has(w.toLowerCase()))) return false;
  if (plain.endsWith(':')) return true;
  return !/[.;,!?)\]]$/.test(plain) && /^[\p{Lu}\d]/u.test(plain);
}

interface OpenItem {
  indent: number;
  item: Criterion;
  lines: string[];
}

interface Builder {
  section: EligibilitySection | undefined;
  group: CriteriaGroup;
}

/** Parses eligibility criteria text. Never throws; any string gives a document. */
export function parseEligibility(text: string): EligibilityDocument {
  try {
    return parse(typeof text === 'string' ? text : '');
  } catch {
    // Defensive only: the rules above do not throw, but a page must never go blank.
    const blocks: CriteriaBlock[] = String(text ?? '').trim() ? [{ type: 'note', text: [{ type: 'text', text: String(text) }] }] : [];
    return {
      split: blocks.length ? 'unsplit' : 'empty',
      preamble: [],
      sections: blocks.length ? [{ id: 'criteria', kind: 'criteria', placeholder: false, groups: [{ blocks }] }] : [],
    };
  }
}

function parse(source: string): EligibilityDocument {
  const lines: Line[] = stripHtmlComments(source)
    .split(/\r\n?|\n/)
    .map((raw) => ({ indent: indentOf(raw), text: raw.trim() }));

  const preamble: CriteriaGroup = { blocks: [] };
  const sections: EligibilitySection[] = [];
  const state: Builder = { section: undefined, group: preamble };
  const open: OpenItem[] = [];
  let paragraph: { lines: string[]; target: CriteriaBlock[] } | undefined;
  let lastWasBlank = true;
  let lastKind: number | undefined;

  const flushParagraph = () => {
    if (paragraph) paragraph.target.push({ type: 'note', text: parseInline(paragraph.lines.join('\n')) });
    paragraph = undefined;
  };
  const closeItemsTo = (depth: number) => {
    while (open.length > depth) {
      const done = open.pop()!;
      done.item.text = parseInline(stripBulletGlyph(done.lines.join('\n')));
    }
  };
  const closeAll = () => {
    flushParagraph();
    closeItemsTo(0);
  };
  const startSection = (kind: EligibilitySectionKind, heading?: string, population?: string) => {
    closeAll();
    const count = sections.filter((s) => s.kind === kind).length;
    const section: EligibilitySection = {
      id: count ? `${kind}-${count + 1}` : kind,
      kind,
      placeholder: false,
      groups: [{ blocks: [] }],
    };
    if (heading !== undefined) section.heading = heading;
    if (population) section.population = population;
    sections.push(section);
    state.section = section;
    state.group = section.groups[0]!;
  };
  const startGroup = (heading: string) => {
    closeAll();
    const inline = parseInline(heading);
    // A label at the very start of a section names its first group.
    if (!state.group.heading && state.group.blocks.length === 0 && state.section) {
      state.group.heading = inline;
      return;
    }
    const group: CriteriaGroup = { heading: inline, blocks: [] };
    if (state.section) state.section.groups.push(group);
    else {
      // Before any heading a label is just part of the preamble.
      preamble.blocks.push({ type: 'note', text: inline });
      return;
    }
    state.group = group;
  };
  const nextNonBlank = (from: number): Line | undefined => {
    for (let j = from; j < lines.length; j++) if (lines[j]!.text) return lines[j];
    return undefined;
  };
  const addGlued = (rest: string, asItem: boolean, indent: number) => {
    if (!rest) return;
    if (asItem) {
      const item: Criterion = { type: 'criterion', id: '', text: [], children: [] };
      state.group.blocks.push(item);
      open.push({ indent, item, lines: [rest] });
    } else paragraph = { lines: [rest], target: state.group.blocks };
  };

  for (let i = 0; i < lines.length; i++) {
    const { indent, text } = lines[i]!;
    if (!text) {
      flushParagraph();
      lastWasBlank = true;
      continue;
    }
    const marker = listMarker(text);
    const candidate = marker ? marker.rest : text;
    const heading = matchEligibilityHeading(candidate);
    // Deep-indented lines and glued bullet text only count as headings when they are whole.
    if (heading && (indent < 4 || !heading.rest) && !(marker && marker.ordered && heading.kind === 'other')) {
      closeAll();
      const current = state.section;
      // A numbered heading ("1. Inclusion criteria") keeps its number.
      const headingText = marker?.ordered ? `${marker.marker} ${heading.text}` : heading.text;
      const sameKind = current && current.kind === heading.kind && heading.kind !== 'other' && heading.kind !== 'criteria';
      const otherPopulation = heading.qualifier !== undefined && heading.qualifier !== current?.population;
      if (heading.kind === 'criteria' && !current && preamble.blocks.length === 0 && (lastKind ??= lastKindHeading(lines)) <= i) {
        startSection('criteria', headingText);
      } else if (heading.kind === 'criteria' && !current) {
        // "Eligibility Criteria:" above the real headings: keep its words in the preamble.
        closeAll();
        preamble.blocks.push({ type: 'note', text: [{ type: 'text', text: headingText }] });
      } else if (sameKind && !otherPopulation) {
        startGroup(headingText);
      } else {
        if (heading.kind === 'exclusion' && sections.length === 0 && preamble.blocks.length) {
          // Prose before the first exclusion heading is the inclusion section.
          closeAll();
          sections.push({ id: 'inclusion', kind: 'inclusion', placeholder: false, groups: [{ blocks: preamble.blocks.splice(0) }] });
        }
        startSection(heading.kind, headingText, heading.population);
      }
      addGlued(heading.rest, Boolean(marker), indent);
      lastWasBlank = false;
      continue;
    }

    if (marker) {
      flushParagraph();
      while (open.length && indent < open.at(-1)!.indent) closeItemsTo(open.length - 1);
      if (open.length && indent === open.at(-1)!.indent) closeItemsTo(open.length - 1);
      const item: Criterion = { type: 'criterion', id: '', text: [], children: [] };
      if (marker.ordered) item.marker = marker.marker;
      (open.at(-1)?.item.children ?? state.group.blocks).push(item);
      open.push({ indent, item, lines: [marker.rest] });
      lastWasBlank = false;
      continue;
    }

    // Lazy continuation: a line right after an item or paragraph line belongs to it.
    if (!lastWasBlank) {
      if (paragraph) {
        paragraph.lines.push(text);
        continue;
      }
      if (open.length) {
        open.at(-1)!.lines.push(text);
        continue;
      }
    }
    lastWasBlank = false;

    // A label followed by a list starts a group, even when indented under the previous item.
    const next = nextNonBlank(i + 1);
    const nextMarker = next && listMarker(next.text);
    const following = lines[i + 1];
    const singleLine = !following || !following.text || Boolean(listMarker(following.text));
    if (state.section && singleLine && isTitleLike(text) && next && nextMarker) {
      const rootIndent = open[0]?.indent ?? next.indent;
      if (!open.length || next.indent <= rootIndent) {
        startGroup(text.replace(/\s*:\s*$/, ':'));
        continue;
      }
    }

    while (open.length && indent <= open.at(-1)!.indent) closeItemsTo(open.length - 1);
    flushParagraph();
    paragraph = { lines: [text], target: open.at(-1)?.item.children ?? state.group.blocks };
  }
  closeAll();

  for (const section of sections) finishSection(section);
  const docPreamble = preamble.blocks;
  let split: EligibilitySplit;
  const hasInclusion = sections.some((s) => s.kind === 'inclusion');
  const hasExclusion = sections.some((s) => s.kind === 'exclusion');
  if (hasInclusion && hasExclusion) split = 'both';
  else if (hasInclusion) split = 'inclusion_only';
  else if (hasExclusion) split = 'exclusion_only';
  else {
    // No inclusion or exclusion heading: everything is one panel, never a guessed split.
    const blocks = docPreamble.splice(0);
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
  if (split !== 'unsplit') assignIds(docPreamble, 'preamble');
  return { split, preamble: docPreamble, sections };
}

/** Index of the last line that is an inclusion or exclusion heading, or -1. */
function lastKindHeading(lines: readonly Line[]): number {
  for (let j = lines.length - 1; j >= 0; j--) {
    const text = lines[j]!.text;
    if (!text) continue;
    const marker = listMarker(text);
    const heading = matchEligibilityHeading(marker ? marker.rest : text);
    if (heading && (heading.kind === 'inclusion' || heading.kind === 'exclusion')) return j;
  }
  return -1;
}

function stripBulletGlyph(text: string): string {
  return text.replace(LEADING_UNICODE_BULLET, '');
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
  const words = section.groups
    .flatMap((g) => [...(g.heading ? [inlineText(g.heading)] : []), ...g.blocks.map(blockText)])
    .join(' ')
    .replace(/[\s\p{P}]+$/u, '')
    .replace(/^[\s\p{P}]+/u, '')
    .trim();
  section.placeholder = words === '' || PLACEHOLDER.test(words.replace(/\s+/g, ' '));
  assignIds(section.groups.flatMap((g) => g.blocks), section.id);
}

function blockText(block: CriteriaBlock): string {
  const own = inlineText(block.text);
  return block.type === 'criterion' ? [own, ...block.children.map(blockText)].join(' ') : own;
}

function assignIds(blocks: readonly CriteriaBlock[], prefix: string): void {
  let n = 0;
  for (const block of blocks) {
    if (block.type !== 'criterion') continue;
    n += 1;
    block.id = `${prefix}-${n}`;
    assignNested(block.children, block.id);
  }
}

function assignNested(blocks: readonly CriteriaBlock[], prefix: string): void {
  let n = 0;
  for (const block of blocks) {
    if (block.type !== 'criterion') continue;
    n += 1;
    block.id = `${prefix}.${n}`;
    assignNested(block.children, block.id);
  }
}

/** The plain text of a criterion without its children, e.g. for a label or an answer record. */
export function criterionText(criterion: Criterion): string {
  return inlineText(criterion.text).replace(/\s+/g, ' ').trim();
}

/** The top-level criteria of a section: the ones a reader answers in pre-screen mode. */
export function sectionCriteria(section: EligibilitySection): Criterion[] {
  return section.groups.flatMap((g) => g.blocks.filter((b): b is Criterion => b.type === 'criterion'));
}

/**
 * The criteria a reader answers in pre-screen mode: the top-level criteria of a section, except
 * that an introduction ending in ":" with nested criteria ("Any of the following:") is answered
 * through its children. Placeholder sections have none.
 */
export function prescreenCriteria(section: EligibilitySection): Criterion[] {
  if (section.placeholder) return [];
  const pick = (criterion: Criterion): Criterion[] => {
    const nested = criterion.children.filter((b): b is Criterion => b.type === 'criterion');
    return nested.length && criterionText(criterion).endsWith(':') ? nested.flatMap(pick) : [criterion];
  };
  return sectionCriteria(section).flatMap(pick);
}
