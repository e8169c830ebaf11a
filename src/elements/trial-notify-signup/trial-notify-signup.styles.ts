import { css } from 'lit';

export const notifySignupStyles = css`
  .notify,
  form {
    display: grid;
    gap: var(--_space);
  }
  .notify {
    gap: 0.5em;
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  h2,
  h3,
  h4,
  h5,
  h6 {
    margin: 0;
    line-height: 1.25;
  }
  form .button {
    justify-self: start;
  }
`;
