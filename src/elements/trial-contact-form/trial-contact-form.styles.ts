import { css } from 'lit';

export const contactFormStyles = css`
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
  .step {
    display: block;
    font-size: 0.8em;
    font-weight: 600;
    color: var(--_muted);
  }
  .intro,
  .note,
  .required-note,
  .hint {
    color: var(--_muted);
  }
  .message,
  form.contact {
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
    grid-template-columns: repeat(auto-fit, minmax(min(12rem, 100%), 1fr));
  }
  .caregiver {
    display: grid;
    gap: var(--_space);
    padding-inline-start: var(--_space);
    border-inline-start: 3px solid var(--_border);
  }
  .choices {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em 1.25em;
  }
  .choices legend {
    font-weight: 600;
    padding: 0;
    margin-bottom: 0.25em;
  }
  .choices .field-error {
    flex-basis: 100%;
  }
  .choice {
    display: inline-flex;
    gap: 0.4em;
    align-items: center;
    min-height: 2.75rem;
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
  .more-ways {
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
    .error-summary {
      border-color: CanvasText;
    }
  }
`;
