import { describe, expect, it } from '@jest/globals';
import { duration, formatDayOrInstant, timeLeft } from './format';

const now = Date.parse('2026-12-03T12:00:00.000Z');
const at = (ms: number) => new Date(now + ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('timeLeft', () => {
  it('says the time left under a day as such, not as "1 day"', () => {
    expect(timeLeft(at(40_000), now).relative).toBe('in less than a minute');
    expect(timeLeft(at(2 * MINUTE + 5_000), now).relative).toBe('in 2 minutes');
    expect(timeLeft(at(5 * HOUR + 10 * MINUTE), now).text).toBe('5 hours');
    expect(timeLeft(at(HOUR), now).text).toBe('1 hour');
  });

  it('counts days as the API does from a day on (part of a day is a day)', () => {
    expect(timeLeft(at(DAY), now).text).toBe('1 day');
    expect(timeLeft(at(89 * DAY + 6 * HOUR), now).text).toBe('90 days');
  });

  it('is expired from the instant on, even before the server has recorded it, and says since when', () => {
    expect(timeLeft(at(0), now)).toMatchObject({ expired: true, text: 'Expired just now' });
    expect(timeLeft(at(-3 * MINUTE), now).relative).toBe('expired 3 minutes ago');
    expect(timeLeft(at(-3 * DAY - HOUR), now).text).toBe('Expired 3 days ago');
    expect(timeLeft(at(HOUR), now, true).expired).toBe(true);
  });
});

describe('duration and formatDayOrInstant', () => {
  it('uses singular and plural words', () => {
    expect(duration(MINUTE)).toBe('1 minute');
    expect(duration(2 * DAY)).toBe('2 days');
  });

  it('shows a stored day as the day, and another instant with its time and zone', () => {
    expect(formatDayOrInstant('2027-06-01T00:00:00.000Z')).toBe('01 Jun 2027');
    expect(formatDayOrInstant('2027-06-01T11:32:07.000Z')).toMatch(/^01 Jun 2027, \d{2}:32 \S+/);
  });

  it('writes September "Sep", as every other month in three letters', () => {
    expect(formatDayOrInstant('2027-09-06T00:00:00.000Z')).toBe('06 Sep 2027');
    expect(formatDayOrInstant('2027-09-06T11:32:07.000Z')).toMatch(/^0[67] Sep 2027, \d{2}:32 \S+/);
  });
});
