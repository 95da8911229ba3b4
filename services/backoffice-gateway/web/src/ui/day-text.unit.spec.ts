import { describe, expect, it } from '@jest/globals';
import { isDay, parseDay, showDay } from './day-text';

describe('the days typed in a date field', () => {
  it('reads the app format, the ISO day and a day-first numeric day', () => {
    expect(parseDay('06 Dec 2026')).toBe('2026-12-06');
    expect(parseDay(' 6 december 2026 ')).toBe('2026-12-06');
    expect(parseDay('6 Sept 2026')).toBe('2026-09-06');
    expect(parseDay('2026-12-06')).toBe('2026-12-06');
    expect(parseDay('06/12/2026')).toBe('2026-12-06');
  });

  it('tells an empty field from text that is no day', () => {
    expect(parseDay('  ')).toBe('');
    expect(parseDay('31 Feb 2026')).toBeUndefined();
    expect(parseDay('06 Foo 2026')).toBeUndefined();
    expect(parseDay('12/31/2026')).toBeUndefined();
    expect(parseDay('tomorrow')).toBeUndefined();
  });

  it('shows a day as the app writes it, and other text unchanged', () => {
    expect(showDay('2026-09-06')).toBe('06 Sep 2026');
    expect(showDay('tomorrow')).toBe('tomorrow');
    expect(isDay('2026-09-06')).toBe(true);
    expect(isDay('06 Sep 2026')).toBe(false);
  });
});
