import { batchedLookup, Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('flushes the items added in one turn together, and those added during a flush together in the next one', async () => {
    const flushes: number[][] = [];
    let release: () => void = () => undefined;
    const coalescer = new Coalescer<number, number>(async (items) => {
      flushes.push(items);
      if (flushes.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((item) => item * 10);
    });

    const first = [coalescer.add(1), coalescer.add(4)];
    expect(flushes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes).toEqual([[1, 4]]);
    const later = [coalescer.add(2), coalescer.add(3), coalescer.add(2)];
    release();

    expect(await Promise.all(first)).toEqual([10, 40]);
    expect(await Promise.all(later)).toEqual([20, 30, 20]);
    expect(flushes).toEqual([
      [1, 4],
      [2, 3, 2],
    ]);
  });

  it('flushes at most maxItems at a time, in the order added', async () => {
    const flushes: number[][] = [];
    const coalescer = new Coalescer<number, number>(async (items) => {
      flushes.push(items);
      return items;
    }, 2);

    expect(await Promise.all([1, 2, 3, 4, 5].map((item) => coalescer.add(item)))).toEqual([1, 2, 3, 4, 5]);
    expect(flushes).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('fails the items of a failed flush only, and serves later ones', async () => {
    let fail = true;
    const coalescer = new Coalescer<string, number>(async (items) => {
      if (fail) throw new Error('database down');
      return items.map((item) => item.length);
    });

    await expect(coalescer.add('x')).rejects.toThrow('database down');
    fail = false;
    expect(await coalescer.add('xyz')).toBe(3);
  });
});

describe('batchedLookup', () => {
  it('asks for each distinct key once and answers every caller, undefined for a key not found', async () => {
    const queries: string[][] = [];
    let release: () => void = () => undefined;
    const lookup = batchedLookup<string, string>(async (keys) => {
      queries.push(keys);
      if (queries.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return new Map(keys.filter((key) => key !== 'missing').map((key) => [key, key.toUpperCase()]));
    });

    const first = lookup('a');
    await new Promise((resolve) => setImmediate(resolve));
    const later = [lookup('b'), lookup('c'), lookup('b'), lookup('missing')];
    release();

    expect(await first).toBe('A');
    expect(await Promise.all(later)).toEqual(['B', 'C', 'B', undefined]);
    expect(queries).toEqual([['a'], ['b', 'c', 'missing']]);
  });
});
