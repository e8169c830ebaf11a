import { css } from 'lit';

export const faqStyles = css`
  .title {
    margin: 0 0 0.5em;
    font-size: 1.35em;
    line-height: 1.25;
  }
  .accordion-panel :where(p, ul, ol) {
    margin: 0 0 0.5em;
  }
  .accordion-panel :where(p, ul, ol):last-child {
    margin-bottom: 0;
  }
`;
