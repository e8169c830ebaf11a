import { css } from 'lit';

/** The contact card's look, for every element that shows one (see `contact-card.ts`). */
export const contactCardStyles = css`
  .person {
    display: flex;
    gap: 0.75em;
    align-items: flex-start;
    padding: 0.75em var(--_space);
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: var(--trial-contact-avatar-size, 3rem);
    height: var(--trial-contact-avatar-size, 3rem);
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-text);
    font-weight: 700;
  }
  .contact-text {
    display: grid;
    gap: 0.15em;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .contact-name {
    font-weight: 600;
  }
  .contact-label {
    font-size: 0.875em;
  }
  .contact-label,
  .contact-role {
    color: var(--_muted);
  }
  @media (forced-colors: active) {
    .avatar {
      border: 1px solid CanvasText;
    }
  }
`;
