import { PeriodLocks } from './period-locks';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PeriodLocks', () => {
  it('runs tasks sharing a key one after another, in the order they asked, and others side by side', async () => {
    const locks = new PeriodLocks();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = locks.holding(['a', 'b'], async () => {
      log.push('first start');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('first end');
    });
    const second = locks.holding(['b'], async () => void log.push('second'));
    const apart = locks.holding(['c'], async () => void log.push('apart'));
    await tick();
    expect(log).toEqual(['first start', 'apart']);
    releaseFirst();
    await Promise.all([first, second, apart]);
    expect(log).toEqual(['first start', 'apart', 'first end', 'second']);
  });

  it('lets the next task run after one fails, and gives the failure to its caller', async () => {
    const locks = new PeriodLocks();
    const failed = locks.holding(['a'], async () => {
      throw new Error('insert failed');
    });
    const next = locks.holding(['a'], async () => 'ran');
    await expect(failed).rejects.toThrow('insert failed');
    await expect(next).resolves.toBe('ran');
  });
});
