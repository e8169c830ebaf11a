import { css } from 'lit';

export const notesStyles = css`
  /* The wrapped content keeps the host page's own font and colour; only trialkit's interface
     (toolbar and panel) takes the tokens. */
  :host {
    --_panel-max-height: var(--trial-notes-panel-max-height, min(60vh, 32rem));
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
  .panel {
    position: sticky;
    bottom: 0;
    z-index: 5;
    margin-top: var(--_space);
    max-height: var(--_panel-max-height);
    overflow: auto;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 -2px 8px rgb(0 0 0 / 0.08);
  }
  .panel-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em;
    padding: 0.25em 0.5em;
  }
  .panel-header h2,
  .panel-header h3,
  .panel-header h4,
  .panel-header h5,
  .panel-header h6 {
    flex: 1;
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
    cursor: pointer;
  }
  .toggle::before {
    content: '▸';
    display: inline-block;
    transition: transform 0.15s;
  }
  .toggle[aria-expanded='true']::before {
    transform: rotate(90deg);
  }
  .hint {
    margin: 0;
    padding: 0 1em 0.75em;
    color: var(--_muted);
  }
  .hint strong {
    display: block;
    color: var(--_text);
  }
  .body {
    padding: 0 1em 1em;
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
