// Days are shown in UTC, the zone in which the API stores a day picked in a date input (see dateInputToIso).
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDate(value: string | undefined | null): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

export function formatDateTime(value: string | undefined | null): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
}

/** Today as the YYYY-MM-DD a date input shows, in the operator's time zone. */
export function todayInput(): string {
  const now = new Date();
  return toDateInput(now);
}

export function toDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A date input's day as the instant the API stores: midnight UTC of that day. */
export function dateInputToIso(value: string): string {
  return `${value}T00:00:00.000Z`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const dayFields = new Set(['expiresAt', 'grantedAt', 'validFrom', 'validTo']);

/** A before/after value of the history, as an operator reads it. */
export function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return dayFields.has(field.split('.').pop() ?? field) ? formatDate(value) : formatDateTime(value);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
