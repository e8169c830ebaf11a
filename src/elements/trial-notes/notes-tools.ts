/**
 * The panel's tools for getting notes out of the page and back in: copy and download as
 * Markdown, CSV or Web Annotation JSON, the printable "Questions for the study team" sheet, and
 * importing a file. Each says plainly when the page does not allow it (no clipboard, no pop-up).
 */
import { msg, str } from '@lit/localize';
import { notesToCsv, notesToMarkdown, questionSheet, type ExportedNote, type SheetWords } from '../../notes/note-export.ts';
import { AnnotationImportError } from '../../model/annotation.ts';
import { pluralCategory } from '../../internal/intl-formats.ts';
import { formatLocale } from '../../internal/localize.ts';
import { copyText, downloadText, openSheet, sheetDocument } from './notes-files.ts';
import { stateLabel } from './notes-panel-view.ts';
import type { NotesEngine } from './notes-engine.ts';

export class NotesTools {
  readonly #engine: NotesEngine;

  constructor(engine: NotesEngine) {
    this.#engine = engine;
  }

  /** The notes as the exports write them, with their state in words. */
  exported(): ExportedNote[] {
    return this.#engine.state.entries.map(({ note, anchor }) => ({ quote: note.selectors.quote.exact, body: note.body, created: note.created, state: stateLabel(anchor.state) }));
  }

  markdown(): string {
    return notesToMarkdown(this.exported(), { title: msg('My notes'), empty: msg('(no text)') });
  }

  download(): void {
    downloadText('notes.jsonld', 'application/ld+json', JSON.stringify(this.#engine.exportNotes(), null, 2));
  }

  downloadCsv(): void {
    downloadText('notes.csv', 'text/csv;charset=utf-8', notesToCsv(this.exported(), [msg('Quote'), msg('Note'), msg('State'), msg('Created')]));
  }

  async copyNotes(text: string): Promise<void> {
    this.#engine.link.say(
      (await copyText(text))
        ? { text: msg('Copied. Paste it into an email or a document.') }
        : { text: msg('Copying is not allowed on this page. Download the notes instead.'), error: true },
    );
  }

  sheetWords(): SheetWords {
    return {
      title: msg('Questions for the study team'),
      notesHeading: msg('My notes on the study'),
      unsureHeading: msg('Criteria I was not sure about'),
      empty: msg('(no text)'),
    };
  }

  printSheet(): void {
    const sheet = questionSheet(this.exported(), this.#engine.host.prescreenAnswers);
    const context = typeof document === 'undefined' ? '' : document.title;
    const doc = sheetDocument(sheet, { ...this.sheetWords(), context, quoteLabel: msg('Highlighted text:') }, formatLocale());
    if (!openSheet(doc)) this.#engine.link.say({ text: msg('The sheet could not open in a new tab. Allow pop-ups for this page, or copy it instead.'), error: true });
  }

  async importFile(event: Event): Promise<void> {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const { link } = this.#engine;
    try {
      const { added, skipped } = await this.#engine.importNotes(await file.text());
      link.say({
        text:
          pluralCategory(formatLocale(), added) === 'one'
            ? msg(str`${added} note imported, ${skipped} already here.`)
            : msg(str`${added} notes imported, ${skipped} already here.`),
      });
    } catch (error) {
      link.say({
        text: error instanceof AnnotationImportError ? msg('This file does not hold notes that can be imported.') : msg('The file could not be read.'),
        error: true,
      });
    }
  }
}
