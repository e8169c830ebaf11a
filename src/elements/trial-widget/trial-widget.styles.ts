import { css } from 'lit';

export const widgetStyles = css`
  :host {
    --trial-widget-gap: calc(var(--_space) * 1.5);
  }
  .sections {
    display: grid;
    gap: var(--trial-widget-gap);
  }
`;
