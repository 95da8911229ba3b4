import { Logger } from '@nestjs/common';
import type { MongoLease } from './mongo-lease';

/** What the keeper needs of a lease (MongoLease in production). */
export type Lease = Pick<MongoLease, 'name' | 'timings' | 'acquire' | 'held' | 'remainingMs' | 'release'>;

/** Work that only one instance may do at a time, e.g. publishing a relay. */
export interface LeasedWork {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `work` only while this instance holds `lease`. Every ttl/3 a standby tries to take the lease
 * and the holder renews it. The holder stops the work as soon as another owner is seen holding the
 * lease, and at the end of its validity when no renewal got through (MongoDB unreachable, process
 * paused): ttl − margin after the last successful write was sent, i.e. before any other instance
 * may take it. `stop` stops the work and releases the lease, so a standby takes over at its next
 * attempt instead of after the TTL.
 */
export class LeaseKeeper {
  private readonly logger: Logger;
  private running = false;
  private working = false;
  private standingBy = false;
  private attempt?: Promise<void>;
  private nextAttempt?: NodeJS.Timeout;
  private expiry?: NodeJS.Timeout;
  private transitions: Promise<void> = Promise.resolve();
  private lastError?: string;

  constructor(
    private readonly lease: Lease,
    private readonly work: LeasedWork,
    logger?: Logger,
  ) {
    this.logger = logger ?? new Logger(`Lease ${lease.name}`);
  }

  /** Whether the work runs here. */
  get active(): boolean {
    return this.working;
  }

  /** Resolves after the first attempt, with the work started if the lease was free. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tryLease();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.nextAttempt);
    clearTimeout(this.expiry);
    await this.reconcile();
    await this.attempt;
    await this.lease.release().catch((error: Error) => this.logger.warn(`lease not released: ${error.message}`));
  }

  private tryLease(): Promise<void> {
    this.attempt = (async () => {
      try {
        const ours = await this.lease.acquire();
        if (!ours && this.working) this.logger.warn('the lease is held by another instance: stopping');
        else if (!ours && !this.standingBy) this.logger.log('the lease is held by another instance: standing by');
        this.standingBy = !ours;
        if (this.lastError) this.logger.log('lease store reachable again');
        this.lastError = undefined;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const left = this.lease.held() ? ` (the lease is ours ${Math.round(this.lease.remainingMs())} ms more)` : '';
        if (message !== this.lastError) this.logger.warn(`lease store unreachable${left}: ${message}`);
        this.lastError = message;
      }
      if (!this.running) return;
      await this.reconcile();
      if (!this.running) return;
      this.watchExpiry();
      this.nextAttempt = setTimeout(() => void this.tryLease(), this.lease.timings.renewEveryMs);
    })();
    return this.attempt;
  }

  /** Stops the work when the validity ends, even while an attempt hangs; a timer firing a little early just looks again. */
  private watchExpiry(): void {
    clearTimeout(this.expiry);
    if (!this.running || !this.lease.held()) return;
    this.expiry = setTimeout(
      () => void this.reconcile().then(() => this.watchExpiry()),
      Math.max(1, Math.ceil(this.lease.remainingMs())),
    );
  }

  /** Brings the work in line with the lease; one change at a time, in order. */
  private reconcile(): Promise<void> {
    this.transitions = this.transitions.then(async () => {
      const wanted = this.running && this.lease.held();
      if (wanted === this.working) return;
      if (wanted) {
        try {
          await this.work.start();
          this.working = true;
          this.logger.log('lease acquired: started');
        } catch (error) {
          this.logger.error(`lease acquired but the work did not start: ${String(error)}`);
        }
      } else {
        this.working = false;
        await this.work
          .stop()
          .catch((error: Error) => this.logger.error(`work did not stop cleanly: ${error.message}`));
        this.logger.log(this.running ? 'lease lost: stopped' : 'stopped, releasing the lease');
      }
    });
    return this.transitions;
  }
}
