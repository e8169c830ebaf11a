import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { parseMarkdown, MARKDOWN_MAX_CHARS, type Block } from '../../model/markdown.ts';
import { ctgovStudyUrl, isNctId, type Trial } from '../../model/trial.ts';
import { renderBlocks } from '../../internal/markdown-view.ts';
import { clampHeadingLevel, renderHeading, subheadingLevel } from '../../internal/heading.ts';
import { TrialDataElement } from '../../internal/trial-data-element.ts';
import { formatLocale } from '../../internal/localize.ts';
import { recordTextLang } from '../../internal/record-lang.ts';
import { ageRangeLabel, displayStatus, partialDateLabel, phaseLabel, sexLabel } from '../../internal/trial-labels.ts';
import { buttonStyles, stateStyles, tokens } from '../../internal/tokens.styles.ts';
import { cardStyles } from './trial-card.styles.ts';
import { StructuredDataLoader } from './structured-data-loader.ts';

/** Descriptions longer than this many characters start collapsed. */
const COLLAPSE_AFTER_CHARS = 700;

function blockLength(block: Block): number {
  return JSON.stringify(block).length;
}

/**
 * @summary One clinical trial at a glance: status, ages, sex and phase; title; overview;
 * description; conditions; NCT number, sponsor and last update, with attribution.
 *
 * @tag trial-card
 *
 * @slot - Shown while no data source is set, e.g. the host page's own description of the trial.
 *
 * @csspart base - The card's `<article>`.
 * @csspart image - The optional image.
 * @csspart badges - The list of key facts.
 * @csspart badge - One key fact (status, ages, sex, phase).
 * @csspart status - The status badge.
 * @csspart title - The trial title heading.
 * @csspart summary - The overview section.
 * @csspart description - The detailed description section.
 * @csspart toggle - The button that expands or collapses a long description.
 * @csspart conditions - The conditions section.
 * @csspart meta - The trial number, sponsor and dates.
 * @csspart attribution - The "Source: ClinicalTrials.gov" line.
 * @csspart skeleton - The loading placeholder.
 * @csspart state - The not-found or error message.
 * @csspart retry - The retry button of the error state.
 *
 * @cssprop --trial-card-padding - Space inside the card.
 * @cssprop --trial-color-accent - Links and buttons.
 * @cssprop --trial-color-surface - Card background.
 * @cssprop --trial-color-border - Card and badge borders.
 * @cssprop --trial-font-family - Font of all text.
 *
 * @fires trial-error - The trial could not be loaded or read; `event.cause` says why.
 */
export class TrialCard extends TrialDataElement {
  static override styles = [tokens, buttonStyles, stateStyles, cardStyles];

  static override properties = {
    ...TrialDataElement.properties,
    headingLevel: { type: Number, attribute: 'heading-level' },
    imageSrc: { type: String, attribute: 'image-src' },
    imageAlt: { type: String, attribute: 'image-alt' },
    descriptionOpen: { type: Boolean, attribute: 'description-open' },
    structuredData: { type: Boolean, attribute: 'structured-data' },
  };

  /** Level of the title heading (2–6); section headings are one level below. */
  declare headingLevel: number;
  /** An image for the trial; overrides the trial's own `image`. */
  declare imageSrc: string | undefined;
  /** Text alternative of the image; leave empty only for a decorative image. */
  declare imageAlt: string | undefined;
  /** Whether a long description starts expanded. */
  declare descriptionOpen: boolean;
  /**
   * Whether to add the trial's schema.org JSON-LD (MedicalTrial) to the document head; one
   * script per trial, removed with the last card that asked for it.
   */
  declare structuredData: boolean;

  #textLang: 'en' | undefined;

  constructor() {
    super();
    this.headingLevel = 2;
    this.descriptionOpen = false;
    this.structuredData = false;
    new StructuredDataLoader(this, () => (this.structuredData ? this.currentTrial : undefined));
  }

  override render() {
    return this.renderLoadState((trial) => this.#renderCard(trial));
  }

  #renderCard(trial: Trial): TemplateResult {
    const level = clampHeadingLevel(this.headingLevel, 2);
    const sub = subheadingLevel(level);
    const status = displayStatus(trial);
    const phases = phaseLabel(trial.phases);
    const ages = ageRangeLabel(trial.ages);
    const sex = sexLabel(trial.sex);
    // Text from the record is English; marked so when the interface around it is not. Asked
    // once per render: it walks up the tree through shadow roots.
    this.#textLang = recordTextLang(this);
    const lang = this.#textLang ?? nothing;
    return html`<article part="base" aria-labelledby="title">
      ${this.#renderImage(trial)}
      <ul class="badges" part="badges" aria-label=${msg('Key facts')}>
        <li class="badge status ${status.tone}" part="badge status">
          <span class="visually-hidden">${msg('Status:')}</span>${status.label}
          ${status.note ? html`<span class="note">(${status.note})</span>` : nothing}
        </li>
        <li class="badge" part="badge">${msg(str`Ages ${ages}`)}</li>
        <li class="badge" part="badge">${msg(str`Sex: ${sex}`)}</li>
        ${phases ? html`<li class="badge" part="badge">${phases}</li>` : nothing}
      </ul>
      ${renderHeading(
        level,
        html`<span lang=${lang}>${trial.title}${trial.acronym ? html` <span class="acronym">(${trial.acronym})</span>` : nothing}</span>`,
        { id: 'title', part: 'title', className: 'title' },
      )}
      ${trial.summary
        ? html`<section class="summary" part="summary">
            ${renderHeading(sub, msg('Overview'))} ${this.#renderText(trial.summary)}
          </section>`
        : nothing}
      ${trial.description ? this.#renderDescription(trial.description, sub) : nothing}
      ${trial.conditions.length
        ? html`<section class="conditions" part="conditions">
            ${renderHeading(sub, msg('Conditions'))}
            <ul lang=${lang}>
              ${trial.conditions.map((condition) => html`<li>${condition}</li>`)}
            </ul>
          </section>`
        : nothing}
      ${this.#renderMeta(trial)}
      <p class="attribution" part="attribution">
        ${msg('Source:')}
        <a href="https://clinicaltrials.gov/" target="_blank" rel="noopener noreferrer">ClinicalTrials.gov</a>${trial.dates.lastUpdate
          ? html`. ${msg(str`Last updated ${partialDateLabel(trial.dates.lastUpdate, formatLocale())}.`)}`
          : nothing}
      </p>
    </article>`;
  }

  #renderImage(trial: Trial) {
    const src = this.imageSrc ?? trial.image?.src;
    if (!src || !/^(https?:|\/|\.{0,2}\/|data:image\/)/i.test(src)) return nothing;
    return html`<img class="image" part="image" src=${src} alt=${this.imageAlt ?? trial.image?.alt ?? ''} loading="lazy" />`;
  }

  #renderText(source: string) {
    const shortened = source.length > MARKDOWN_MAX_CHARS;
    return html`<div lang=${this.#textLang ?? nothing}>${renderBlocks(parseMarkdown(source))}</div>
    ${shortened ? html`<p class="notice">${msg('This text was shortened here. Read it in full on ClinicalTrials.gov.')}</p>` : nothing}`;
  }

  #renderDescription(source: string, level: number) {
    const blocks = parseMarkdown(source);
    const long = source.length > COLLAPSE_AFTER_CHARS;
    const open = !long || this.descriptionOpen;
    let shown = blocks;
    if (!open) {
      // Show whole blocks up to the limit (at least one) so no sentence is cut mid-way.
      let used = 0;
      const count = blocks.findIndex((block) => (used += blockLength(block)) > COLLAPSE_AFTER_CHARS);
      shown = blocks.slice(0, Math.max(1, count));
    }
    return html`<section class="description" part="description">
      ${renderHeading(level, msg('Description'))}
      <div id="description-text">
        <div lang=${this.#textLang ?? nothing}>${renderBlocks(shown)}</div>
        ${source.length > MARKDOWN_MAX_CHARS && open
          ? html`<p class="notice">${msg('This text was shortened here. Read it in full on ClinicalTrials.gov.')}</p>`
          : nothing}
      </div>
      ${long
        ? html`<button
            class="toggle link-button"
            part="toggle"
            type="button"
            aria-expanded=${open ? 'true' : 'false'}
            aria-controls="description-text"
            @click=${() => (this.descriptionOpen = !this.descriptionOpen)}
          >
            ${open ? msg('Show less') : msg('Show full description')}
          </button>`
        : nothing}
    </section>`;
  }

  #renderMeta(trial: Trial) {
    return html`<dl class="meta" part="meta">
      <dt>${msg('Trial number')}</dt>
      <dd>
        ${isNctId(trial.id)
          ? html`<a href=${ctgovStudyUrl(trial.id)} target="_blank" rel="noopener noreferrer"
              >${trial.id}<span class="visually-hidden"> ${msg('on ClinicalTrials.gov (opens in a new tab)')}</span></a
            >`
          : trial.id}
      </dd>
      ${trial.sponsor ? html`<dt>${msg('Sponsor')}</dt><dd lang=${this.#textLang ?? nothing}>${trial.sponsor}</dd>` : nothing}
      ${trial.dates.start ? html`<dt>${msg('Start date')}</dt><dd>${partialDateLabel(trial.dates.start, formatLocale())}</dd>` : nothing}
    </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'trial-card': TrialCard;
  }
}
