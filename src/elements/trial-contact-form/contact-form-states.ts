/**
 * What the contact form shows instead of its fields: the study is not recruiting, enrolls by
 * invitation, the message waits on this device, or it was sent — in words that claim only what
 * the server's answer says happened.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { formatDateTime } from '../../internal/intl-formats.ts';
import { formatLocale } from '../../internal/localize.ts';
import { statusLabel } from '../../internal/trial-labels.ts';
import { chooseContact } from '../../data/nearest-site.ts';
import type { OutboxEntry } from '../../data/outbox.ts';
import type { ChosenSite, ContactReceipt } from '../../model/contact.ts';
import { ctgovStudyUrl, isNctId, type Trial } from '../../model/trial.ts';
import { languageNames, renderContactCard } from '../trial-site-picker/contact-card.ts';

/** What the reader sent and what the server said it did with it, for the success message. */
export interface SentMessage {
  site?: ChosenSite;
  trialTitle: string;
  receipt: ContactReceipt;
}

function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([A-Z_]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

function sentSiteName(site: ChosenSite | undefined): string | undefined {
  return site?.facility || [site?.city, site?.country].filter(Boolean).join(', ') || undefined;
}

/** The success message: the embedder's template if set, else built from the server's receipt. */
export function successText(sent: SentMessage, template: string | undefined): string {
  const site = sentSiteName(sent.site);
  if (template?.trim()) return fillTemplate(template.trim(), { SITE_NAME: site ?? msg('the study team'), TRIAL_TITLE: sent.trialTitle });
  const team = sent.receipt.delivery?.team;
  let text: string;
  if (team === 'email' || team === 'webhook') {
    text = site ? msg(str`Your message was sent to the study team at ${site}.`) : msg('Your message was sent to the study team.');
  } else if (team === 'stored') {
    text = site
      ? msg(str`Your message was received and is kept for the study team at ${site}, who will see it when they check for new messages.`)
      : msg('Your message was received and is kept for the study team, who will see it when they check for new messages.');
  } else {
    text = site ? msg(str`Your message was received for the study team at ${site}.`) : msg('Your message was received for the study team.');
  }
  if (sent.receipt.delivery?.copyToReader) text += ` ${msg('A confirmation is being sent to your email address.')}`;
  return text;
}

export function renderNotRecruiting(trial: Trial): TemplateResult {
  const status = statusLabel(trial.status === 'UNKNOWN' && trial.lastKnownStatus ? trial.lastKnownStatus : trial.status);
  return html`<div class="state closed" part="state">
    <p class="state-title"><strong>${msg('This study is not recruiting.')}</strong></p>
    <p>${msg(str`Its status is "${status}", so the study team is not taking requests to join through this form.`)}</p>
    ${isNctId(trial.id)
      ? html`<p>
          <a href=${ctgovStudyUrl(trial.id)} target="_blank" rel="noopener noreferrer"
            >${msg('See this study on ClinicalTrials.gov')}<span class="visually-hidden"> ${msg('(opens in a new tab)')}</span></a
          >
        </p>`
      : nothing}
  </div>`;
}

export function renderInvitationOnly(trial: Trial, languages: string | undefined): TemplateResult {
  const central = chooseContact(trial, []);
  const names = languageNames(languages?.split(',') ?? trial.languages ?? [], formatLocale());
  return html`<div class="state invitation" part="state">
    <p class="state-title"><strong>${msg('This study is enrolling by invitation.')}</strong></p>
    <p>${msg('The study team invites participants, for example from a clinic they already work with, so it does not take requests to join through this form.')}</p>
    ${central.kind === 'central'
      ? html`<p>${msg('For questions about the study:')}</p>
          ${renderContactCard(central.contact, { languages: names })}`
      : nothing}
  </div>`;
}

export function renderQueued(entry: OutboxEntry | undefined, actions: { sendNow: () => void; discard: () => void }): TemplateResult {
  const when = entry ? formatDateTime(entry.createdAt, formatLocale()) : '';
  return html`<div class="outbox" part="outbox" tabindex="-1">
    <p>
      <strong>${msg('Your message has not been sent yet.')}</strong>
      ${msg(str`It is saved on this device (since ${when}) and will be sent when you are back online.`)}
    </p>
    <p class="hint">${msg('If it cannot be sent within 7 days it is deleted from this device.')}</p>
    <p class="outbox-actions">
      <button class="button secondary" type="button" @click=${actions.sendNow}>${msg('Try again now')}</button>
      <button class="button secondary" type="button" @click=${actions.discard}>${msg('Discard message')}</button>
    </p>
  </div>`;
}
