import { css } from 'lit';

export const involvementStyles = css`
  :host {
    --_header-bg: var(--trial-involvement-header-background, var(--_subtle));
  }
  .base {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .empty-base {
    display: grid;
    gap: 0.5em;
    padding: var(--_space);
  }
  .title {
    margin: 0;
    font-size: 1.25em;
    line-height: 1.3;
  }
  .toggle {
    display: flex;
    width: 100%;
    min-height: 2.75rem;
    align-items: center;
    justify-content: space-between;
    gap: 0.75em;
    padding: 0.6em var(--_space);
    border: none;
    border-radius: var(--_radius);
    background: var(--_header-bg);
    color: var(--_text);
    font-weight: 600;
    text-align: start;
    cursor: pointer;
  }
  .toggle[aria-expanded='true'] {
    border-end-start-radius: 0;
    border-end-end-radius: 0;
  }
  .toggle:hover {
    text-decoration: underline;
  }
  .icon {
    flex: none;
    width: 0.6em;
    height: 0.6em;
    border-inline-end: 2px solid currentColor;
    border-block-end: 2px solid currentColor;
    transform: rotate(45deg);
    transition: transform 0.15s ease-out;
  }
  .toggle[aria-expanded='true'] .icon {
    transform: rotate(-135deg);
  }
  .panel {
    display: grid;
    gap: 1em;
    padding: var(--_space);
    border-top: 1px solid var(--_border);
    overflow-wrap: anywhere;
  }
  .panel :is(h3, h4, h5, h6) {
    margin: 0 0 0.4em;
    font-size: 1.05em;
    line-height: 1.3;
  }
  .panel .subheading {
    font-size: 1em;
  }
  .panel p,
  .panel ul,
  .panel ol,
  .panel dl {
    margin: 0 0 0.5em;
  }
  .highlights {
    padding-inline-start: 1.25em;
  }
  .highlights li + li {
    margin-top: 0.25em;
  }
  .facts {
    display: grid;
    gap: 0.35em;
  }
  .facts dt {
    color: var(--_muted);
    font-weight: 600;
  }
  .facts dd {
    margin: 0;
  }
  .group-list {
    display: grid;
    gap: 0.5em;
    padding: 0;
    list-style: none;
  }
  .group {
    padding: 0.6em 0.8em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .group-name {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.6em;
  }
  .group-type {
    padding: 0 0.5em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_subtle);
    font-size: 0.875em;
  }
  .label,
  .intervention-type,
  .count,
  .date,
  .other-names {
    color: var(--_muted);
  }
  .label {
    font-weight: 600;
  }
  .none {
    color: var(--_muted);
    font-style: italic;
  }
  .intervention .text,
  .outcome .text {
    font-size: 0.95em;
  }
  .outcome-list {
    padding-inline-start: 1.5em;
  }
  .outcome + .outcome {
    margin-top: 0.6em;
  }
  .measure {
    font-weight: 600;
  }
  .show-all {
    justify-self: start;
  }
  .source {
    margin: 0;
    font-size: 0.875em;
  }
  @media (forced-colors: active) {
    .base,
    .group {
      border-color: CanvasText;
    }
    .toggle {
      border: 1px solid ButtonText;
    }
  }
`;
