// CSV as spreadsheets open it safely. RFC 4180 quoting, plus formula neutralisation: a cell that
// starts with = + - @ (or a tab or carriage return, which some spreadsheets strip before parsing)
// is a formula to Excel, LibreOffice and Google Sheets, and any app with an ingest key can plant
// one in a team, feature, route, user or model name. Such a cell gets a leading apostrophe, the
// OWASP-recommended prefix, so finance sees the text and nothing runs. Numbers we write ourselves
// (a negative cost, say) are passed as numbers and are not touched.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (without its line end). */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole CSV document with CRLF line ends, as RFC 4180 writes them. */
export function csvDocument(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map(csvLine).join('\r\n') + '\r\n';
}
