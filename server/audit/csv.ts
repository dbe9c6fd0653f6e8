/**
 * CSV for spreadsheets (RFC 4180): every cell quoted, quotes doubled, CRLF line ends. A cell that
 * starts with = + - @ (or a tab or carriage return) is prefixed with a single quote so a
 * spreadsheet shows it as text instead of running it as a formula (CSV injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
