import { css } from 'lit';

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
  .toolbar {
    position: absolute;
    z-index: 10;
    left: var(--_x, 0);
    top: var(--_y, 0);
    display: flex;
    gap: 0.25em;
    padding: 0.25em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.18);
  }
  .toolbar .button {
    min-height: 2.75rem;
  }
  /* Choosing text by keyboard: the whole width, so all its buttons fit on a phone. */
  .toolbar.picker {
    left: 0;
    right: 0;
    flex-wrap: wrap;
    align-items: center;
    padding: 0.5em;
  }
  .picker-help,
  .picker-where {
    flex: 1 1 100%;
    margin: 0;
  }
  .picker-help {
    color: var(--_muted);
    font-size: 0.875em;
  }
  /* On a phone the instructions are in the hint and read out through aria-describedby; the
     toolbar keeps to its buttons so it hides less of the text. */
  @container trial-notes (max-width: 30rem) {
    .picker-help {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    .toolbar.picker .button {
      padding-inline: 0.75em;
    }
  }
  .picker-where {
    font-weight: 600;
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
  .editor {
    display: grid;
    gap: 0.5em;
    margin-bottom: 1em;
    padding: 0.75em;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .editor label {
    font-weight: 600;
  }
  .editor textarea {
    width: 100%;
    min-height: 5em;
    padding: 0.5em;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    resize: vertical;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .quote {
    margin: 0;
    padding-inline-start: 0.75em;
    border-inline-start: 3px solid var(--trial-note-highlight-border, #b45309);
    color: var(--_text);
    font-style: italic;
    overflow-wrap: anywhere;
  }
  .list {
    display: grid;
    gap: 0.75em;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .note {
    display: grid;
    gap: 0.35em;
    padding: 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .note.active {
    border-color: var(--_accent);
    box-shadow: 0 0 0 1px var(--_accent);
  }
  .note-text {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .note-text.empty {
    color: var(--_muted);
    font-style: italic;
  }
  .meta {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875em;
  }
  .state {
    font-weight: 600;
  }
  .state.fuzzy,
  .state.ambiguous {
    color: var(--_warning);
  }
  .state.orphan {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.75em;
  }
  .transfer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    margin-top: 1em;
  }
  .search {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.25em;
    margin-bottom: 0.75em;
  }
  .search label {
    font-weight: 600;
  }
  .search input {
    min-height: 2.75rem;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font: inherit;
  }
  .search .meta:empty {
    display: none;
  }
  .launcher .undo {
    min-height: 2.25rem;
    margin: 0 0.5em 0.5em;
    padding-block: 0.25em;
  }
  .sheet {
    display: grid;
    gap: 0.5em;
    margin-top: 1em;
    padding: 0.75em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_subtle);
  }
  .sheet h3,
  .sheet h4 {
    margin: 0;
    font-size: 1em;
  }
  .sheet ul,
  .sheet ol {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  .sheet li {
    overflow-wrap: anywhere;
  }
  .file-label {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
    padding: 0.5em 1em;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    color: var(--_accent);
    font-weight: 600;
    cursor: pointer;
  }
  .file-label:focus-within {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
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
    .toolbar,
    .launcher,
    .panel,
    .note,
    .editor {
      border-color: CanvasText;
    }
    .note.active {
      outline: 2px solid Highlight;
    }
  }
`;
