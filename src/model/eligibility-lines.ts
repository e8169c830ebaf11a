/**
 * What one line of eligibility text is, decided without looking at what was built so far: a
 * list item, a heading (and of which kind), a label over a list. `headingRole` then says what a
 * heading does to the document, from a small summary of it. Pure functions; the parser in
 * eligibility.ts applies their answers through eligibility-builder.ts.
 */
import { unescapeMarkdown } from './markdown.ts';
import { isHeadingWord, isNameWord, startsUpperOrDigit, wordsOf } from './eligibility-characters.ts';
import type { EligibilitySectionKind } from './eligibility.ts';

/** A source line: its indent in columns and its text without surrounding space. */
export interface Line {
  indent: number;
  text: string;
}

/** Whether a line names a section of criteria, which kind, and what follows on its line. */
export interface HeadingMatch {
  kind: EligibilitySectionKind;
  /** Heading text as written, without trailing colon. */
  text: string;
  qualifier?: string;
  population?: string;
  /** Text after the colon on the same line. */
  rest: string;
}

export interface ListMarker {
  /** As written: "*", "1.", "a)". */
  marker: string;
  ordered: boolean;
  /** The item's text after the marker. */
  rest: string;
}

/**
 * From this indent on, a line with text glued after its heading ("Inclusion criteria: age ≥ 18")
 * is an item's content, not a heading: deep-indented lines sit inside the list above them.
 */
export const DEEP_INDENT = 4;
/** Longer lines are never headings; the heading patterns are not run on them. */
export const MAX_HEADING_CHARS = 2000;
/** A label over a list ("Registration:", "Medical Conditions") has at most this many characters… */
export const MAX_LABEL_CHARS = 80;
/** …and at most this many words. */
export const MAX_LABEL_WORDS = 8;

// "o" and letters are left out: they start ordinary words too often.
const BULLET = /^([*+\-•◦▪‣●∙·])(?:[ \t]+|$)(.*)$/;
const ORDERED = /^(\d{1,3}[.)]|\(\d{1,3}\)|[a-zA-Z][.)]|\([a-z]\)|(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)])(?:[ \t]+|$)(.*)$/;
export const PLACEHOLDER = /^(?:none|nil|n\/?a|not applicable|no exclusion criteria|no inclusion criteria|none listed)$/i;

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

// The words before a heading's kind (`pre`, `name`) are matched as any non-space run and checked
// with isHeadingWord / isNameWord after: the same answers as a `\p{L}` class inside these
// patterns, without building one (character-classes.ts says why that matters). Without those
// classes the pattern needs no `u` flag, and case-insensitive matching without it compiles
// several times faster; what `iu` adds here is only that "ſ" would match an "s" of the kind
// words and that a qualifier's length counts an emoji once.
const HEADING_CORE =
  /^(?<num>(?:[IVXLC]+|\d{1,3})(?:\.\d{1,3})*[.)]?\s+)?(?<pre>(?:[^\s:]+\s+){0,3}?)(?<kind>non[- ]?inclusion|inclusions?|exclusions?|eligibility)(?<both>\s*(?:and|&|\/|or)\s*(?:inclusion|exclusion|non[- ]?inclusion)s?)?(?<crit>\s+criteri(?:a|on|as))?(?<qual>\s*\([^()]{1,60}\))?(?<dash>\s+[-–—]\s+[^:]{1,60}(?=\s*:))?(?<post>\s+(?:for|in)\s+[^:]{1,80}(?=\s*:))?\s*(?<colon>:)?\s*(?<rest>.*)$/i;
const CRITERIA_FOR = /^criteria\s+(?:for\s+)?(?<kind>inclusion|exclusion|non[- ]?inclusion|eligibility)\s*(?<colon>:)?\s*(?<rest>.*)$/i;
const OTHER_HEADING = /^(?<name>(?:[^\s:]+\s+){1,3})criteria\s*:\s*$/i;
/**
 * A word every heading has (each pattern above needs one of these), tested first: most lines
 * are criteria, and the heading patterns are slow to fail on a long one.
 */
const HEADING_WORD = /inclu|exclu|eligib|criteri/i;

export function listMarker(text: string): ListMarker | undefined {
  const bullet = BULLET.exec(text);
  if (bullet) return { marker: bullet[1]!, ordered: false, rest: bullet[2]! };
  const ordered = ORDERED.exec(text);
  if (ordered) return { marker: ordered[1]!, ordered: true, rest: ordered[2]! };
  return undefined;
}

function cleanHeadingSource(line: string): string {
  return line
    .replace(/^#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/\*\*|__/g, '')
    .trim();
}

/** Whether a line names a section of criteria, and which. */
export function matchEligibilityHeading(raw: string): HeadingMatch | undefined {
  // Most lines are criteria without a heading word: say no before cleaning them up. Only
  // emphasis marks, which cleaning removes, can split such a word ("Inclu**sion**").
  if (!HEADING_WORD.test(raw) && !raw.includes('**') && !raw.includes('__')) return undefined;
  const line = unescapeMarkdown(cleanHeadingSource(raw));
  if (!line || line.length > MAX_HEADING_CHARS || !HEADING_WORD.test(line)) return undefined;
  return matchKindHeading(line) ?? matchCriteriaFor(line) ?? matchOtherHeading(line);
}

/**
 * Whether a whole source line is a heading, and of which kind. Deep-indented lines and text
 * glued after a bullet's heading count only when the heading is all there is; a numbered
 * "other" heading ("3. Withdrawal criteria:") is an item of a list.
 */
export function headingOf(line: Line, marker: ListMarker | undefined): HeadingMatch | undefined {
  const heading = matchEligibilityHeading(marker ? marker.rest : line.text);
  if (!heading) return undefined;
  if (line.indent >= DEEP_INDENT && heading.rest) return undefined;
  if (marker?.ordered && heading.kind === 'other') return undefined;
  return heading;
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
  if (!preWords.every(isHeadingWord) || preWords.some((w) => SENTENCE_WORDS.has(w.toLowerCase()))) return undefined;
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
  const words = g.name!.trim().split(/\s+/);
  if (!words.every(isNameWord) || words.some((w) => SENTENCE_WORDS.has(w.toLowerCase()))) return undefined;
  return { kind: 'other', text: headingText(line, ''), rest: '' };
}

/** What the document looks like when a heading arrives (after open paragraphs and items closed). */
export interface HeadingContext {
  /** The section being filled; undefined before the first section. */
  current: { kind: EligibilitySectionKind; population?: string | undefined } | undefined;
  preambleEmpty: boolean;
  /** Whether an inclusion or exclusion heading comes later in the text (asked only when it matters). */
  kindHeadingLater: () => boolean;
}

/** What a heading does: start a section, start a group in the current one, or stay preamble words. */
export type HeadingRole =
  | {
      role: 'section';
      population: string | undefined;
      /** The preamble so far becomes the inclusion section first (prose before an exclusion heading). */
      inclusionFromPreamble: boolean;
    }
  | { role: 'group' }
  | { role: 'preamble' };

export function headingRole(heading: HeadingMatch, context: HeadingContext): HeadingRole {
  const { current } = context;
  if (heading.kind === 'criteria' && !current) {
    // An "Eligibility Criteria:" that heads the whole text is its one section; above the real
    // headings, or after preamble words, its words stay in the preamble.
    if (context.preambleEmpty && !context.kindHeadingLater()) return { role: 'section', population: undefined, inclusionFromPreamble: false };
    return { role: 'preamble' };
  }
  const sameKind = current && current.kind === heading.kind && heading.kind !== 'other' && heading.kind !== 'criteria';
  const otherPopulation = heading.qualifier !== undefined && heading.qualifier !== current?.population;
  if (sameKind && !otherPopulation) return { role: 'group' };
  return {
    role: 'section',
    population: heading.population,
    inclusionFromPreamble: heading.kind === 'exclusion' && !current && !context.preambleEmpty,
  };
}

/** A short line that reads as a label: "Registration:", "Medical Conditions", "Age". */
export function isTitleLike(text: string): boolean {
  const plain = unescapeMarkdown(text).trim();
  if (!plain || plain.length > MAX_LABEL_CHARS || /^note\b/i.test(plain)) return false;
  const words = wordsOf(plain);
  if (words.length === 0 || words.length > MAX_LABEL_WORDS) return false;
  if (PLACEHOLDER.test(plain.replace(/[\s.:;,-]+$/, ''))) return false;
  if (words.some((w) => PREAMBLE_WORDS.has(w.toLowerCase()))) return false;
  if (plain.endsWith(':')) return true;
  return !/[.;,!?)\]]$/.test(plain) && startsUpperOrDigit(plain);
}

function nextNonBlank(lines: readonly Line[], from: number): Line | undefined {
  for (let j = from; j < lines.length; j++) if (lines[j]!.text) return lines[j];
  return undefined;
}

/**
 * Whether line `i` is a label over a list: a title-like line on its own, with a list item as
 * the next text, not deeper than the open list's first item (`openRootIndent`), so labels the
 * source indents under the previous item still start a group.
 */
export function labelsList(lines: readonly Line[], i: number, openRootIndent: number | undefined): boolean {
  const next = nextNonBlank(lines, i + 1);
  const following = lines[i + 1];
  const singleLine = !following || !following.text || Boolean(listMarker(following.text));
  if (!singleLine || !isTitleLike(lines[i]!.text) || !next || !listMarker(next.text)) return false;
  return openRootIndent === undefined || next.indent <= openRootIndent;
}

/** Index of the last line that is an inclusion or exclusion heading, or -1. */
export function lastKindHeading(lines: readonly Line[]): number {
  for (let j = lines.length - 1; j >= 0; j--) {
    const text = lines[j]!.text;
    if (!text) continue;
    const marker = listMarker(text);
    const heading = matchEligibilityHeading(marker ? marker.rest : text);
    if (heading && (heading.kind === 'inclusion' || heading.kind === 'exclusion')) return j;
  }
  return -1;
}
