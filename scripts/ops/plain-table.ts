const text = (cell: unknown): string =>
  cell === undefined || cell === null ? '' : cell instanceof Date ? cell.toISOString() : String(cell);

const isNumber = (cell: unknown) => typeof cell === 'number' || typeof cell === 'bigint';

/**
 * Rows as an aligned plain-text table for a terminal or a log: a header, a rule, a line per row;
 * columns of numbers right-aligned, everything else left-aligned, nothing quoted, no index column.
 * Columns are the keys of the first row, in order.
 */
export function plainTable(records: object[]): string {
  if (records.length === 0) return '';
  const rows = records as Record<string, unknown>[];
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((column) => text(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i].length)));
  const numeric = columns.map((column) =>
    rows.every((row) => isNumber(row[column]) || row[column] === undefined || row[column] === ''),
  );
  const line = (values: string[]) =>
    values
      .map((value, i) => (numeric[i] ? value.padStart(widths[i]) : value.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}
