import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 3000, jitter: 0.2 };
  const middle = () => 0.5;

  it('doubles from the initial delay up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((retry) => backoffDelay(policy, retry, middle))).toEqual([
      100, 200, 400, 800, 1600, 3000, 3000,
    ]);
  });

  it('jitters by at most 20% and never beyond the maximum', () => {
    expect(backoffDelay(policy, 1, () => 0)).toBe(80);
    expect(backoffDelay(policy, 1, () => 1)).toBe(120);
    expect(backoffDelay(policy, 10, () => 1)).toBe(3000);
  });

  it('does not jitter unless asked', () => {
    expect(backoffDelay({ initialDelayMs: 100, maxDelayMs: 3000 }, 2, () => 0)).toBe(200);
  });
});
