import { dayText, MONTHS } from './format';

// A day typed in a date field, in the app's own format ("06 Dec 2026"), whatever the browser's locale:
// a native date input shows mm/dd/yyyy on an en-US browser and costs a Tab stop per segment.

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const WORDS_DAY = /^(\d{1,2})[\s.-]+([a-z]{3,9})\.?[\s,.-]+(\d{4})$/i;
const NUMERIC_DAY = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/;

/** Whether a field's value is a day (YYYY-MM-DD), as opposed to text that is not one. */
export const isDay = (value: string): boolean => ISO_DAY.test(value);

function validDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The day a person typed, as YYYY-MM-DD: "06 Dec 2026", "6 december 2026", "2026-12-06" or
 * "06/12/2026" (day first, as the app writes days); '' when empty; undefined when it is no day.
 */
export function parseDay(text: string): string | undefined {
  const value = text.trim();
  if (!value) return '';
  const iso = ISO_DAY.exec(value);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const words = WORDS_DAY.exec(value);
  if (words) {
    const month = MONTHS.findIndex((name) => words[2].toLowerCase().startsWith(name.toLowerCase())) + 1;
    return month > 0 ? validDay(Number(words[3]), month, Number(words[1])) : undefined;
  }
  const numeric = NUMERIC_DAY.exec(value);
  if (numeric) return validDay(Number(numeric[3]), Number(numeric[2]), Number(numeric[1]));
  return undefined;
}

/** A YYYY-MM-DD day as the field shows it: "06 Dec 2026"; any other text as it is. */
export function showDay(value: string): string {
  const iso = ISO_DAY.exec(value);
  return iso ? dayText(Number(iso[1]), Number(iso[2]), Number(iso[3])) : value;
}
