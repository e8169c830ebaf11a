import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { safeHref } from '../../model/markdown.ts';
import { involvementFacts, hasInvolvement, type GroupIntervention, type InvolvementFacts, type InvolvementGroup } from '../../model/involvement.ts';
import { ctgovStudyUrl, isNctId, type Intervention, type Outcome, type Trial } from '../../model/trial.ts';
import { clampHeadingLevel, renderHeading, subheadingLevel } from '../../internal/heading.ts';
import { renderMarkdown } from '../../internal/markdown-view.ts';
import { recordTextLang } from '../../internal/record-lang.ts';
import { TrialDataElement } from '../../internal/trial-data-element.ts';
import { formatLocale } from '../../internal/localize.ts';
import { numberLabel, partialDateLabel } from '../../internal/trial-labels.ts';
import { buttonStyles, stateStyles, tokens } from '../../internal/tokens.styles.ts';
import {
  armTypeLabel,
  documentLabel,
  enrollmentLabel,
  interventionModelLabel,
  interventionTypeLabel,
  ipdInfoTypeLabel,
  ipdSentence,
  listLabel,
  maskingSentence,
  observationalModelLabel,
  primaryPurposeLabel,
  timePerspectiveLabel,
} from './involvement-labels.ts';
import { involvementStyles } from './trial-involvement.styles.ts';
import { TrialInvolvementToggleEvent } from './trial-involvement.events.ts';
import { labelledWithTrial, renderTrialContext } from '../../internal/trial-context.ts';

export { TrialInvolvementToggleEvent } from './trial-involvement.events.ts';

/** Outcomes shown before a list is collapsed behind a "Show all" button. */
const SHOWN_OUTCOMES = { primary: 5, secondary: 3, other: 3 } as const;

type OutcomeKind = keyof typeof SHOWN_OUTCOMES;

declare global {
  interface HTMLElementTagNameMap {
    'trial-involvement': TrialInvolvement;
  }
}

function sameText(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * What taking part in a trial involves, from its record: the groups a participant may be put
 * in and what each receives, how they are assigned (at random only when the record says so),
 * whether a group gets a placebo (only when an arm is a placebo comparator or an intervention
 * is named a placebo), who knows which group a participant is in, the number of participants,
 * what is measured and over what time frame, whether participant data will be shared, and the
 * study documents the record links to. Observational studies show their cohorts, model and
 * time perspective instead of treatment groups.
 *
 * - The section is a disclosure: `<hN><button aria-expanded aria-controls>` + `role="region"`,
 *   closed unless `open` is set; its content renders when first opened and is kept after.
 * - Long outcome lists show the first few (5 primary, 3 secondary, 3 other) and a button that
 *   shows all of them, with their count.
 * - Text from the record (labels, descriptions, measures, time frames) is marked `lang="en"`
 *   when the element's language is not English; markdown goes through the safe renderer.
 * - A record that describes none of this renders the heading and one sentence saying so, with
 *   a link to the full record, so a reader knows the section was not forgotten.
 *
 * @summary What taking part involves: groups and what each receives, random assignment and
 * placebo as the record states them, masking, number of participants, outcomes with time
 * frames, data sharing and study documents.
 *
 * @tag trial-involvement
 *
 * @slot - Shown while no data source is set, e.g. the host page's own description of the study.
 *
 * @csspart base - The wrapper of everything.
 * @csspart title - The heading of the section.
 * @csspart toggle - The button in the heading that opens or closes the section.
 * @csspart panel - The region the button controls.
 * @csspart highlights - The plain-words statements: assignment, placebo, masking, observation.
 * @csspart facts - The study size and design facts.
 * @csspart groups - The groups (cohorts in an observational study) and what each receives.
 * @csspart group - One group.
 * @csspart outcomes - What is measured, with time frames.
 * @csspart outcome-list - One list of outcomes (primary, secondary or other).
 * @csspart show-all - The button that shows every outcome of a long list.
 * @csspart data-sharing - Whether individual participant data will be shared.
 * @csspart documents - Links to published study documents and further information.
 * @csspart source-link - The link to the full record on ClinicalTrials.gov.
 * @csspart empty - The sentence shown when the record describes none of this.
 * @csspart skeleton - The loading placeholder.
 * @csspart state - The not-found or error message.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --trial-involvement-header-background - Background of the section's heading button.
 * @cssprop --trial-color-accent - Links and buttons.
 * @cssprop --trial-color-border - Borders around the section and its groups.
 * @cssprop --trial-font-family - Font of all text.
 *
 * @fires trial-involvement-toggle - The reader opened or closed the section (`open`).
 * @fires trial-error - The trial could not be loaded or read; `event.cause` says why.
 */
export class TrialInvolvement extends TrialDataElement {
  static override styles = [tokens, buttonStyles, stateStyles, involvementStyles];

  static override properties = {
    ...TrialDataElement.properties,
    headingLevel: { type: Number, attribute: 'heading-level' },
    open: { type: Boolean },
    expandedLists: { state: true },
  };

  /** Level of the section heading (2–6, default 3); sub-headings are one and two below. */
  declare headingLevel: number;
  /** Whether the section is open. The reader's toggles change it. */
  declare open: boolean;
  declare private expandedLists: ReadonlySet<OutcomeKind>;

  /** Whether the panel has been open once, so its content exists. */
  #rendered = false;
  #facts: { trial: Trial; facts: InvolvementFacts } | undefined;

  constructor() {
    super();
    this.headingLevel = 3;
    this.open = false;
    this.expandedLists = new Set();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.open) this.#rendered = true;
    const trial = this.currentTrial;
    if (trial && this.#facts?.trial !== trial) {
      this.#facts = { trial, facts: involvementFacts(trial) };
      this.expandedLists = new Set();
    }
  }

  override render() {
    return this.renderLoadState((trial) => this.#renderSection(trial));
  }

  #toggle(): void {
    this.open = !this.open;
    this.dispatchEvent(new TrialInvolvementToggleEvent(this.open));
  }

  #renderSection(trial: Trial): TemplateResult {
    const level = clampHeadingLevel(this.headingLevel, 3);
    const title = msg('What taking part involves');
    if (!hasInvolvement(trial)) {
      return html`<div class="base empty-base" part="base">
        ${renderHeading(level, title, { id: 'title', part: 'title', className: 'title' })}
        <p class="empty" part="empty">${msg('The study record does not describe its groups, what is measured or whether data will be shared.')}</p>
        ${this.#renderSourceLink(trial)}
      </div>`;
    }
    const button = html`<button
      id="toggle"
      class="toggle"
      part="toggle"
      type="button"
      aria-expanded=${this.open ? 'true' : 'false'}
      aria-controls="panel"
      @click=${() => this.#toggle()}
    >
      <span>${title}</span><span class="icon" aria-hidden="true"></span>
    </button>`;
    return html`<div class="base" part="base">
      ${renderHeading(level, button, { id: 'title', part: 'title', className: 'title' })} ${renderTrialContext(trial)}
      <div id="panel" class="panel" part="panel" role="region" aria-labelledby=${labelledWithTrial('toggle', trial)} ?hidden=${!this.open}>
        ${this.#rendered ? this.#renderContent(trial, subheadingLevel(level)) : nothing}
      </div>
    </div>`;
  }

  #renderContent(trial: Trial, level: number): TemplateResult {
    const facts = this.#facts?.trial === trial ? this.#facts.facts : involvementFacts(trial);
    const lang = recordTextLang(this) ?? nothing;
    return html`${this.#renderHighlights(trial, facts)} ${this.#renderFacts(trial, lang)} ${this.#renderGroups(trial, facts, level, lang)}
    ${this.#renderOutcomes(trial, level, lang)} ${this.#renderIpd(trial, level, lang)} ${this.#renderDocuments(trial, level, lang)}
    ${this.#renderSourceLink(trial)}`;
  }

  #renderHighlights(trial: Trial, facts: InvolvementFacts): TemplateResult | typeof nothing {
    const lines: string[] = [];
    if (facts.observational) {
      lines.push(msg('This is an observational study: researchers observe participants and do not assign them a treatment.'));
    }
    if (facts.randomized === true) lines.push(msg('Participants are assigned at random (by chance) to one of the groups.'));
    if (facts.randomized === false) lines.push(msg('Participants are not assigned to the groups at random.'));
    const placebo = facts.placeboGroups;
    if (placebo === 1) lines.push(msg('One group receives a placebo: a look-alike treatment with no active ingredient.'));
    else if (placebo > 1) {
      const n = numberLabel(placebo);
      lines.push(msg(str`${n} groups receive a placebo: a look-alike treatment with no active ingredient.`));
    } else if (facts.placeboNamed) lines.push(msg('The study uses a placebo: a look-alike treatment with no active ingredient.'));
    const sham = facts.shamGroups;
    if (sham === 1) lines.push(msg('One group receives a sham: a simulated procedure or device without the active part.'));
    else if (sham > 1) {
      const n = numberLabel(sham);
      lines.push(msg(str`${n} groups receive a sham: a simulated procedure or device without the active part.`));
    }
    const masking = trial.design ? maskingSentence(trial.design) : undefined;
    if (masking) lines.push(masking);
    if (!lines.length) return nothing;
    return html`<ul class="highlights" part="highlights">
      ${lines.map((line) => html`<li>${line}</li>`)}
    </ul>`;
  }

  #renderFacts(trial: Trial, lang: string | typeof nothing): TemplateResult | typeof nothing {
    const design = trial.design;
    if (!design) return nothing;
    const rows: [string, unknown][] = [];
    if (design.enrollment) rows.push([msg('Number of participants'), enrollmentLabel(design.enrollment)]);
    if (design.interventionModel) rows.push([msg('Study model'), interventionModelLabel(design.interventionModel)]);
    if (design.primaryPurpose) rows.push([msg('Main purpose'), primaryPurposeLabel(design.primaryPurpose)]);
    if (design.observationalModel) rows.push([msg('Observational model'), observationalModelLabel(design.observationalModel)]);
    if (design.timePerspective) rows.push([msg('Time perspective'), timePerspectiveLabel(design.timePerspective)]);
    if (design.targetDuration) rows.push([msg('Follow-up planned for each participant'), html`<span lang=${lang}>${design.targetDuration}</span>`]);
    if (design.patientRegistry) rows.push([msg('Patient registry'), msg('Yes: participants’ health information is collected in a registry.')]);
    if (!rows.length) return nothing;
    return html`<dl class="facts" part="facts">
      ${rows.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}
    </dl>`;
  }

  #renderGroups(trial: Trial, facts: InvolvementFacts, level: number, lang: string | typeof nothing): TemplateResult | typeof nothing {
    if (!facts.groups.length && !facts.unlinked.length) return nothing;
    const heading = facts.observational ? msg('Groups observed (cohorts)') : msg('Groups a participant may be put in');
    return html`<section class="groups" part="groups">
      ${renderHeading(level, heading)}
      ${facts.groups.length
        ? html`<ul class="group-list" role="list">
            ${facts.groups.map((group) => this.#renderGroup(group, facts, lang))}
          </ul>`
        : nothing}
      ${facts.unlinked.length
        ? html`<div class="unlinked">
            <p class="label">${facts.groups.length ? msg('Also in this study, not linked to a group:') : msg('Interventions in this study:')}</p>
            <ul>
              ${facts.unlinked.map((intervention) => this.#renderIntervention({ name: intervention.name, ...(intervention.type ? { type: intervention.type } : {}), intervention }, undefined, lang))}
            </ul>
          </div>`
        : nothing}
    </section>`;
  }

  #renderGroup(group: InvolvementGroup, facts: InvolvementFacts, lang: string | typeof nothing): TemplateResult {
    const arm = group.arm;
    return html`<li class="group" part="group">
      <p class="group-name">
        <strong lang=${lang}>${arm.label}</strong>${arm.type ? html` <span class="group-type">${armTypeLabel(arm.type)}</span>` : nothing}
      </p>
      ${arm.description ? html`<div class="text" lang=${lang}>${renderMarkdown(arm.description)}</div>` : nothing}
      ${group.interventions.length
        ? html`<p class="label">${facts.observational ? msg('Intervention or exposure:') : msg('Receives:')}</p>
            <ul>
              ${group.interventions.map((entry) => this.#renderIntervention(entry, arm.description, lang))}
            </ul>`
        : arm.type === 'NO_INTERVENTION' || facts.observational
          ? nothing
          : html`<p class="none">${msg('The record lists no intervention for this group.')}</p>`}
    </li>`;
  }

  #renderIntervention(entry: GroupIntervention, armDescription: string | undefined, lang: string | typeof nothing): TemplateResult {
    const intervention: Intervention | undefined = entry.intervention;
    const others = intervention?.otherNames.filter((name) => !sameText(name, entry.name)) ?? [];
    const description = intervention?.description;
    // Records often repeat the name or the arm's description as the intervention's description.
    const showDescription = description && !sameText(description, entry.name) && !sameText(description, armDescription);
    return html`<li class="intervention">
      ${entry.type ? html`<span class="intervention-type">${interventionTypeLabel(entry.type)}:</span> ` : nothing}<span lang=${lang}
        >${entry.name}</span
      >${others.length ? html` <span class="other-names">(${msg('also called')} <span lang=${lang}>${others.join(', ')}</span>)</span>` : nothing}
      ${showDescription ? html`<div class="text" lang=${lang}>${renderMarkdown(description)}</div>` : nothing}
    </li>`;
  }

  #renderOutcomes(trial: Trial, level: number, lang: string | typeof nothing): TemplateResult | typeof nothing {
    const outcomes = trial.outcomes;
    if (!outcomes || !(outcomes.primary.length || outcomes.secondary.length || outcomes.other.length)) return nothing;
    const sub = subheadingLevel(level);
    return html`<section class="outcomes" part="outcomes">
      ${renderHeading(level, msg('What is measured, and for how long'))}
      ${this.#renderOutcomeList('primary', outcomes.primary, sub, lang)} ${this.#renderOutcomeList('secondary', outcomes.secondary, sub, lang)}
      ${this.#renderOutcomeList('other', outcomes.other, sub, lang)}
    </section>`;
  }

  #renderOutcomeList(kind: OutcomeKind, list: readonly Outcome[], level: number, lang: string | typeof nothing): TemplateResult | typeof nothing {
    if (!list.length) return nothing;
    const heading =
      kind === 'primary' ? msg('Primary outcomes') : kind === 'secondary' ? msg('Secondary outcomes') : msg('Other outcomes');
    const limit = SHOWN_OUTCOMES[kind];
    const collapsible = list.length > limit + 1;
    const expanded = !collapsible || this.expandedLists.has(kind);
    const shown = expanded ? list : list.slice(0, limit);
    const count = numberLabel(list.length);
    const id = `outcomes-${kind}`;
    let showAll: string;
    let showFewer: string;
    switch (kind) {
      case 'primary':
        showAll = msg(str`Show all ${count} primary outcomes`);
        showFewer = msg('Show fewer primary outcomes');
        break;
      case 'secondary':
        showAll = msg(str`Show all ${count} secondary outcomes`);
        showFewer = msg('Show fewer secondary outcomes');
        break;
      default:
        showAll = msg(str`Show all ${count} other outcomes`);
        showFewer = msg('Show fewer other outcomes');
    }
    return html`<div class="outcome-group">
      ${renderHeading(level, html`${heading} <span class="count">(${count})</span>`, { className: 'subheading' })}
      <ol id=${id} class="outcome-list" part="outcome-list">
        ${shown.map(
          (outcome) => html`<li class="outcome">
            <p class="measure" lang=${lang}>${outcome.measure}</p>
            ${outcome.timeFrame
              ? html`<p class="time-frame"><span class="label">${msg('Time frame:')}</span> <span lang=${lang}>${outcome.timeFrame}</span></p>`
              : nothing}
            ${outcome.description ? html`<div class="text" lang=${lang}>${renderMarkdown(outcome.description)}</div>` : nothing}
          </li>`,
        )}
      </ol>
      ${collapsible
        ? html`<button
            class="link-button show-all"
            part="show-all"
            type="button"
            aria-expanded=${expanded ? 'true' : 'false'}
            aria-controls=${id}
            @click=${() => this.#toggleList(kind)}
          >
            ${expanded ? showFewer : showAll}
          </button>`
        : nothing}
    </div>`;
  }

  #toggleList(kind: OutcomeKind): void {
    const next = new Set(this.expandedLists);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    this.expandedLists = next;
  }

  #renderIpd(trial: Trial, level: number, lang: string | typeof nothing): TemplateResult | typeof nothing {
    const ipd = trial.ipdSharing;
    if (!ipd) return nothing;
    const url = ipd.url ? safeHref(ipd.url) : undefined;
    const rows: [string, unknown][] = [];
    if (ipd.infoTypes.length) rows.push([msg('What may be shared'), listLabel(ipd.infoTypes.map(ipdInfoTypeLabel))]);
    if (ipd.timeFrame) rows.push([msg('When'), html`<span lang=${lang}>${ipd.timeFrame}</span>`]);
    if (ipd.accessCriteria) rows.push([msg('Who can ask, and how'), html`<span lang=${lang}>${ipd.accessCriteria}</span>`]);
    return html`<section class="data-sharing" part="data-sharing">
      ${renderHeading(level, msg('Sharing of participant data'))}
      ${ipd.sharing ? html`<p>${ipdSentence(ipd.sharing)}</p>` : nothing}
      ${ipd.description ? html`<div class="text" lang=${lang}>${renderMarkdown(ipd.description)}</div>` : nothing}
      ${rows.length ? html`<dl class="facts">${rows.map(([term, value]) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`)}</dl>` : nothing}
      ${url
        ? html`<p>
            <a href=${url} target="_blank" rel="noopener noreferrer nofollow"
              >${msg('About sharing the data of this study')}<span class="visually-hidden"> ${msg('(opens in a new tab)')}</span></a
            >
          </p>`
        : nothing}
    </section>`;
  }

  #renderDocuments(trial: Trial, level: number, lang: string | typeof nothing): TemplateResult | typeof nothing {
    const documents = (trial.documents ?? []).flatMap((doc) => {
      const url = safeHref(doc.url);
      return url ? [{ ...doc, url }] : [];
    });
    const links = (trial.links ?? []).flatMap((link) => {
      const url = safeHref(link.url);
      return url && !url.toLowerCase().startsWith('mailto:') ? [{ ...link, url }] : [];
    });
    if (!documents.length && !links.length) return nothing;
    const newTab = html`<span class="visually-hidden"> ${msg('(opens in a new tab)')}</span>`;
    return html`<section class="documents" part="documents">
      ${renderHeading(level, msg('Study documents and links'))}
      <ul>
        ${documents.map((doc) => {
          const date = doc.date ? partialDateLabel(doc.date, formatLocale()) : undefined;
          return html`<li>
            <a href=${doc.url} target="_blank" rel="noopener noreferrer">${documentLabel(doc)}${/\.pdf$/i.test(doc.url) ? ' (PDF)' : ''}${newTab}</a
            >${date ? html` <span class="date">(${msg(str`dated ${date}`)})</span>` : nothing}
          </li>`;
        })}
        ${links.map(
          (link) =>
            html`<li>
              <a href=${link.url} target="_blank" rel="noopener noreferrer nofollow"
                ><span lang=${lang}>${link.label ?? link.url}</span>${newTab}</a
              >
            </li>`,
        )}
      </ul>
    </section>`;
  }

  #renderSourceLink(trial: Trial): TemplateResult | typeof nothing {
    if (!isNctId(trial.id)) return nothing;
    return html`<p class="source">
      <a part="source-link" href=${ctgovStudyUrl(trial.id)} target="_blank" rel="noopener noreferrer"
        >${msg('Full study record on ClinicalTrials.gov')}<span class="visually-hidden"> ${msg('(opens in a new tab)')}</span></a
      >
    </p>`;
  }
}
