import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Collection, Db, Filter, MongoServerError } from 'mongodb';

export interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
  renewedAt: Date;
}

export interface MongoLeaseOptions {
  /** How long one write keeps the lease; default 10 s. */
  ttlMs?: number;
  /**
   * How much earlier than the stored expiry the holder stops counting on it: room for clock skew
   * between replicas (the others compare `expiresAt` with their own clocks) and a late timer;
   * default ttl/5.
   */
  marginMs?: number;
  /** Unique per instance; default host/pid/random. */
  owner?: string;
  collectionName?: string;
}

export interface LeaseTimings {
  ttlMs: number;
  marginMs: number;
  /** Both the holder's renewal period and a standby's polling period. */
  renewEveryMs: number;
  /** How long after sending a successful write the holder may act on the lease. */
  validForMs: number;
}

export const DEFAULT_LEASE_TTL_MS = 10_000;
const DUPLICATE_KEY = 11000;

/** A margin under ttl/3 leaves two renewals inside the validity, so one failed renewal never loses the lease. */
export function leaseTimings(ttlMs = DEFAULT_LEASE_TTL_MS, marginMs = Math.round(ttlMs / 5)): LeaseTimings {
  const renewEveryMs = Math.round(ttlMs / 3);
  if (!(Number.isFinite(ttlMs) && ttlMs > 0 && marginMs > 0 && marginMs < renewEveryMs)) {
    throw new Error(`lease timings: need ttl > 0 and 0 < margin < ttl/3, got ttl ${ttlMs} ms, margin ${marginMs} ms`);
  }
  return { ttlMs, marginMs, renewEveryMs, validForMs: ttlMs - marginMs };
}

/**
 * An expiring, exclusive claim on a name, shared by the replicas of a service through one document
 * (`_id` = the name). `acquire` takes a free or expired lease, or renews our own, in one guarded
 * upsert; an upsert colliding with a live lease of another owner is the "held elsewhere" answer.
 * The holder's validity is counted on its monotonic clock from when the write was sent, so a slow
 * answer or a wall-clock jump never stretches it past the stored expiry.
 *
 * MongoDB applies the guarded update atomically. FerretDB 1.x evaluates the filter and writes in two
 * steps, so two contenders taking an expired lease at the same instant can both succeed; the
 * loser's next renewal then collides and it steps down (see `LeaseKeeper`).
 */
export class MongoLease {
  readonly owner: string;
  readonly timings: LeaseTimings;
  private readonly leases: Collection<LeaseDocument>;
  private validUntil = -Infinity;

  constructor(
    db: Db,
    readonly name: string,
    options: MongoLeaseOptions = {},
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {
    this.owner = options.owner ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    this.timings = leaseTimings(options.ttlMs, options.marginMs);
    this.leases = db.collection<LeaseDocument>(options.collectionName ?? 'leases');
  }

  /**
   * True when the lease is ours (taken or renewed), false when another owner holds it. Throws when
   * MongoDB did not answer: the lease may still be ours until `held()` turns false.
   */
  async acquire(now = new Date()): Promise<boolean> {
    const sentAt = this.monotonicNow();
    try {
      await this.leases.updateOne(
        { _id: this.name, $or: [{ owner: this.owner }, { expiresAt: { $lt: now } }] } as Filter<LeaseDocument>,
        { $set: { owner: this.owner, expiresAt: new Date(now.getTime() + this.timings.ttlMs), renewedAt: now } },
        { upsert: true },
      );
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
      this.validUntil = -Infinity;
      return false;
    }
    this.validUntil = sentAt + this.timings.validForMs;
    return true;
  }

  held(): boolean {
    return this.remainingMs() > 0;
  }

  /** Until this instance must stop acting on the lease; 0 when it does not hold it. */
  remainingMs(): number {
    return Math.max(0, this.validUntil - this.monotonicNow());
  }

  /** Gives the lease up at once (only if still ours), so a standby need not wait for it to expire. */
  async release(): Promise<void> {
    this.validUntil = -Infinity;
    await this.leases.deleteOne({ _id: this.name, owner: this.owner } as Filter<LeaseDocument>);
  }

  /** Who holds it according to the database (for operators and tests). */
  read(): Promise<LeaseDocument | null> {
    return this.leases.findOne({ _id: this.name } as Filter<LeaseDocument>);
  }
}
