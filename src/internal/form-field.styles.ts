import { css } from 'lit';

/**
 * Labels, inputs, check boxes and their error text, shared by every element with a form (the
 * contact form, the site picker's place search, the notify sign-up) so they look and behave alike.
 */
export const fieldStyles = css`
  p {
    margin: 0;
  }
  .field {
    display: grid;
    gap: 0.25em;
  }
  .field > label,
  .field > .label {
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
  .hint {
    color: var(--_muted);
  }
  .required {
    color: var(--_danger);
    margin-inline-start: 0.15em;
  }
  input[type='text'],
  input[type='email'],
  input[type='tel'],
  select,
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
  .invalid select,
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
  @media (forced-colors: active) {
    .invalid input,
    .invalid select,
    .invalid textarea {
      border-color: CanvasText;
    }
  }
`;
