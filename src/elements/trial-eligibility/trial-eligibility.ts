import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import {
  criterionText,
  parseEligibility,
  prescreenCriteria,
  type CriteriaBlock,
  type CriteriaGroup,
  type Criterion,
  type EligibilityDocument,
  type EligibilitySection,
  type EligibilitySectionKind,
} from '../../model/eligibility.ts';
import { ctgovStudyUrl, isNctId, type Trial } from '../../model/trial.ts';
import { AccordionController } from '../../internal/accordion.ts';
import { accordionStyles } from '../../internal/accordion.styles.ts';
import { clampHeadingLevel, renderHeading, subheadingLevel } from '../../internal/heading.ts';
import { renderInline } from '../../internal/markdown-view.ts';
import { TrialDataElement } from '../../internal/trial-data-element.ts';
import { ageRangeLabel, sexLabel } from '../../internal/trial-labels.ts';
import { recordTextLang } from '../../internal/record-lang.ts';
import { activeLocale } from '../../internal/localize.ts';
import { buttonStyles, stateStyles, tokens } from '../../internal/tokens.styles.ts';
import { eligibilityStyles } from './trial-eligibility.styles.ts';
import { TrialPrescreenChangeEvent, type PrescreenAnswer, type PrescreenValue } from './trial-eligibility.events.ts';
import { renderTrialContext, TRIAL_CONTEXT_ID } from '../../internal/trial-context.ts';

const SECTION_KINDS = new Set(['inclusion', 'exclusion', 'other', 'criteria']);


/** A heading that is nothing but a kind of criteria, in the record's usual words. */
const PLAIN_HEADING = /^(?:inclusion|exclusion|eligibility)(?:\s+criteri(?:a|on))?\s*:?$/i;
/**
 * Shows who can take part in a trial: the structured facts first, then the criteria text,
 * parsed by `parseEligibility` into sections, as a WAI-ARIA APG accordion.
 *
 * - `open` names the sections that start open, space-separated: `all`, a kind (`inclusion`,
 *   `exclusion`, `other`, `criteria` opens every section of that kind) or a section id
 *   (`inclusion-2`, e.g. a second sub-population). Without the attribute every section starts
 *   closed, except a lone section, which starts open. Changing the attribute applies it again;
 *   otherwise the reader's own toggles stay.
 * - `heading-level` is the level of the element's heading (2–6, default 3); section headers
 *   are one level below it, sub-headings two.
 * - `prescreen` adds a yes / no / not sure choice to each criterion and a plain summary of the
 *   answers. The result is an expression of interest, never a verdict. Answers stay in memory
 *   (`answers`) and are forgotten when the criteria text changes.
 * - Closed panels render nothing until first opened, and criteria use `content-visibility`,
 *   so texts of hundreds of items stay fast.
 *
 * @summary Who can take part: ages, sex and healthy volunteers, then inclusion / exclusion /
 * other criteria as an accordion, with an optional pre-screen checklist.
 *
 * @tag trial-eligibility
 *
 * @slot - Shown while no data source is set, e.g. the host page's own copy of the criteria.
 *
 * @csspart base - The wrapper of everything.
 * @csspart title - The heading of the element.
 * @csspart facts - The list of structured facts.
 * @csspart preamble - Text before the first section heading.
 * @csspart accordion-toggle-all - The "Expand all" / "Collapse all" buttons.
 * @csspart expand-all - The "Expand all" button.
 * @csspart collapse-all - The "Collapse all" button.
 * @csspart accordion-item - One section (header and panel).
 * @csspart accordion-heading - The heading around a section's header button.
 * @csspart accordion-trigger - A section's header button.
 * @csspart accordion-panel - A section's panel.
 * @csspart criteria - A list of criteria.
 * @csspart answer - The yes / no / not sure choice of one criterion (pre-screen mode).
 * @csspart summary - The summary of pre-screen answers.
 * @csspart source-link - The link to the full criteria on ClinicalTrials.gov.
 * @csspart skeleton - The loading placeholder.
 * @csspart state - The not-found or error message.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --trial-accordion-gap - Space between sections.
 * @cssprop --trial-accordion-header-background - Background of section headers.
 * @cssprop --trial-accordion-panel-padding - Space inside a section panel.
 * @cssprop --trial-color-accent - Links, buttons and the selected answer.
 * @cssprop --trial-font-family - Font of all text.
 *
 * @fires trial-prescreen-change - The reader answered a criterion; `event.answers` holds all answers.
 * @fires trial-error - The trial could not be loaded or read; `event.cause` says why.
 */
export class TrialEligibility extends TrialDataElement {
  static override styles = [tokens, buttonStyles, stateStyles, accordionStyles, eligibilityStyles];

  static override properties = {
    ...TrialDataElement.properties,
    criteria: { attribute: false },
    headingLevel: { type: Number, attribute: 'heading-level' },
    open: { type: String },
    prescreen: { type: Boolean },
    answerState: { state: true },
  };

  /** Criteria text (markdown) to show without a trial record; overrides the record's text. */
  declare criteria: string | undefined;
  /** Level of the element's heading (2–6); section headers are one level below. */
  declare headingLevel: number;
  /** Sections that start open: `all`, kinds or section ids, space-separated. */
  declare open: string | undefined;
  /** Shows a yes / no / not sure choice for each criterion. */
  declare prescreen: boolean;
  declare private answerState: ReadonlyMap<string, PrescreenValue>;

  #accordion = new AccordionController(this, { idPrefix: 'section-', contextId: () => (this.currentTrial ? TRIAL_CONTEXT_ID : undefined) });
  #text: string | undefined;
  #doc: EligibilityDocument = { split: 'empty', preamble: [], sections: [] };
  /** `recordTextLang(this)` as of the current render. */
  #textLang: 'en' | undefined;
  /** Criterion id → its section and criterion, for the criteria a reader can answer. */
  #answerable = new Map<string, { section: EligibilitySection; criterion: Criterion }>();

  constructor() {
    super();
    this.headingLevel = 3;
    this.prescreen = false;
    this.answerState = new Map();
  }

  /** The parsed criteria being shown. */
  get parsedCriteria(): EligibilityDocument {
    return this.#doc;
  }

  /**
   * The reader's pre-screen answers in document order; a copy, safe to keep or send. Held in
   * memory only: nothing is stored or sent by this element.
   */
  get answers(): readonly PrescreenAnswer[] {
    const out: PrescreenAnswer[] = [];
    for (const [criterionId, { section, criterion }] of this.#answerable) {
      const answer = this.answerState.get(criterionId);
      if (answer) out.push({ criterionId, sectionId: section.id, section: section.kind, criterion: criterionText(criterion), answer });
    }
    return Object.freeze(out);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const text = typeof this.criteria === 'string' ? this.criteria : (this.currentTrial?.eligibilityText ?? '');
    if (text !== this.#text) {
      this.#text = text;
      this.#doc = parseEligibility(text);
      this.#answerable = new Map(
        this.#doc.sections.flatMap((section) => prescreenCriteria(section).map((criterion) => [criterion.id, { section, criterion }] as const)),
      );
      this.answerState = new Map();
      this.#accordion.reset(this.#initiallyOpen());
    } else if ((changed as PropertyValues).has('open')) {
      this.#accordion.reset(this.#initiallyOpen());
    }
  }

  #initiallyOpen(): string[] {
    const sections = this.#doc.sections;
    const tokens = (this.open ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    if (this.open === undefined || this.open === null) return sections.length === 1 ? [sections[0]!.id] : [];
    if (tokens.includes('all')) return sections.map((s) => s.id);
    return sections.filter((s) => tokens.includes(s.id) || (SECTION_KINDS.has(s.kind) && tokens.includes(s.kind))).map((s) => s.id);
  }

  override render() {
    // Asked once per render, not per criterion: it walks up the tree through shadow roots.
    this.#textLang = recordTextLang(this);
    if (typeof this.criteria === 'string') return this.#renderEligibility(this.currentTrial);
    return this.renderLoadState((trial) => this.#renderEligibility(trial));
  }

  #renderEligibility(trial: Trial | undefined): TemplateResult {
    const level = clampHeadingLevel(this.headingLevel, 3);
    const doc = this.#doc;
    const ids = doc.sections.map((s) => s.id);
    return html`<div class="base" part="base">
      ${renderHeading(level, msg('Who can take part'), { id: 'title', part: 'title', className: 'title' })} ${renderTrialContext(trial)}
      ${trial ? this.#renderFacts(trial) : nothing}
      ${this.prescreen && doc.sections.length ? this.#renderPrescreenIntro() : nothing}
      ${doc.preamble.length ? html`<div class="preamble" part="preamble">${this.#renderBlocks(doc.preamble, subheadingLevel(level, 2))}</div>` : nothing}
      ${doc.sections.length > 1
        ? this.#accordion.renderToggleAll(ids, { expand: msg('Expand all criteria'), collapse: msg('Collapse all criteria') })
        : nothing}
      ${doc.sections.length
        ? html`<div class="accordion" data-accordion @keydown=${this.#accordion.onKeydown}>
            ${doc.sections.map((section) =>
              this.#accordion.renderItem({
                id: section.id,
                level: subheadingLevel(level),
                header: this.#sectionHeader(section),
                content: () => this.#renderSection(section, subheadingLevel(level, 2)),
                className: section.kind,
              }),
            )}
          </div>`
        : trial
          ? html`<p class="empty">${msg('No participation criteria were published for this trial.')}</p>`
          : nothing}
      ${this.prescreen && this.#answerable.size ? this.#renderSummary(level) : nothing}
      ${trial && isNctId(trial.id)
        ? html`<p class="source">
            <a part="source-link" href=${`${ctgovStudyUrl(trial.id)}#participation-criteria`} target="_blank" rel="noopener noreferrer"
              >${msg('Full participation criteria on ClinicalTrials.gov')}<span class="visually-hidden"> ${msg('(opens in a new tab)')}</span></a
            >
          </p>`
        : nothing}
    </div>`;
  }

  #renderFacts(trial: Trial): TemplateResult {
    const healthy = trial.healthyVolunteers;
    return html`<dl class="facts" part="facts">
      <div><dt>${msg('Ages')}</dt><dd>${ageRangeLabel(trial.ages)}</dd></div>
      <div><dt>${msg('Sex')}</dt><dd>${sexLabel(trial.sex)}</dd></div>
      ${healthy === undefined
        ? nothing
        : html`<div><dt>${msg('Healthy volunteers')}</dt><dd>${healthy ? msg('Accepted') : msg('Not accepted')}</dd></div>`}
    </dl>`;
  }

  /**
   * The section's name: the heading as the record wrote it, marked as English when the
   * interface is not; but a heading that is only the words the parser knows it by
   * ("Inclusion Criteria:", "EXCLUSION CRITERIA") is said in the reader's language.
   */
  #sectionLabel(section: EligibilitySection): string | TemplateResult {
    const lang = this.#textLang;
    const translated = activeLocale() !== 'en' && section.kind !== 'other' && PLAIN_HEADING.test(section.heading?.trim() ?? '');
    if (section.heading && !translated) {
      return lang ? html`<span lang=${lang}>${section.heading}</span>` : section.heading;
    }
    return this.#kindLabel(section.kind);
  }

  #kindLabel(kind: EligibilitySectionKind): string {
    switch (kind) {
      case 'inclusion':
        return msg('Inclusion criteria');
      case 'exclusion':
        return msg('Exclusion criteria');
      case 'other':
        return msg('Other criteria');
      case 'criteria':
        return msg('Participation criteria');
    }
  }

  #sectionHeader(section: EligibilitySection): TemplateResult {
    const label = this.#sectionLabel(section);
    if (section.placeholder) return html`${label} <span class="count">(${msg('none listed')})</span>`;
    const count = section.groups.reduce((n, g) => n + g.blocks.filter((b) => b.type === 'criterion').length, 0);
    return html`${label} <span class="count">(${count})</span>`;
  }

  #renderSection(section: EligibilitySection, level: number): TemplateResult {
    if (section.placeholder) return html`<p class="none">${msg('None listed')}</p>`;
    return html`${section.groups.map((group) => this.#renderGroup(group, level))}`;
  }

  #renderGroup(group: CriteriaGroup, level: number): TemplateResult {
    return html`<div class="group">
      ${group.heading
        ? renderHeading(level, html`<span lang=${this.#textLang ?? nothing}>${renderInline(group.heading)}</span>`, { className: 'subheading' })
        : nothing}
      ${this.#renderBlocks(group.blocks, level)}
    </div>`;
  }

  /** Notes become paragraphs; each run of criteria becomes one list. */
  #renderBlocks(blocks: readonly CriteriaBlock[], level: number, nested = false): unknown[] {
    const out: unknown[] = [];
    let run: Criterion[] = [];
    // Read only, a list is all record text, so it carries the text's language once; with
    // answers, each criterion's text does, as the choices are in the reader's language.
    const listLang = this.prescreen || nested ? undefined : this.#textLang;
    const flush = () => {
      if (run.length) {
        const items = run.map((c) => (this.prescreen ? this.#renderAnswerableCriterion(c, level) : this.#renderCriterion(c, level)));
        out.push(html`<ul class="criteria" part="criteria" role="list" lang=${listLang ?? nothing}>${items}</ul>`);
      }
      run = [];
    };
    for (const block of blocks) {
      if (block.type === 'criterion') run.push(block);
      else {
        flush();
        out.push(html`<p class=${nested ? 'note nested' : 'note'} lang=${this.#textLang ?? nothing}>${renderInline(block.text)}</p>`);
      }
    }
    flush();
    return out;
  }

  /**
   * A criterion to read. A long text renders hundreds of these at once, so the template keeps
   * to the bindings it needs (every binding costs on a first render); the marker is drawn as text
   * (list-style is off) so the source's numbering ("4.", "b)") survives and nothing hangs
   * outside the item, which content-visibility would clip.
   */
  #renderCriterion(criterion: Criterion, level: number): TemplateResult {
    return html`<li class="criterion">
        <span class="marker" aria-hidden=${criterion.marker ? nothing : 'true'}>${criterion.marker ?? '•'}</span>
        <div class="body">
          <span class="text">${renderInline(criterion.text)}</span>
          ${criterion.children.length ? this.#renderBlocks(criterion.children, level, true) : nothing}
        </div>
      </li>`;
  }

  /** A criterion with the pre-screen's choices, which its text names (`aria-labelledby`). */
  #renderAnswerableCriterion(criterion: Criterion, level: number): TemplateResult {
    return html`<li class="criterion">
        <span class="marker" aria-hidden=${criterion.marker ? nothing : 'true'}>${criterion.marker ?? '•'}</span>
        <div class="body">
          <span id=${`text-${criterion.id}`} class="text" lang=${this.#textLang ?? nothing}>${renderInline(criterion.text)}</span>
          ${criterion.children.length ? this.#renderBlocks(criterion.children, level, true) : nothing}
          ${this.#answerable.has(criterion.id) ? this.#renderAnswer(criterion) : nothing}
        </div>
      </li>`;
  }

  #renderAnswer(criterion: Criterion): TemplateResult {
    const current = this.answerState.get(criterion.id);
    const choices: [PrescreenValue, string][] = [
      ['yes', msg('Yes')],
      ['no', msg('No')],
      ['unsure', msg('Not sure')],
    ];
    return html`<div class="answer" part="answer" role="radiogroup" aria-labelledby=${`text-${criterion.id}`}>
      ${choices.map(
        ([value, label]) =>
          html`<label class="choice">
            <input
              type="radio"
              name=${`answer-${criterion.id}`}
              value=${value}
              .checked=${current === value}
              @change=${() => this.#answer(criterion.id, value)}
            />${label}</label
          >`,
      )}
    </div>`;
  }

  #answer(criterionId: string, value: PrescreenValue): void {
    const next = new Map(this.answerState);
    next.set(criterionId, value);
    this.answerState = next;
    this.dispatchEvent(new TrialPrescreenChangeEvent({ answers: this.answers, criterionId, answer: value }));
  }

  #renderPrescreenIntro(): TemplateResult {
    return html`<p class="prescreen-intro">
      ${msg(
        'Answer yes, no or not sure for each criterion. Your answers stay on this page; they are only shared with the study team if you choose to send them.',
      )}
    </p>`;
  }

  #renderSummary(level: number): TemplateResult {
    const total = this.#answerable.size;
    const answered = this.answerState.size;
    // "Yes" to an inclusion criterion and "yes" to an exclusion criterion mean opposite things,
    // so answers are counted per kind of list and worded for it.
    const counts = new Map<EligibilitySectionKind, Record<PrescreenValue, number>>();
    for (const [criterionId, answer] of this.answerState) {
      const kind = this.#answerable.get(criterionId)?.section.kind;
      if (!kind) continue;
      const count = counts.get(kind) ?? { yes: 0, no: 0, unsure: 0 };
      count[answer] += 1;
      counts.set(kind, count);
    }
    const lines = (['inclusion', 'exclusion', 'other', 'criteria'] as const).flatMap((kind) => {
      const c = counts.get(kind);
      return c ? [prescreenSummaryLine(kind, c)] : [];
    });
    return html`<section class="summary" part="summary" aria-labelledby=${`summary-title ${TRIAL_CONTEXT_ID}`}>
      ${renderHeading(subheadingLevel(level), msg('Your answers'), { id: 'summary-title' })}
      <div role="status">
        <p>
          ${answered
            ? msg(str`You answered ${answered} of ${total} questions.`)
            : msg(str`You have not answered any of the ${total} questions yet.`)}
        </p>
        ${lines.length ? html`<ul class="summary-lines">${lines.map((line) => html`<li>${line}</li>`)}</ul>` : nothing}
      </div>
      <p class="notice">${msg('This is not a medical assessment. Only the study team can tell whether this trial is right for you.')}</p>
    </section>`;
  }
}

/** One list's answers in plain words, never a verdict. */
function prescreenSummaryLine(kind: EligibilitySectionKind, c: Record<PrescreenValue, number>): string {
  switch (kind) {
    case 'inclusion':
      return msg(str`Inclusion: ${c.yes} you may meet, ${c.no} you may not, ${c.unsure} not sure.`);
    case 'exclusion':
      return msg(str`Exclusion: ${c.yes} may apply to you, ${c.no} may not, ${c.unsure} not sure.`);
    default:
      return msg(str`Other criteria: ${c.yes} yes, ${c.no} no, ${c.unsure} not sure.`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-eligibility': TrialEligibility;
  }
}
