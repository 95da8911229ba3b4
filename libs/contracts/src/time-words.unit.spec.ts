import { DAY_MS, duration, HOUR_MS, MINUTE_MS } from './time-words';

describe('duration', () => {
  it('says the time left in the largest unit that fits, rounding down under a day', () => {
    expect(duration(40_000)).toBe('less than a minute');
    expect(duration(MINUTE_MS)).toBe('1 minute');
    expect(duration(HOUR_MS - 1)).toBe('59 minutes');
    expect(duration(5 * HOUR_MS + 59 * MINUTE_MS)).toBe('5 hours');
    expect(duration(DAY_MS - 1)).toBe('23 hours');
  });

  it('counts part of a day as a day from a day on', () => {
    expect(duration(DAY_MS)).toBe('1 day');
    expect(duration(DAY_MS + 1)).toBe('2 days');
    expect(duration(3 * DAY_MS)).toBe('3 days');
  });
});
