import { periodicWorker, Timers } from './periodic-worker';

/** Timers the test fires by hand: which delays were armed, and which one is pending. */
class ManualTimers implements Timers {
  readonly armed: number[] = [];
  private pending = new Map<number, () => void>();
  private nextHandle = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    this.armed.push(ms);
    const handle = this.nextHandle++;
    this.pending.set(handle, callback);
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  get count(): number {
    return this.pending.size;
  }

  fire(): void {
    const [[handle, callback]] = [...this.pending];
    this.pending.delete(handle);
    callback();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A run that ends when the test says so. */
function gatedRuns() {
  const gates: Array<{ end: () => void; fail: (error: Error) => void }> = [];
  const run = () => new Promise<void>((end, fail) => void gates.push({ end, fail }));
  return { gates, run };
}

describe('periodicWorker', () => {
  it('runs at start when asked, then one interval after each run ends, never two at once', async () => {
    const timers = new ManualTimers();
    const { gates, run } = gatedRuns();
    const worker = periodicWorker({ intervalMs: 1000, run, onError: jest.fn(), runAtStart: true, timers });
    worker.start();
    expect(gates).toHaveLength(1);
    expect(timers.count).toBe(0);
    gates[0].end();
    await settle();
    expect(timers.armed).toEqual([1000]);
    timers.fire();
    expect(gates).toHaveLength(2);
    expect(worker.running).toBe(true);
    expect(timers.count).toBe(0);
    gates[1].end();
    await worker.stop();
    expect(timers.count).toBe(0);
  });

  it('waits an interval before the first run without runAtStart', () => {
    const timers = new ManualTimers();
    const { gates, run } = gatedRuns();
    periodicWorker({ intervalMs: 500, run, onError: jest.fn(), timers }).start();
    expect(gates).toHaveLength(0);
    expect(timers.armed).toEqual([500]);
  });

  it('wake during a run queues exactly one more run right after it, shared by every caller', async () => {
    const timers = new ManualTimers();
    const { gates, run } = gatedRuns();
    const worker = periodicWorker({ intervalMs: 1000, run, onError: jest.fn(), runAtStart: true, timers });
    worker.start();
    const first = worker.wake();
    const second = worker.wake();
    expect(first).toBe(second);
    expect(gates).toHaveLength(1);
    gates[0].end();
    await settle();
    expect(gates).toHaveLength(2);
    expect(timers.count).toBe(0);
    gates[1].end();
    await first;
    expect(timers.armed).toEqual([1000]);
  });

  it('wake when idle runs at once instead of at the armed tick', async () => {
    const timers = new ManualTimers();
    const { gates, run } = gatedRuns();
    const worker = periodicWorker({ intervalMs: 60_000, run, onError: jest.fn(), timers });
    worker.start();
    const woken = worker.wake();
    expect(gates).toHaveLength(1);
    expect(timers.count).toBe(0);
    gates[0].end();
    await woken;
    expect(timers.armed).toEqual([60_000, 60_000]);
  });

  it('backs off after consecutive failures and returns to the interval after a success', async () => {
    const timers = new ManualTimers();
    const { gates, run } = gatedRuns();
    const onError = jest.fn();
    const backoff = { initialDelayMs: 100, maxDelayMs: 250 };
    const worker = periodicWorker({ intervalMs: 50, run, onError, runAtStart: true, backoff, timers });
    worker.start();
    for (let i = 0; i < 3; i++) {
      gates[i].fail(new Error(`down ${i}`));
      await settle();
      timers.fire();
    }
    gates[3].end();
    await settle();
    expect(onError).toHaveBeenCalledTimes(3);
    expect(onError).toHaveBeenLastCalledWith(new Error('down 2'));
    expect(timers.armed).toEqual([100, 200, 250, 50]);
  });

  it('stop waits for the run in hand, arms nothing after it and ignores wake', async () => {
    const timers = new ManualTimers();
    const { gates, run } = gatedRuns();
    const worker = periodicWorker({ intervalMs: 1000, run, onError: jest.fn(), runAtStart: true, timers });
    worker.start();
    const queued = worker.wake();
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    gates[0].end();
    await stopping;
    await queued;
    expect(gates).toHaveLength(1);
    expect(timers.count).toBe(0);
    await worker.wake();
    expect(gates).toHaveLength(1);
  });

  it('wake before the first start is a single run that arms no timer', async () => {
    const timers = new ManualTimers();
    const { gates, run } = gatedRuns();
    const worker = periodicWorker({ intervalMs: 1000, run, onError: jest.fn(), timers });
    const woken = worker.wake();
    gates[0].end();
    await woken;
    expect(gates).toHaveLength(1);
    expect(timers.count).toBe(0);
  });
});
