// Durations in words, in one place: the web UI and the mails say the time left the same way.
// Pure and dependency-free: the web build imports this file directly (see its vite config).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A time left in the largest unit that fits: "less than a minute", "5 minutes", "5 hours", and from
 * a day on "N days" counted as the API counts them (part of a day is a day).
 */
export function duration(ms: number): string {
  if (ms < MINUTE_MS) return 'less than a minute';
  if (ms < HOUR_MS) return plural(Math.floor(ms / MINUTE_MS), 'minute', 'minutes');
  if (ms < DAY_MS) return plural(Math.floor(ms / HOUR_MS), 'hour', 'hours');
  return plural(Math.ceil(ms / DAY_MS), 'day', 'days');
}
