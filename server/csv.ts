/**
 * CSV for spreadsheets, safe against formula injection. Spreadsheet programs skip leading
 * spaces, quotes and control characters before they decide whether a cell is a formula
 * (`  =1+1`, `"=cmd"`, `\0=…` all run), and some read the full-width signs (＝ ＋ － ＠) as the
 * ASCII ones. So a cell whose first character that is not one of those is = + - @ (ASCII or
 * full-width), or that starts with any control character at all (tab, carriage return, NUL…),
 * gets a leading apostrophe, as OWASP recommends. The text itself is kept as it was. Every
 * cell is quoted; rows end with CRLF (RFC 4180).
 */

/** What a spreadsheet may pass over before it looks for a formula sign. */
const SKIPPED = /^[\s\p{Cc}\p{Cf}\p{Zs}"'\u2018\u2019\u201C\u201D\uFF02\uFF07]*/u;
const FORMULA_SIGN = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
const CONTROL_START = /^\p{Cc}/u;

/** Whether a spreadsheet could read `text` as a formula (or a command) when it opens the file. */
export function looksLikeFormula(text: string): boolean {
  return CONTROL_START.test(text) || FORMULA_SIGN.test(text.replace(SKIPPED, ''));
}

export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (looksLikeFormula(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
