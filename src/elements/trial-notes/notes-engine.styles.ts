import { css } from 'lit';

/**
 * The styles of what the notes engine draws (notes-engine.ts adds them to the element's shadow
 * root when it loads): the selection and picker toolbars, the editor, the list of notes, the
 * search box, the question sheet and the transfer buttons. Nothing here touches the launcher,
 * which the element styled from the start (trial-notes.styles.ts).
 */
export const engineStyles = css`
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
  @media (forced-colors: active) {
    .toolbar,
    .note,
    .editor {
      border-color: CanvasText;
    }
    .note.active {
      outline: 2px solid Highlight;
    }
  }
`;
