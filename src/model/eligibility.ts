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
 *
 * The rules about one line (is it a heading, of which kind, what does the heading do, is it a
 * label over a list) are pure functions in eligibility-lines.ts; eligibility-builder.ts holds
 * the document while it is read; `parse` below is the loop that joins the two.
 */
import { CriteriaBuilder } from './eligibility-builder.ts';
import { headingOf, headingRole, labelsList, lastKindHeading, listMarker, type Line } from './eligibility-lines.ts';
import { indentOf, inlineText, stripHtmlComments, type Inline } from './markdown.ts';

export { matchEligibilityHeading, type HeadingMatch } from './eligibility-lines.ts';

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

/** One pass over the lines: each one is a blank, a heading, a list item, a continuation, a label or a paragraph. */
function parse(source: string): EligibilityDocument {
  const lines: Line[] = stripHtmlComments(source)
    .split(/\r\n?|\n/)
    .map((raw) => ({ indent: indentOf(raw), text: raw.trim() }));
  const doc = new CriteriaBuilder();
  let afterBlank = true;
  let lastKind: number | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const { indent, text } = line;
    if (!text) {
      doc.endParagraph();
      afterBlank = true;
      continue;
    }
    const continues = !afterBlank;
    afterBlank = false;
    const marker = listMarker(text);

    const heading = headingOf(line, marker);
    if (heading) {
      doc.closeAll();
      // A numbered heading ("1. Inclusion criteria") keeps its number.
      const headingText = marker?.ordered ? `${marker.marker} ${heading.text}` : heading.text;
      const current = doc.section;
      const decision = headingRole(heading, {
        current: current && { kind: current.kind, population: current.population },
        preambleEmpty: doc.preambleEmpty,
        kindHeadingLater: () => (lastKind ??= lastKindHeading(lines)) > i,
      });
      if (decision.role === 'preamble') doc.keepInPreamble(headingText);
      else if (decision.role === 'group') doc.startGroup(headingText);
      else {
        if (decision.inclusionFromPreamble) doc.inclusionFromPreamble();
        doc.startSection(heading.kind, headingText, decision.population);
      }
      doc.addGlued(heading.rest, Boolean(marker), indent);
      continue;
    }

    if (marker) {
      doc.addItem(indent, marker.rest, marker.ordered ? marker.marker : undefined);
      continue;
    }
    if (continues && doc.continueItem(text)) continue;
    // A label followed by a list starts a group, even when indented under the previous item.
    if (doc.section && labelsList(lines, i, doc.openRootIndent)) {
      doc.startGroup(text.replace(/\s*:\s*$/, ':'));
      continue;
    }
    doc.startParagraph(indent, text);
  }
  return doc.finish();
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
