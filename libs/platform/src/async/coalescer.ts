interface Waiting<R> {
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Runs the items added in one turn of the event loop together, and those added while one `flush`
 * is in flight together in the next flush. Idle, an item is flushed on the next turn, alone or with
 * those added beside it (a fetched batch of events asks in one turn); under a burst of events (a thousand certificates
 * expiring together) one database round trip serves many, where each round trip to FerretDB is a
 * translation to SQL and each write its own PostgreSQL transaction. An item is always flushed after
 * it was added, so it sees every write completed before. `flush` returns one result per item, in order.
 */
export class Coalescer<T, R> {
  private queued: Array<{ item: T } & Waiting<R>> = [];
  private running = false;

  /** `maxItems`: the most in one flush (the rest waits for the next), so the first of a burst are done sooner. */
  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly maxItems = Infinity,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queued.length > 0) {
      const batch = this.queued.splice(0, this.maxItems);
      try {
        const results = await this.flush(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(results[index]));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.running = false;
  }
}

/**
 * Lookups by key through a Coalescer: one query for the distinct keys asked together, at most
 * `maxKeys` a query (the first answers of a burst come sooner).
 */
export function batchedLookup<K, V>(
  load: (keys: K[]) => Promise<Map<K, V>>,
  maxKeys = Infinity,
): (key: K) => Promise<V | undefined> {
  const coalescer = new Coalescer<K, V | undefined>(async (keys) => {
    const found = await load([...new Set(keys)]);
    return keys.map((key) => found.get(key));
  }, maxKeys);
  return (key) => coalescer.add(key);
}
