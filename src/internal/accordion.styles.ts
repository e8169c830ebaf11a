import { css } from 'lit';

/**
 * Look of `AccordionController` markup. Reads the shared `--_` locals from `tokens`, plus:
 * - `--trial-accordion-gap`: space between items (default 0.5rem).
 * - `--trial-accordion-header-background`: header background (default the subtle surface).
 * - `--trial-accordion-panel-padding`: space inside a panel (default the spacing token).
 */
export const accordionStyles = css`
  :host {
    --_accordion-gap: var(--trial-accordion-gap, 0.5rem);
    --_accordion-header-bg: var(--trial-accordion-header-background, var(--_subtle));
    --_accordion-panel-padding: var(--trial-accordion-panel-padding, var(--_space));
  }
  [data-accordion] {
    display: grid;
    gap: var(--_accordion-gap);
  }
  .accordion-item {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .accordion-heading {
    margin: 0;
    font-size: 1.05em;
    line-height: 1.3;
  }
  .accordion-trigger {
    display: flex;
    width: 100%;
    min-height: 2.75rem;
    align-items: center;
    justify-content: space-between;
    gap: 0.75em;
    padding: 0.6em var(--_accordion-panel-padding);
    border: none;
    border-radius: var(--_radius);
    background: var(--_accordion-header-bg);
    color: var(--_text);
    font-weight: 600;
    text-align: start;
    cursor: pointer;
  }
  .accordion-trigger[aria-expanded='true'] {
    border-end-start-radius: 0;
    border-end-end-radius: 0;
  }
  .accordion-trigger:hover {
    text-decoration: underline;
  }
  .accordion-icon {
    flex: none;
    width: 0.6em;
    height: 0.6em;
    border-inline-end: 2px solid currentColor;
    border-block-end: 2px solid currentColor;
    transform: rotate(45deg);
    transition: transform 0.15s ease-out;
  }
  .accordion-trigger[aria-expanded='true'] .accordion-icon {
    transform: rotate(-135deg);
  }
  .accordion-panel {
    padding: var(--_accordion-panel-padding);
    border-top: 1px solid var(--_border);
  }
  .accordion-toggle-all {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5em;
  }
  .accordion-all {
    min-height: 2.75rem;
    padding: 0.25em 0.5em;
    border: none;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    cursor: pointer;
  }
  .accordion-all[aria-disabled='true'] {
    color: var(--_muted);
    text-decoration: none;
    cursor: default;
  }
  @media (forced-colors: active) {
    .accordion-item {
      border-color: CanvasText;
    }
    .accordion-trigger {
      border: 1px solid ButtonText;
    }
  }
`;
