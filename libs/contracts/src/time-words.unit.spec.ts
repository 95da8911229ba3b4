import { DAY_MS, duration, HOUR_MS, MINUTE_MS } from './time-words';

describe('duration', () => {
  it('says the time left in the largest unit that fits, rounded to the nearest under a day', () => {
    expect(duration(40_000)).toBe('less than a minute');
    expect(duration(MINUTE_MS)).toBe('1 minute');
    expect(duration(MINUTE_MS + 55_000)).toBe('2 minutes');
    expect(duration(MINUTE_MS + 25_000)).toBe('1 minute');
    expect(duration(HOUR_MS - 20_000)).toBe('1 hour');
    expect(duration(5 * HOUR_MS + 20 * MINUTE_MS)).toBe('5 hours');
    expect(duration(5.5 * HOUR_MS)).toBe('5 hours');
    expect(duration(MINUTE_MS + 30_000)).toBe('1 minute');
    expect(duration(5 * HOUR_MS + 59 * MINUTE_MS)).toBe('6 hours');
    expect(duration(DAY_MS - 1)).toBe('1 day');
  });

  it('counts part of a day as a day from a day on', () => {
    expect(duration(DAY_MS)).toBe('1 day');
    expect(duration(DAY_MS + 1)).toBe('2 days');
    expect(duration(3 * DAY_MS)).toBe('3 days');
  });
});
