import { css } from 'lit';

export const shareStyles = css`
  :host {
    display: inline-block;
  }
  /* Reflows down to 320 CSS px (a phone, or 200% zoom on a 640 px window): the width holds
     padding and border, passcodes and links wrap, rows of buttons wrap. */
  dialog {
    box-sizing: border-box;
    width: min(36rem, calc(100vw - 1rem));
    max-width: calc(100vw - 1rem);
    max-height: calc(100dvh - 1rem);
    overflow: auto;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_size);
    line-height: var(--_line);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  h2,
  h3 {
    margin: 0 0 0.5em;
    font-size: 1.15em;
  }
  h3 {
    font-size: 1em;
  }
  form,
  .created {
    display: grid;
    /* One column no wider than the dialog, whatever an input's own width would be. */
    grid-template-columns: minmax(0, 1fr);
    gap: 0.75em;
  }
  fieldset {
    margin: 0;
    padding: 0.5em 0.75em 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  fieldset[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  legend {
    padding: 0 0.25em;
    font-weight: 600;
  }
  .choice {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5em;
    padding: 0.25em 0;
  }
  .field {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.25em;
  }
  .field > label {
    font-weight: 600;
  }
  input[type='text'],
  input[type='password'],
  input[type='number'] {
    min-height: 2.75rem;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
  input[type='number'] {
    max-width: 8em;
  }
  input[aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  input[type='radio'],
  input[type='checkbox'] {
    width: 1.25em;
    height: 1.25em;
    flex: none;
  }
  .pick-list {
    max-height: 14rem;
    overflow: auto;
    margin: 0.25em 0 0;
    padding: 0;
    list-style: none;
  }
  .pick-list .quote {
    color: var(--_muted);
  }
  .passcode {
    padding: 0.1em 0.35em;
    border-radius: calc(var(--_radius) / 2);
    background: var(--_subtle);
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.05em;
    letter-spacing: 0.04em;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.925em;
  }
  .hint.ok {
    color: var(--_success);
  }
  .notice {
    margin: 0;
    padding: 0.5em 0.75em;
    border-inline-start: 4px solid var(--_warning);
    background: var(--_subtle);
  }
  .share-error {
    margin: 0;
    padding: 0.5em 0.75em;
    border-inline-start: 4px solid var(--_danger);
    color: var(--_danger);
    font-weight: 600;
  }
  .copy-row {
    display: flex;
    gap: 0.5em;
  }
  .copy-row input {
    flex: 1;
    min-width: 0;
  }
  .copy-row.wrap {
    flex-wrap: wrap;
    align-items: center;
  }
  .copy-row p {
    margin: 0;
    min-width: 0;
  }
  .field > .show-passcode {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    justify-self: start;
  }
  /* The toggle's state drawn as a tick box (no glyph, which would join its name). */
  .show-passcode::before {
    content: '';
    flex: none;
    width: 0.9em;
    height: 0.9em;
    border: 2px solid currentColor;
    border-radius: 2px;
  }
  .show-passcode[aria-pressed='true']::before {
    background: currentColor;
    box-shadow: inset 0 0 0 2px var(--_surface);
  }
  /* The grid's gap spaces a form's paragraphs. */
  form > p {
    margin: 0;
  }
  .pick-list .choice,
  .for-page,
  .sent li {
    overflow-wrap: anywhere;
  }
  @media (max-width: 24rem) {
    dialog {
      padding: 0.75rem;
    }
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin-top: 0.5em;
  }
  .link-button {
    justify-self: start;
  }
  .sent {
    margin-top: var(--_space);
    padding-top: 0.5em;
    border-top: 1px solid var(--_border);
  }
  .sent ul {
    display: grid;
    gap: 0.5em;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .sent li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }
  .summary ul {
    margin: 0.25em 0 0;
  }
  @media (forced-colors: active) {
    .notice,
    .share-error {
      border-inline-start-color: CanvasText;
    }
    input[aria-invalid='true'] {
      border-color: Mark;
    }
  }
`;
