import { ValidateBy, ValidationOptions } from 'class-validator';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// RFC 3339 date-time: the OpenAPI `date-time` format, offset required.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Why y-m-d is not a day of the calendar, or undefined when it is one. */
function dayProblem(year: number, month: number, day: number): string | undefined {
  if (year < 1) return 'year 0000 does not exist';
  if (month < 1 || month > 12) return `month ${month} does not exist`;
  if (day < 1 || day > daysIn(year, month))
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')} has no day ${day}`;
  return undefined;
}

/** Why a value is not a calendar day written YYYY-MM-DD, or undefined when it is one. */
export function calendarDayProblem(value: unknown): string | undefined {
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (!match) return 'must be a day written YYYY-MM-DD';
  return dayProblem(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Why a value is not a real instant in RFC 3339 (e.g. 2026-06-30T00:00:00Z), or undefined when it is one. */
export function instantProblem(value: unknown): string | undefined {
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!match) return 'must be a date and time in RFC 3339 with its offset, e.g. 2026-06-30T00:00:00Z';
  const [hour, minute, second] = [match[4], match[5], match[6]].map(Number);
  const day = dayProblem(Number(match[1]), Number(match[2]), Number(match[3]));
  if (day) return day;
  if (hour > 23 || minute > 59 || second > 59) return `${match[4]}:${match[5]}:${match[6]} is not a time of day`;
  if (match[9] && (Number(match[10]) > 23 || Number(match[11]) > 59)) return `${match[8]} is not a UTC offset`;
  return undefined;
}

const calendarRule = (name: string, problemOf: (value: unknown) => string | undefined, options?: ValidationOptions) =>
  ValidateBy(
    {
      name,
      validator: {
        validate: (value) => problemOf(value) === undefined,
        defaultMessage: (args) => `${args?.property} ${problemOf(args?.value)}`,
      },
    },
    options,
  );

/** A real calendar day (UTC), YYYY-MM-DD: 2026-02-29 and 2026-13-45 are refused with the reason. */
export const IsCalendarDay = (options?: ValidationOptions) =>
  calendarRule('isCalendarDay', calendarDayProblem, options);

/** A real instant, RFC 3339 with offset: 2026-02-30T10:00:00Z and 25:00 are refused with the reason. */
export const IsInstant = (options?: ValidationOptions) => calendarRule('isInstant', instantProblem, options);

/** The shapes above, for the OpenAPI document (the calendar checks go beyond what a pattern says). */
export const DAY_PATTERN = DAY.source;
export const INSTANT_PATTERN = INSTANT.source;
