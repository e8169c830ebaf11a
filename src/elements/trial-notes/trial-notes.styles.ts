import { css } from 'lit';

/**
 * What `<trial-notes>` draws before its engine loads: the launcher, the frame of the panel and
 * where it goes, and the hint. The rest (toolbar, editor, list, tools) is in
 * notes-engine.styles.ts and arrives with the engine, so the launcher never moves when it does.
 */
export const notesStyles = css`
  /* The wrapped content keeps the host page's own font and colour; only trialkit's interface
     (toolbar and panel) takes the tokens. */
  :host {
    --_panel-max-height: var(--trial-notes-panel-max-height, 100vh);
    position: relative;
    font: inherit;
    line-height: inherit;
    color: inherit;
  }
  .ui {
    font-family: var(--_font);
    font-size: var(--_size);
    line-height: var(--_line);
    color: var(--_text);
  }
  .launcher .pick {
    min-height: 2.25rem;
    margin: 0.25em;
    padding: 0.25em 0.75em;
  }
  /* Nothing here floats over the page: the launcher is one line in the flow, and the panel is
     either in the flow too (inline) or a column of its own beside the content (sheet). */
  :host {
    container: trial-notes / inline-size;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
  }
  .launcher {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 0.25em;
    margin-bottom: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .launcher .message {
    flex: 1 1 0;
    min-width: 12em;
    margin: 0 0.5em 0.5em;
  }
  .panel {
    margin-bottom: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  @container trial-notes (min-width: 48rem) {
    :host([panel='sheet']) .layout.open {
      grid-template-columns: minmax(0, 1fr) minmax(16rem, 22rem);
      column-gap: var(--_space);
    }
    :host([panel='sheet']) .layout.open .launcher,
    :host([panel='sheet']) .layout.open .content {
      grid-column: 1;
    }
    :host([panel='sheet']) .layout.open .panel {
      grid-column: 2;
      grid-row: 1 / span 2;
      align-self: start;
      position: sticky;
      top: 0;
      max-height: var(--_panel-max-height);
      overflow: auto;
    }
  }
  .panel-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    padding: 0.5em 1em 0;
  }
  .launcher h2,
  .launcher h3,
  .launcher h4,
  .launcher h5,
  .launcher h6 {
    flex: 1 0 auto;
    margin: 0;
    font-size: 1em;
  }
  .toggle {
    display: flex;
    align-items: center;
    gap: 0.5em;
    width: 100%;
    min-height: 2.75rem;
    padding: 0.25em 0.5em;
    border: 0;
    border-radius: var(--_radius);
    background: none;
    color: var(--_text);
    font-weight: 600;
    text-align: start;
    white-space: nowrap;
    cursor: pointer;
  }
  /* Drawn, not a glyph, so no screen reader reads it as part of the name. */
  .chevron {
    flex: none;
    width: 0.45em;
    height: 0.45em;
    border-block-start: 2px solid currentColor;
    border-inline-end: 2px solid currentColor;
    transform: rotate(45deg);
    transition: transform 0.15s;
  }
  :host(:dir(rtl)) .chevron {
    transform: rotate(-135deg);
  }
  .toggle[aria-expanded='true'] .chevron {
    transform: rotate(135deg);
  }
  @media (prefers-reduced-motion: reduce) {
    .chevron {
      transition: none;
    }
  }
  .hint {
    margin: 0;
    padding: 0.75em 1em 0;
    color: var(--_muted);
  }
  .hint strong {
    display: block;
    color: var(--_text);
  }
  .body {
    padding: 0.75em 1em 1em;
  }
  .meta {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .message {
    margin: 0 0 0.75em;
    padding: 0.5em 0.75em;
    border-inline-start: 3px solid var(--_accent);
    background: var(--_subtle);
  }
  .message.error {
    border-color: var(--_danger);
  }
  @media (forced-colors: active) {
    .launcher,
    .panel {
      border-color: CanvasText;
    }
  }
`;
