import { eachConcurrently } from './each-concurrently';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('eachConcurrently', () => {
  it('runs every item, never more than the limit at once, starting them in order', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await eachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      most = Math.max(most, ++running);
      await tick();
      running--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts no more once told to stop, and none after a failure, which it rethrows after the others finish', async () => {
    const started: number[] = [];
    let stop = false;
    await eachConcurrently(
      [1, 2, 3, 4, 5],
      2,
      async (item) => {
        started.push(item);
        if (item === 2) stop = true;
        await tick();
      },
      () => !stop,
    );
    expect(started).toEqual([1, 2]);

    const finished: number[] = [];
    await expect(
      eachConcurrently([1, 2, 3, 4, 5], 2, async (item) => {
        if (item === 1) throw new Error('boom');
        await tick();
        finished.push(item);
      }),
    ).rejects.toThrow('boom');
    expect(finished).toEqual([2]);
  });
});
