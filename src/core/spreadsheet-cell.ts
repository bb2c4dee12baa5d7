/**
 * Export cells a spreadsheet cannot run: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return would be read as a formula (OWASP "CSV injection"), so it gets a leading apostrophe, which
 * spreadsheets show as text. Applied to CSV and JSON exports alike (a JSON file is often opened in one).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralisedCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV line (RFC 4180): every cell neutralised and quoted, quotes doubled, CRLF at the end. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => `"${neutralisedCell(cell).replaceAll('"', '""')}"`).join(',')}\r\n`;
}
