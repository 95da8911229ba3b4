import type { CertificateListDocument } from '../certificate-list/certificate-list.document';

/** The export's columns: for machines, so instants are ISO 8601 (UTC) and values are the API's words. */
export const CSV_COLUMNS = [
  'id',
  'alias',
  'status',
  'registeredAt',
  'provider',
  'accessExpiresAt',
  'accessState',
  'accessPeriod',
  'validTo',
] as const;

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection): such a cell is
// prefixed with an apostrophe, which spreadsheets show as text. Tab and CR start formulas in some too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field as RFC 4180 wants it: quoted when it holds a quote, comma or line break, quotes doubled. */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180). */
export const csvRecord = (fields: Array<string | number>): string => `${fields.map(csvField).join(',')}\r\n`;

export const csvHeader = (): string => csvRecord([...CSV_COLUMNS]);

export const csvRow = (document: CertificateListDocument): string =>
  csvRecord([
    document._id,
    document.alias,
    document.status,
    document.registeredAt.toISOString(),
    document.provider,
    document.accessExpiresAt.toISOString(),
    document.accessState,
    document.accessPeriod,
    document.validTo.toISOString(),
  ]);
