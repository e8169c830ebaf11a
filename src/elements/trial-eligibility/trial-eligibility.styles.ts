import { css } from 'lit';

export const eligibilityStyles = css`
  .base {
    display: grid;
    gap: 0.75em;
  }
  .title {
    margin: 0;
    font-size: 1.25em;
    line-height: 1.3;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1.5em;
    margin: 0;
  }
  .facts div {
    display: flex;
    gap: 0.4em;
  }
  .facts dt {
    color: var(--_muted);
  }
  .facts dt::after {
    content: ':';
  }
  .facts dd {
    margin: 0;
    font-weight: 600;
  }
  .count {
    color: var(--_muted);
    font-weight: 400;
  }
  .subheading {
    margin: 0.75em 0 0.25em;
    font-size: 1em;
  }
  .group:first-child > .subheading {
    margin-top: 0;
  }
  .criteria {
    margin: 0 0 0.5em;
    padding: 0;
    list-style: none;
  }
  .criterion {
    display: grid;
    grid-template-columns: minmax(1.25em, max-content) 1fr;
    column-gap: 0.5em;
    margin: 0 0 0.4em;
  }
  /* Long panels stay fast: off-screen criteria skip layout and paint until scrolled to. */
  .group > .criteria > .criterion {
    content-visibility: auto;
    contain-intrinsic-size: auto 3em;
  }
  .marker {
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
    text-align: end;
  }
  .body {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .criteria .criteria {
    margin: 0.4em 0 0;
  }
  .note,
  .preamble p,
  .none,
  .empty {
    margin: 0 0 0.5em;
  }
  .note.nested {
    margin-top: 0.4em;
  }
  .none,
  .notice {
    color: var(--_muted);
    font-style: italic;
  }
  .answer {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    margin: 0.35em 0 0.6em;
  }
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    min-height: 2.75rem;
    cursor: pointer;
  }
  .choice input {
    width: 1.15em;
    height: 1.15em;
    margin: 0;
    accent-color: var(--_accent);
  }
  .prescreen-intro {
    margin: 0;
  }
  .summary {
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .summary > :is(h3, h4, h5, h6) {
    margin: 0 0 0.25em;
    font-size: 1em;
  }
  .summary p {
    margin: 0 0 0.25em;
  }
  .source {
    margin: 0;
    font-size: 0.875em;
  }
  @media (forced-colors: active) {
    .summary {
      border-color: CanvasText;
    }
  }
`;
