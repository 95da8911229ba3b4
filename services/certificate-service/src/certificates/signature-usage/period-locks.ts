/**
 * One task at a time per key, in the order they asked (a task holding several keys waits for every
 * earlier task holding any of them). All keys are taken at once, so two tasks cannot deadlock.
 */
export class PeriodLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async holding<T>(keys: string[], task: () => Promise<T>): Promise<T> {
    const earlier = keys.flatMap((key) => {
      const tail = this.tails.get(key);
      return tail ? [tail] : [];
    });
    const run = Promise.allSettled(earlier).then(task);
    const done = run.catch(() => undefined);
    for (const key of keys) this.tails.set(key, done);
    try {
      return await run;
    } finally {
      for (const key of keys) if (this.tails.get(key) === done) this.tails.delete(key);
    }
  }
}
