import { RetryLaterException } from './retry-later.exception';

describe('RetryLaterException.secondsFrom (a service’s Retry-After, as the gateway passes it on)', () => {
  it('reads delay-seconds, and an HTTP date as the seconds from now', () => {
    expect(RetryLaterException.secondsFrom('30')).toBe(30);
    expect(RetryLaterException.secondsFrom(' 1 ')).toBe(1);
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    expect(RetryLaterException.secondsFrom(inTen)).toBeGreaterThanOrEqual(9);
    expect(RetryLaterException.secondsFrom(new Date(Date.now() - 60_000).toUTCString())).toBe(0);
  });

  it('ignores what is absent or unreadable', () => {
    expect(RetryLaterException.secondsFrom(null)).toBeUndefined();
    expect(RetryLaterException.secondsFrom('')).toBeUndefined();
    expect(RetryLaterException.secondsFrom('soon')).toBeUndefined();
  });
});
