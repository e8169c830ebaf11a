/**
 * Notes as plain files a reader can keep, print or paste: CSV (for a spreadsheet), Markdown
 * (for an email or a document), and the "Questions for the study team" sheet made from the
 * reader's notes and the pre-screen criteria they were not sure about. Pure functions; the
 * element passes the translated words in.
 */
import type { PrescreenAnswer } from '../model/contact.ts';

export interface ExportedNote {
  quote: string;
  body: string;
  created: string;
  /** Where the note stands now, in words (e.g. "Found"). */
  state: string;
}

/**
 * One CSV field: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`,
 * `@`, tab or carriage return gets a `'` so a spreadsheet does not run the text as a formula.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV (RFC 4180, CRLF line ends) with a header row of `columns` (quote, note, state, created). */
export function notesToCsv(notes: readonly ExportedNote[], columns: readonly [string, string, string, string]): string {
  const rows = [columns.map(csvField).join(','), ...notes.map((n) => [n.quote, n.body, n.state, n.created].map(csvField).join(','))];
  return `${rows.join('\r\n')}\r\n`;
}

/** Text that reads as itself in Markdown: characters Markdown would act on are escaped. */
export function markdownText(text: string): string {
  return text.replace(/([\\`*_[\]{}<>#|!~])/g, '\\$1').replace(/^(\s*)(\d+)\./gm, '$1$2\\.').replace(/^(\s*)([-+])/gm, '$1\\$2');
}

/** A block quote line by line, so a quote or a note over several lines stays one block. */
function quoteBlock(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${markdownText(line)}`)
    .join('\n');
}

export interface MarkdownWords {
  title: string;
  /** Shown for a note without text. */
  empty: string;
}

/** Each note as its quote (a block quote) and its text, under a heading. */
export function notesToMarkdown(notes: readonly ExportedNote[], words: MarkdownWords): string {
  const parts = [`# ${markdownText(words.title)}`];
  for (const note of notes) parts.push(quoteBlock(note.quote), note.body ? markdownText(note.body) : `_${markdownText(words.empty)}_`);
  return `${parts.join('\n\n')}\n`;
}

export interface QuestionSheet {
  notes: readonly ExportedNote[];
  /** The criteria answered "not sure", in document order. */
  unsure: readonly PrescreenAnswer[];
}

/** What the sheet holds: the reader's notes and their "not sure" pre-screen answers. */
export function questionSheet(notes: readonly ExportedNote[], answers: readonly PrescreenAnswer[]): QuestionSheet {
  return { notes, unsure: answers.filter((answer) => answer.answer === 'unsure') };
}

export interface SheetWords {
  title: string;
  notesHeading: string;
  unsureHeading: string;
  empty: string;
}

/** The sheet as Markdown, for copying into an email. */
export function sheetToMarkdown(sheet: QuestionSheet, words: SheetWords): string {
  const parts = [`# ${markdownText(words.title)}`];
  if (sheet.unsure.length) {
    parts.push(`## ${markdownText(words.unsureHeading)}`, sheet.unsure.map((answer) => `- ${markdownText(answer.criterion.replace(/\s+/g, ' '))}`).join('\n'));
  }
  if (sheet.notes.length) {
    parts.push(`## ${markdownText(words.notesHeading)}`);
    for (const note of sheet.notes) parts.push(quoteBlock(note.quote), note.body ? markdownText(note.body) : `_${markdownText(words.empty)}_`);
  }
  return `${parts.join('\n\n')}\n`;
}
