/**
 * The contact form's checking and error display: the problems of the reader's fields, which of
 * them the reader has been shown (a field once left with something in it, every field after a
 * submit), and the error summary that links to each. The form owns what it does with them
 * (focus, announcements, events); the words come from contact-field-messages.ts.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import { CONTACT_FIELDS, ContactSubmissionSchema, contactFieldErrors } from '../../model/contact.ts';
import type { FieldErrorInfo } from '../../data/delivery.ts';
import { renderHeading } from '../../internal/heading.ts';
import { TRIAL_CONTEXT_ID } from '../../internal/trial-context.ts';
import { fieldMessage, knownCode, type FormField } from './contact-field-messages.ts';

/** A localized problem per field. */
export type FieldProblems = Partial<Record<FormField, string>>;

/** Problems listed in the summary, in the order the reader meets them on the page. */
export const SUMMARY_ORDER: readonly FormField[] = ['site', ...CONTACT_FIELDS];

/** The problems of a payload the form would send, and of the center choice, in localized words. */
export function payloadProblems(payload: Record<string, unknown>, { siteMissing }: { siteMissing: boolean }): FieldProblems {
  const problems: FieldProblems = {};
  if (siteMissing) problems.site = fieldMessage('site', 'required');
  const parsed = ContactSubmissionSchema.safeParse(payload);
  if (parsed.success) return problems;
  const found = contactFieldErrors(parsed.error);
  for (const field of CONTACT_FIELDS) {
    const error = found[field];
    if (error) problems[field] = fieldMessage(field, error.code);
  }
  return problems;
}

/** The problems a server named in its refusal, for the fields the reader can fix. */
export function serverProblems(fields: Record<string, FieldErrorInfo>): FieldProblems {
  const problems: FieldProblems = {};
  for (const field of CONTACT_FIELDS) {
    const error = fields[field];
    if (error) problems[field] = fieldMessage(field, knownCode(error.code));
  }
  return problems;
}

/** The form's problems and what the reader has been shown of them; each change renders the host again. */
export class ContactFieldChecks {
  readonly #host: ReactiveControllerHost;
  #problems: FieldProblems = {};
  #touched: ReadonlySet<FormField> = new Set();
  #summaryShown = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** Whether any problem is on show, so typing should check the fields again. */
  get showing(): boolean {
    return this.#touched.size > 0 || this.#summaryShown;
  }

  /** Whether `field` has a problem, shown or not. */
  hasProblem(field: FormField): boolean {
    return Boolean(this.#problems[field]);
  }

  /** The problem to show at `field`, once the reader has left it or submitted. */
  problemFor(field: FormField): string | undefined {
    return this.#summaryShown || this.#touched.has(field) ? this.#problems[field] : undefined;
  }

  /** Replaces the problems (after the reader changed something). */
  set(problems: FieldProblems): void {
    this.#problems = problems;
    this.#host.requestUpdate();
  }

  /**
   * The reader left a field: it counts as touched once left with something typed (a checkbox or
   * radio always). Answers whether the fields should be checked again.
   */
  left(field: string, typed: boolean): boolean {
    if (!(SUMMARY_ORDER as readonly string[]).includes(field)) return false;
    const known = field as FormField;
    if (!typed && !this.#touched.has(known)) return false;
    this.#touched = new Set([...this.#touched, known]);
    this.#host.requestUpdate();
    return true;
  }

  /** Shows every problem at its field and in the summary (after a submit); answers how many. */
  showAll(problems: FieldProblems): number {
    this.#problems = problems;
    this.#touched = new Set(SUMMARY_ORDER);
    this.#summaryShown = true;
    this.#host.requestUpdate();
    return Object.keys(problems).length;
  }

  /** A submit found nothing to fix: the summary goes. */
  passed(): void {
    this.#problems = {};
    this.#summaryShown = false;
    this.#host.requestUpdate();
  }

  /** The message was sent: the next one starts untouched. */
  reset(): void {
    this.#problems = {};
    this.#touched = new Set();
    this.#host.requestUpdate();
  }

  /**
   * The error summary after a failed submit: a region named by its heading (a name on a plain
   * div means nothing), focused by the form; the count of problems is announced by the form's
   * status line, not again here.
   */
  renderSummary(level: number, focusField: (event: Event, field: FormField) => void): TemplateResult | typeof nothing {
    const shown = SUMMARY_ORDER.filter((field) => this.problemFor(field));
    if (!this.#summaryShown || !shown.length) return nothing;
    return html`<div class="error-summary" part="error-summary" role="region" tabindex="-1" aria-labelledby=${`error-summary-title ${TRIAL_CONTEXT_ID}`}>
      ${renderHeading(level, msg('There is a problem'), { id: 'error-summary-title' })}
      <ul>
        ${shown.map(
          (field) => html`<li>
            <a href="#${field}" @click=${(event: Event) => focusField(event, field)}>${this.#problems[field]}</a>
          </li>`,
        )}
      </ul>
    </div>`;
  }
}
