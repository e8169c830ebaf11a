import { css } from 'lit';

/**
 * The public design tokens, read into private `--_` locals so every element has the same
 * defaults and the host page's inherited font, size and colour cannot leak in. Colours meet
 * WCAG 2.2 AA contrast on the default surface.
 */
export const tokens = css`
  :host {
    --_font: var(--trial-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_size: var(--trial-font-size, 1rem);
    --_line: var(--trial-line-height, 1.5);
    --_text: var(--trial-color-text, #1b1f24);
    --_muted: var(--trial-color-muted, #4a5561);
    --_surface: var(--trial-color-surface, #ffffff);
    --_subtle: var(--trial-color-subtle, #f3f5f7);
    --_border: var(--trial-color-border, #c9d1d9);
    --_accent: var(--trial-color-accent, #0b5cad);
    --_accent-text: var(--trial-color-accent-contrast, #ffffff);
    --_danger: var(--trial-color-danger, #b3261e);
    --_success: var(--trial-color-success, #1e6b34);
    --_warning: var(--trial-color-warning, #8a4b00);
    --_focus: var(--trial-color-focus, #0b5cad);
    --_radius: var(--trial-radius, 0.5rem);
    --_space: var(--trial-space, 1rem);

    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_size);
    line-height: var(--_line);
    color: var(--_text);
    text-align: start;
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  a {
    color: var(--_accent);
  }
  button {
    font: inherit;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
    }
  }
  @media (forced-colors: active) {
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;

/** Shared look of buttons across elements. */
export const buttonStyles = css`
  .button {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0.5em 1em;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_accent-text);
    cursor: pointer;
    font-weight: 600;
  }
  .button.secondary {
    background: var(--_surface);
    color: var(--_accent);
  }
  .button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  /* An action that reads as a link (show more, edit, delete) but is a button. */
  .link-button {
    min-height: 2.75rem;
    padding: 0 0.25em;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    cursor: pointer;
  }
  .link-button.danger {
    color: var(--_danger);
  }
  @media (forced-colors: active) {
    .button {
      border-color: ButtonText;
    }
  }
`;

/** Loading, error and empty states shared by data-driven elements. */
export const stateStyles = css`
  .skeleton {
    display: grid;
    gap: 0.75em;
  }
  .skeleton span {
    display: block;
    height: 1em;
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .skeleton span:first-child {
    height: 1.6em;
    width: 70%;
  }
  .skeleton span:last-child {
    width: 45%;
  }
  .state {
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .state.error {
    border-color: var(--_danger);
  }
  .state p {
    margin: 0 0 0.75em;
  }
`;
