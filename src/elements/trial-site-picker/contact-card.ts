/**
 * One study contact as a card: initials avatar, name, role and center, phone, email and the
 * languages the team speaks. Shared by the site picker and the contact form's invitation state.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import { initials } from '../../data/nearest-site.ts';
import type { Contact } from '../../model/trial.ts';

function roleLabel(role: string | undefined): string | undefined {
  switch (role) {
    case 'CONTACT':
      return msg('Study contact');
    case 'PRINCIPAL_INVESTIGATOR':
      return msg('Principal investigator');
    case 'SUB_INVESTIGATOR':
      return msg('Sub-investigator');
    case 'STUDY_DIRECTOR':
      return msg('Study director');
    case 'STUDY_CHAIR':
      return msg('Study chair');
    default:
      return undefined;
  }
}

/** `tel:` links keep digits and a leading "+" only. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** Language codes ("es") as names in the reader's language; anything else as written. */
export function languageNames(raw: readonly string[], locale: string | undefined): string[] {
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames(locale ? [locale] : undefined, { type: 'language' });
  } catch {
    names = undefined;
  }
  return raw
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(item)) return item;
      try {
        return names?.of(item) ?? item;
      } catch {
        return item;
      }
    });
}

export interface ContactCardOptions {
  /** The center the contact works at, shown after the role. */
  facility?: string | undefined;
  /** Languages the study team speaks besides the page's, already as names. */
  languages?: readonly string[];
}

export function renderContactCard(contact: Contact, options: ContactCardOptions = {}): TemplateResult {
  const role = roleLabel(contact.role);
  const letters = initials(contact.name);
  const languages = options.languages ?? [];
  return html`<div class="person" part="contact">
    ${letters ? html`<span class="avatar" part="avatar" aria-hidden="true">${letters}</span>` : nothing}
    <div class="contact-text">
      <p class="contact-label">${msg('Primary Contact')}</p>
      ${contact.name ? html`<p class="contact-name">${contact.name}</p>` : nothing}
      ${role || options.facility ? html`<p class="contact-role">${[role, options.facility].filter(Boolean).join(' · ')}</p>` : nothing}
      ${contact.phone
        ? html`<p>
            <span class="visually-hidden">${msg('Phone:')}</span>
            <a href=${telHref(contact.phone)}>${contact.phone}</a>${contact.phoneExt ? html` ${msg(str`extension ${contact.phoneExt}`)}` : nothing}
          </p>`
        : nothing}
      ${contact.email
        ? html`<p><span class="visually-hidden">${msg('Email:')}</span> <a href="mailto:${contact.email}">${contact.email}</a></p>`
        : nothing}
      ${languages.length ? html`<p class="contact-languages">${msg('Other languages supported:')} ${languages.join(', ')}</p>` : nothing}
    </div>
  </div>`;
}
