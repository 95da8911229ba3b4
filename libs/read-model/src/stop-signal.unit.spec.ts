import { StopSignal } from './stop-signal';

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
