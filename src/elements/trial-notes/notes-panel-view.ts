/**
 * What the notes panel shows once the engine has loaded: the editor, the search box, the list
 * of notes with their actions, the "Questions for the study team" sheet and the buttons that
 * take notes out of the page; also the selection toolbar and "Undo" in the launcher. Plain
 * template functions over the engine's state; what the buttons do lives in note-editing.ts
 * and notes-tools.ts.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg, str } from '@lit/localize';
import type { AnchorState } from '../../notes/anchoring.ts';
import { sheetToMarkdown, questionSheet } from '../../notes/note-export.ts';
import { MAX_NOTE_CHARS } from '../../model/annotation.ts';
import { formatDateTime } from '../../internal/intl-formats.ts';
import { formatLocale } from '../../internal/localize.ts';
import { recordTextLang } from '../../internal/record-lang.ts';
import { downloadText } from './notes-files.ts';
import type { Entry } from './note-entry.ts';
import type { NotesEngine } from './notes-engine.ts';

/** A quote short enough for an accessible name. */
function shortQuote(quote: string): string {
  const chars = [...quote];
  return chars.length > 80 ? `${chars.slice(0, 79).join('')}…` : quote;
}

export function stateLabel(state: AnchorState): string {
  switch (state) {
    case 'exact':
      return msg('Found');
    case 'fuzzy':
      return msg('Text changed, closest match shown');
    case 'ambiguous':
      return msg('Found in several places');
    case 'orphan':
      return msg('Text not found');
  }
}

function formatTime(iso: string): string {
  return formatDateTime(iso, formatLocale());
}

/** The notes whose quote or text holds every word typed in the search box. */
export function shownEntries(entries: readonly Entry[], filter: string): readonly Entry[] {
  const words = filter.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return entries;
  return entries.filter(({ note }) => {
    const haystack = `${note.selectors.quote.exact} ${note.body}`.toLocaleLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

export function renderUndo(engine: NotesEngine): TemplateResult | undefined {
  if (!engine.state.undoable) return undefined;
  const label = msg('Undo');
  return html`<button class="button secondary undo" type="button" aria-label=${ifDefined(engine.link.names.ariaLabel(label))} @click=${() => engine.editing.undoDelete()}>
    ${label}
  </button>`;
}

export function renderSelectionToolbar(engine: NotesEngine): TemplateResult {
  return html`<div class="toolbar ui" part="toolbar" role="toolbar" aria-label=${engine.link.names.named(msg('Selected text'))}>
    <button class="button" part="add-button" type="button" @pointerdown=${(event: PointerEvent) => event.preventDefault()} @click=${() => engine.editing.addFromToolbar()}>
      ${engine.state.attachingId ? msg('Attach note') : msg('Add note')}
    </button>
  </div>`;
}

export function renderPanelBody(engine: NotesEngine): TemplateResult {
  const { state, tools, link } = engine;
  const count = state.entries.length;
  const named = (label: string) => ifDefined(link.names.ariaLabel(label));
  const sheetLabel = msg('Questions for the study team');
  const copyLabel = msg('Copy notes');
  const markdownLabel = msg('Download as text (Markdown)');
  const csvLabel = msg('Download as spreadsheet (CSV)');
  const jsonLabel = msg('Download notes');
  const importLabel = msg('Import notes');
  return html`<div id="notes-body" class="body">
    ${renderEditor(engine)} ${count > 1 ? renderSearch(engine) : nothing}
    ${count
      ? html`<ol class="list" part="list" aria-label=${link.names.named(msg('Notes'))}>
          ${shownEntries(state.entries, state.filter).map((entry) => renderNote(engine, entry))}
        </ol>`
      : nothing}
    ${state.sheetOpen ? renderSheet(engine) : nothing}
    <div class="transfer">
      <button
        class="button secondary"
        type="button"
        aria-expanded=${state.sheetOpen ? 'true' : 'false'}
        aria-controls="sheet"
        aria-label=${named(sheetLabel)}
        @click=${() => (state.sheetOpen = !state.sheetOpen)}
      >
        ${sheetLabel}
      </button>
      <button class="button secondary" type="button" aria-label=${named(copyLabel)} ?disabled=${!count} @click=${() => tools.copyNotes(tools.markdown())}>
        ${copyLabel}
      </button>
      <button
        class="button secondary"
        type="button"
        aria-label=${named(markdownLabel)}
        ?disabled=${!count}
        @click=${() => downloadText('notes.md', 'text/markdown;charset=utf-8', tools.markdown())}
      >
        ${markdownLabel}
      </button>
      <button class="button secondary" type="button" aria-label=${named(csvLabel)} ?disabled=${!count} @click=${() => tools.downloadCsv()}>${csvLabel}</button>
      <button class="button secondary" type="button" aria-label=${named(jsonLabel)} ?disabled=${!count} @click=${() => tools.download()}>${jsonLabel}</button>
      <label class="file-label"
        >${importLabel}<input
          class="visually-hidden"
          type="file"
          aria-label=${named(importLabel)}
          accept=".json,.jsonld,application/json,application/ld+json"
          @change=${(event: Event) => tools.importFile(event)}
      /></label>
    </div>
  </div>`;
}

function renderSearch(engine: NotesEngine): TemplateResult {
  const { state, link } = engine;
  const shown = shownEntries(state.entries, state.filter).length;
  const total = state.entries.length;
  const label = msg('Search my notes');
  return html`<div class="search" role="search" aria-label=${ifDefined(link.names.ariaLabel(label))}>
    <label for="notes-search">${label}</label>
    <input
      id="notes-search"
      type="search"
      aria-label=${ifDefined(link.names.ariaLabel(label))}
      .value=${state.filter}
      @input=${(e: Event) => (state.filter = (e.target as HTMLInputElement).value)}
    />
    <p class="meta" aria-live="polite">${state.filter.trim() ? msg(str`${shown} of ${total} shown`) : ''}</p>
  </div>`;
}

function renderSheet(engine: NotesEngine): TemplateResult {
  const { tools, host, link } = engine;
  const words = tools.sheetWords();
  const sheet = questionSheet(tools.exported(), host.prescreenAnswers);
  const lang = recordTextLang(host) ?? nothing;
  return html`<section id="sheet" class="sheet" aria-label=${link.names.named(words.title)}>
    <h3 id="sheet-title">${words.title}</h3>
    <p class="meta">${msg('Take it to your appointment, or send it before: your notes and the criteria you answered “Not sure”.')}</p>
    ${sheet.unsure.length
      ? html`<h4>${words.unsureHeading}</h4>
          <ul lang=${lang}>
            ${sheet.unsure.map((answer) => html`<li>${answer.criterion}</li>`)}
          </ul>`
      : html`<p class="meta">${msg('Answer “Not sure” in the pre-screen to add a criterion here.')}</p>`}
    ${sheet.notes.length
      ? html`<h4>${words.notesHeading}</h4>
          <ol>
            ${sheet.notes.map((note) => html`<li><blockquote class="quote">${note.quote}</blockquote><p class="note-text">${note.body || words.empty}</p></li>`)}
          </ol>`
      : nothing}
    <div class="row">
      <button class="button" type="button" @click=${() => tools.printSheet()}>${msg('Open to print')}</button>
      <button class="button secondary" type="button" @click=${() => tools.copyNotes(sheetToMarkdown(sheet, words))}>${msg('Copy the questions')}</button>
    </div>
  </section>`;
}

function renderEditor(engine: NotesEngine): TemplateResult | typeof nothing {
  const { state, editing } = engine;
  const editor = state.editor;
  if (!editor) return nothing;
  const entry = editor.kind === 'edit' ? state.entries.find((e) => e.note.id === editor.id) : undefined;
  if (editor.kind === 'edit' && !entry) return nothing;
  const quote = editor.kind === 'new' ? editor.selected.selectors.quote.exact : entry!.note.selectors.quote.exact;
  return html`<form class="editor" part="editor" @submit=${(event: SubmitEvent) => editing.submitEditor(event)} @keydown=${(event: KeyboardEvent) => editing.onEditorKeydown(event)}>
    <blockquote class="quote" id="editor-quote">${quote}</blockquote>
    <label for="note-text">${editor.kind === 'new' ? msg('Your note') : msg('Edit your note')}</label>
    <textarea id="note-text" maxlength=${MAX_NOTE_CHARS} aria-describedby="editor-quote" .value=${entry?.note.body ?? ''}></textarea>
    <div class="row">
      <button class="button" type="submit">${msg('Save note')}</button>
      <button class="button secondary" type="button" @click=${() => editing.cancelEditor()}>${msg('Cancel')}</button>
    </div>
  </form>`;
}

function renderNote(engine: NotesEngine, entry: Entry): TemplateResult {
  const { state, editing } = engine;
  const { note, anchor } = entry;
  const quoteId = `quote-${note.id.replace(/[^a-zA-Z0-9-]/g, '')}`;
  const orphan = anchor.state === 'orphan';
  // Highlights mean nothing to a screen reader: the list says what each one is, and every
  // button names the text it acts on, so a list of buttons tells the notes apart.
  const quote = shortQuote(note.selectors.quote.exact);
  return html`<li class="note ${state.activeId === note.id ? 'active' : ''}" part="note" data-id=${note.id} tabindex="-1" aria-describedby=${quoteId}>
    <span class="visually-hidden">${msg('Highlighted text:')}</span>
    <blockquote class="quote" part="quote" id=${quoteId}>${note.selectors.quote.exact}</blockquote>
    <p class="note-text ${note.body ? '' : 'empty'}">${note.body || msg('(no text)')}</p>
    <p class="meta">
      <span class="state ${anchor.state}">${stateLabel(anchor.state)}</span> ·
      <time datetime=${note.created}>${formatTime(note.created)}</time>
    </p>
    <div class="actions">
      ${orphan
        ? html`<button class="link-button" type="button" aria-label=${msg(str`Attach to new text: “${quote}”`)} @click=${() => editing.reattach(note.id)}>
            ${msg('Attach to new text')}
          </button>`
        : html`<button class="link-button" type="button" aria-label=${msg(str`Show in text: “${quote}”`)} @click=${() => editing.jumpTo(note.id)}>
            ${msg('Show in text')}
          </button>`}
      <button class="link-button" type="button" aria-label=${msg(str`Edit the note on “${quote}”`)} @click=${() => editing.edit(note.id)}>${msg('Edit')}</button>
      <button class="link-button danger" type="button" aria-label=${msg(str`Delete the note on “${quote}”`)} @click=${() => editing.delete(entry)}>
        ${msg('Delete')}
      </button>
    </div>
  </li>`;
}
