import { css } from 'lit';

export const contactFormStyles = css`
  :host {
    --_avatar: var(--trial-contact-avatar-size, 3rem);
  }
  section {
    display: grid;
    gap: var(--_space);
  }
  .heading,
  h2,
  h3,
  h4,
  h5,
  h6 {
    margin: 0;
    line-height: 1.25;
  }
  p {
    margin: 0;
  }
  .locate {
    display: grid;
    gap: 0.5em;
    justify-items: start;
  }
  .place {
    display: grid;
    gap: 0.25em;
  }
  .place-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .place-row input[type='text'] {
    flex: 1 1 12rem;
    width: auto;
    max-width: 20rem;
  }
  .locate-status:empty {
    display: none;
  }
  .sites {
    margin: 0;
    padding: 0.75em var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .sites legend {
    font-weight: 600;
    padding: 0 0.25em;
  }
  .sites ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.5em;
  }
  .sites li {
    display: flex;
    gap: 0.5em;
    align-items: baseline;
  }
  .sites label {
    display: grid;
  }
  .site-name {
    font-weight: 600;
  }
  .site-place,
  .site-distance,
  .site-status,
  .hint,
  .note,
  .required-note,
  .contact-role {
    color: var(--_muted);
  }
  .link-button {
    margin-top: 0.5em;
    padding-inline: 0;
  }
  .person {
    display: flex;
    gap: 0.75em;
    align-items: flex-start;
    padding: 0.75em var(--_space);
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: var(--_avatar);
    height: var(--_avatar);
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 700;
  }
  .contact-name {
    font-weight: 600;
  }
  .contact-text {
    display: grid;
    gap: 0.15em;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .phones ul {
    margin: 0.25em 0 0;
    padding-inline-start: 1.25em;
  }
  .phone-place {
    display: block;
    font-weight: 600;
  }
  .message,
  form.contact,
  .notify-form {
    display: grid;
    gap: var(--_space);
  }
  .message {
    gap: 0.5em;
  }
  form .button {
    justify-self: start;
  }
  .name-row {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  }
  .field {
    display: grid;
    gap: 0.25em;
  }
  .field > label {
    font-weight: 600;
  }
  .field.checkbox {
    grid-template-columns: auto 1fr;
    align-items: start;
    column-gap: 0.5em;
  }
  .field.checkbox > label {
    font-weight: normal;
  }
  .field.checkbox .field-error {
    grid-column: 1 / -1;
  }
  .field.checkbox .hint {
    display: block;
  }
  .required {
    color: var(--_danger);
    margin-inline-start: 0.15em;
  }
  input[type='text'],
  input[type='email'],
  input[type='tel'],
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    min-height: 2.75rem;
    width: 100%;
    max-width: 32rem;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_muted);
    border-radius: calc(var(--_radius) / 2);
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0.15em 0 0;
    accent-color: var(--_accent);
  }
  .invalid input,
  .invalid textarea {
    border: 2px solid var(--_danger);
  }
  .field-error,
  .form-error {
    color: var(--_danger);
    font-weight: 600;
  }
  .form-error {
    padding: 0.75em var(--_space);
    border-inline-start: 4px solid var(--_danger);
    background: var(--_surface);
  }
  .error-summary {
    padding: var(--_space);
    border: 3px solid var(--_danger);
    border-radius: var(--_radius);
  }
  .error-summary ul {
    margin: 0.5em 0 0;
    padding-inline-start: 1.25em;
  }
  .error-summary a {
    color: var(--_danger);
    font-weight: 600;
  }
  .hp {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .outbox,
  .success,
  .notify {
    display: grid;
    gap: 0.5em;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .outbox {
    border-color: var(--_warning);
    border-inline-start-width: 4px;
  }
  .success {
    border-color: var(--_success);
    border-inline-start-width: 4px;
  }
  .outbox-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .state.closed,
  .state.invitation {
    display: grid;
    gap: 0.5em;
  }
  .state.invitation {
    border-color: var(--_warning);
  }
  @media (forced-colors: active) {
    .avatar {
      border: 1px solid CanvasText;
    }
    .invalid input,
    .invalid textarea,
    .error-summary {
      border-color: CanvasText;
    }
  }
`;
