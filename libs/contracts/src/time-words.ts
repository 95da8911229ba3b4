// Durations in words, in one place: the web UI and the mails say the time left the same way.
// Pure and dependency-free: the web build imports this file directly (see its vite config).

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const nearest = (units: number) => Math.ceil(units - 0.5);

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A time left in the largest unit that fits: "less than a minute", "5 minutes", "5 hours", and from
 * a day on "N days" counted as the API counts them (part of a day is a day). Minutes and hours are
 * rounded to the nearest, so 1 min 55 s reads "2 minutes", not "1 minute"; a half goes down (5 h 30
 * reads "5 hours"); a rounding that reaches the next unit is said in it ("1 hour", "1 day").
 */
export function duration(ms: number): string {
  if (ms < MINUTE_MS) return 'less than a minute';
  const minutes = nearest(ms / MINUTE_MS);
  if (minutes < 60) return plural(minutes, 'minute', 'minutes');
  const hours = nearest(ms / HOUR_MS);
  if (hours < 24) return plural(hours, 'hour', 'hours');
  return plural(Math.max(1, Math.ceil(ms / DAY_MS)), 'day', 'days');
}
