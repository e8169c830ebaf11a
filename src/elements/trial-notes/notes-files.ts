/**
 * Getting notes out of the page: a file download, the clipboard, and a printable sheet. The
 * sheet is a document built with DOM calls (never markup from strings) and opened from a Blob
 * URL, so the host page's own content is not printed with it and no inline script or style is
 * needed under a strict Content-Security-Policy.
 */
import type { QuestionSheet, SheetWords } from '../../notes/note-export.ts';

/** Offers `text` as a file download. */
export function downloadText(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copies text; false when this page may not use the clipboard. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The sheet as a standalone HTML document in `lang`. */
export function sheetDocument(sheet: QuestionSheet, words: SheetWords & { context: string; quoteLabel: string }, lang: string): Document {
  const doc = document.implementation.createHTMLDocument(words.title);
  doc.documentElement.lang = lang;
  const meta = doc.createElement('meta');
  meta.setAttribute('charset', 'utf-8');
  doc.head.prepend(meta);
  const add = <K extends keyof HTMLElementTagNameMap>(parent: Element, tag: K, text?: string, lang?: string): HTMLElementTagNameMap[K] => {
    const element = doc.createElement(tag);
    if (text !== undefined) element.textContent = text;
    if (lang) element.lang = lang;
    parent.append(element);
    return element;
  };
  add(doc.body, 'h1', words.title);
  if (words.context) add(doc.body, 'p', words.context);
  if (sheet.unsure.length) {
    add(doc.body, 'h2', words.unsureHeading);
    const list = add(doc.body, 'ul');
    // Criteria come from the English record.
    for (const answer of sheet.unsure) add(list, 'li', answer.criterion.replace(/\s+/g, ' '), lang.startsWith('en') ? undefined : 'en');
  }
  if (sheet.notes.length) {
    add(doc.body, 'h2', words.notesHeading);
    const list = add(doc.body, 'ol');
    for (const note of sheet.notes) {
      const item = add(list, 'li');
      add(item, 'blockquote', note.quote);
      add(item, 'p', note.body || words.empty);
    }
  }
  return doc;
}

/** Opens the sheet in a new tab to print; false when the browser blocked the tab. */
export function openSheet(doc: Document): boolean {
  const html = `<!doctype html>\n${new XMLSerializer().serializeToString(doc.documentElement)}`;
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  const opened = window.open(url, '_blank');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  if (!opened) return false;
  opened.opener = null;
  return true;
}
