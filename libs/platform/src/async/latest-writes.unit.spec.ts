import { LatestWrites } from './latest-writes';

const deferred = () => {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('LatestWrites', () => {
  it('writes one value at a time, and of those offered meanwhile only the newest', async () => {
    const written: number[] = [];
    const gates: Array<ReturnType<typeof deferred>> = [];
    const writes = new LatestWrites<number>(
      async (value) => {
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
        written.push(value);
      },
      () => undefined,
    );

    writes.offer(1);
    writes.offer(2);
    writes.offer(3);
    expect(gates).toHaveLength(1); // 1 is being written; 2 was replaced by 3 while waiting
    gates[0].resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(gates).toHaveLength(2);
    gates[1].resolve();
    await writes.flushed();
    expect(written).toEqual([1, 3]);
  });

  it('reports a failed write, keeps its value waiting, and writes it on the next flush', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const written: string[] = [];
    const writes = new LatestWrites<string>(
      async (value) => {
        if (fail) throw new Error('store down');
        written.push(value);
      },
      (error) => errors.push(error),
    );

    writes.offer('a');
    await writes.flushed();
    expect(errors).toHaveLength(2); // the write, then flushed's one retry
    expect(written).toEqual([]);

    fail = false;
    await writes.flushed();
    expect(written).toEqual(['a']);
  });
});
