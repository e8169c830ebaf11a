/**
 * CSV for spreadsheets, safe against formula injection: a cell a spreadsheet would read as a
 * formula (starting with = + - @, or a tab or carriage return) gets a leading apostrophe, as
 * OWASP recommends. Every cell is quoted; rows end with CRLF (RFC 4180).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
