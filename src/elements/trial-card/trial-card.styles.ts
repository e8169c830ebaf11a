import { css } from 'lit';

export const cardStyles = css`
  :host {
    --trial-card-padding: calc(var(--_space) * 1.25);
  }
  article {
    display: grid;
    gap: 0.75em;
    padding: var(--trial-card-padding);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .image {
    display: block;
    max-width: 100%;
    height: auto;
    border-radius: var(--_radius);
  }
  .badges {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .badge {
    display: inline-flex;
    gap: 0.35em;
    padding: 0.15em 0.7em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    background: var(--_subtle);
    font-size: 0.875em;
  }
  .badge.status {
    font-weight: 600;
  }
  .badge.status.open {
    border-color: var(--_success);
    color: var(--_success);
  }
  .badge.status.soon {
    border-color: var(--_warning);
    color: var(--_warning);
  }
  .badge .note {
    font-weight: 400;
    font-style: italic;
  }
  .title {
    margin: 0;
    font-size: 1.5em;
    line-height: 1.25;
  }
  .acronym {
    color: var(--_muted);
    font-weight: 400;
  }
  section > h3,
  section > h4,
  section > h5,
  section > h6,
  .subheading {
    margin: 0 0 0.25em;
    font-size: 1.05em;
  }
  section :where(p, ul, ol) {
    margin: 0 0 0.5em;
  }
  .conditions ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    padding: 0;
    list-style: none;
  }
  .conditions li {
    padding: 0.1em 0.6em;
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .toggle {
    justify-self: start;
    padding-inline: 0;
  }
  .notice {
    color: var(--_muted);
    font-style: italic;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25em 1em;
    margin: 0;
  }
  dt {
    color: var(--_muted);
  }
  dd {
    margin: 0;
  }
  .attribution {
    margin: 0;
    padding-block-start: 0.5em;
    border-block-start: 1px solid var(--_border);
    color: var(--_muted);
    font-size: 0.875em;
  }
  @media (forced-colors: active) {
    article,
    .badge {
      border-color: CanvasText;
    }
  }
`;
