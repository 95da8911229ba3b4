import { backoffDelay, pause, Stopped } from './retry-backoff';

describe('backoffDelay', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 3000 };
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
});

describe('pause', () => {
  it('heartbeats in slices while it waits', async () => {
    let beats = 0;
    await pause(60, { isStopping: () => false, heartbeat: async () => void beats++, sliceMs: 20 });
    expect(beats).toBeGreaterThanOrEqual(3);
  });

  it('ends early with Stopped when the worker stops', async () => {
    let stopping = false;
    setTimeout(() => (stopping = true), 20);
    const started = Date.now();
    await expect(pause(5_000, { isStopping: () => stopping, sliceMs: 10 })).rejects.toBeInstanceOf(Stopped);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
