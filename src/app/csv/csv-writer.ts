import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/** Exactly a phone number in E.164 form: a spreadsheet reads it as a plain number, never as a call to anything. */
const E164 = /^\+[1-9][0-9]{1,14}$/;
/** What spreadsheet apps take as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell made safe to open in a spreadsheet: text starting with = + - @,
 * a tab or a carriage return gets a leading apostrophe, so Excel, LibreOffice
 * and Google Sheets show it as text instead of running it
 * (`=HYPERLINK("http://evil.example","x")` → `'=HYPERLINK(…)`). A cell that is
 * exactly an E.164 number (`+14155550101`) is kept as it is: the worst a
 * spreadsheet does with it is arithmetic on a constant, and left alone the file
 * reads and re-imports as the numbers it holds.
 */
export function safeCsvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return FORMULA_START.test(text) && !E164.test(text) ? `'${text}` : text;
}

/**
 * CSV text for these rows, every cell made safe by `safeCsvCell`. Every export
 * writes through here, so none can forget to neutralise a cell.
 */
export function writeCsvRows(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map((row) => row.map(safeCsvCell)));
}
