// The one place the UI turns dates and instants into words; durations are worded by
// @signstash/contracts/time-words, shared with the mails.
import { DAY_MS, duration, HOUR_MS, MINUTE_MS, plural } from '@signstash/contracts/time-words';

export { DAY_MS, duration, plural };

// One format everywhere: "06 Dec 2026" for a day, "06 Dec 2026, 03:56 UTC" for an instant. The month
// names are ours: Intl's en-GB data writes "Sept" beside "Dec" in some versions.
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

// Days are shown in UTC, the zone in which the API stores a day picked in a date field (see dateInputToIso);
// instants are shown in the operator's own zone, with the zone named.
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** "06 Dec 2026" from a day's numbers (month 1–12). */
export function dayText(year: number, month: number, day: number): string {
  return `${pad(day)} ${MONTHS[month - 1]} ${year}`;
}

export function formatDate(value: string | undefined | null): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dayText(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function formatDateTime(value: string | undefined | null): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = Object.fromEntries(timeFormat.formatToParts(date).map((part) => [part.type, part.value]));
  const day = dayText(Number(parts.year), Number(parts.month), Number(parts.day));
  return `${day}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** A day picked in a date input is stored as midnight UTC: shown as that day; any other instant with its time. */
export function formatDayOrInstant(value: string | undefined | null): string {
  if (!value) return '—';
  return /T00:00:00(\.0+)?(Z|\+00:00)$/.test(value) ? formatDate(value) : formatDateTime(value);
}

/** The time past an instant, in whole units: "just now", "3 minutes", "3 days". */
function elapsed(ms: number): string | undefined {
  if (ms < MINUTE_MS) return undefined;
  if (ms < HOUR_MS) return plural(Math.floor(ms / MINUTE_MS), 'minute', 'minutes');
  if (ms < DAY_MS) return plural(Math.floor(ms / HOUR_MS), 'hour', 'hours');
  return plural(Math.floor(ms / DAY_MS), 'day', 'days');
}

export interface TimeLeft {
  expired: boolean;
  /** Milliseconds until the instant; negative once it is past. */
  ms: number;
  /** "5 hours", or "Expired 3 days ago" once past: what a "Time left" field shows. */
  text: string;
  /** "in 5 hours" / "expired 3 days ago": to complete a sentence. */
  relative: string;
}

/** The time left until an expiry instant, as of `now`; `expired` also when the server already says so. */
export function timeLeft(expiresAt: string, now: number, expiredAlready = false): TimeLeft {
  const ms = Date.parse(expiresAt) - now;
  if (ms > 0 && !expiredAlready) {
    const text = duration(ms);
    return { expired: false, ms, text, relative: `in ${text}` };
  }
  const ago = elapsed(-ms);
  const relative = ago ? `expired ${ago} ago` : 'expired just now';
  return { expired: true, ms, text: relative[0].toUpperCase() + relative.slice(1), relative };
}

/** Today as the YYYY-MM-DD a date input shows, in the operator's time zone. */
export function todayInput(): string {
  const now = new Date();
  return toDateInput(now);
}

export function toDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A date input's day as the instant the API stores: midnight UTC of that day. */
export function dateInputToIso(value: string): string {
  return `${value}T00:00:00.000Z`;
}

const dayFields = new Set(['expiresAt', 'grantedAt', 'validFrom', 'validTo']);

/** A before/after value of the history, as an operator reads it. */
export function describeValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return dayFields.has(field.split('.').pop() ?? field) ? formatDayOrInstant(value) : formatDateTime(value);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
