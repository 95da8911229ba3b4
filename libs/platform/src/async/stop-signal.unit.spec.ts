import { StopSignal, Stopped } from './stop-signal';

describe('StopSignal', () => {
  it('ends a sleep early when stopped, and refuses new sleeps', async () => {
    const signal = new StopSignal();
    const sleeping = signal.sleep(10_000);
    signal.stop();
    await expect(sleeping).resolves.toBe(false);
    await expect(signal.sleep(10_000)).resolves.toBe(false);
  });

  it('reports a sleep that ran its course', async () => {
    await expect(new StopSignal().sleep(1)).resolves.toBe(true);
  });
});

describe('StopSignal.pause', () => {
  it('heartbeats in slices while it waits', async () => {
    let beats = 0;
    await new StopSignal().pause(60, async () => void beats++, 20);
    expect(beats).toBeGreaterThanOrEqual(3);
  });

  it('ends early with Stopped when the worker stops', async () => {
    const signal = new StopSignal();
    setTimeout(() => signal.stop(), 20);
    const started = Date.now();
    await expect(signal.pause(5_000, async () => undefined, 10)).rejects.toBeInstanceOf(Stopped);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
