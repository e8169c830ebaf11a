import { css } from 'lit';

export const sitePickerStyles = css`
  .picker {
    display: grid;
    gap: var(--_space);
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
  .place > label {
    font-weight: 600;
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
    min-width: 0;
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
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .site-name {
    font-weight: 600;
  }
  .site-place,
  .site-distance,
  .site-status,
  .note {
    color: var(--_muted);
  }
  .link-button {
    margin-top: 0.5em;
    padding-inline: 0;
  }
  .phones ul {
    margin: 0.25em 0 0;
    padding-inline-start: 1.25em;
  }
  .phone-place {
    display: block;
    font-weight: 600;
  }
`;
