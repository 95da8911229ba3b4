/**
 * Writes values behind the caller, one write at a time, only ever the newest value handed over: a
 * value offered while a write is under way replaces any older one still waiting. For checkpoints of
 * what was already done (a position in a log): the next piece of work need not wait for the write,
 * and a lost write only means redoing idempotent work after a restart.
 *
 * A failed write is reported and its value waits for the next offer (or `flushed`, which tries it once more).
 */
export class LatestWrites<T> {
  private waiting?: { value: T };
  private writing?: Promise<void>;

  constructor(
    private readonly write: (value: T) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  offer(value: T): void {
    this.waiting = { value };
    this.writing ??= this.drain();
  }

  /** Resolves once every value offered so far was written, or its write failed (twice: once more here) and was reported. */
  async flushed(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.waiting) await (this.writing = this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting) {
        const next = this.waiting;
        await this.write(next.value);
        if (this.waiting === next) this.waiting = undefined;
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.writing = undefined;
    }
  }
}
