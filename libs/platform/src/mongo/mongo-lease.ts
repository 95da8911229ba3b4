import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Collection, Db, Filter } from 'mongodb';
import { isDuplicateKey } from './duplicate-key';

/** One term of a lease: `_id` is `<name>#<term>`, never reused, so taking a term is one unique insert. */
export interface LeaseDocument {
  _id: string;
  name: string;
  term: number;
  owner: string;
  expiresAt: Date;
  renewedAt: Date;
}

export const leaseTermId = (name: string, term: number) => `${name}#${term}`;

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

/** A margin under ttl/3 leaves two renewals inside the validity, so one failed renewal never loses the lease. */
export function leaseTimings(ttlMs = DEFAULT_LEASE_TTL_MS, marginMs = Math.round(ttlMs / 5)): LeaseTimings {
  const renewEveryMs = Math.round(ttlMs / 3);
  if (!(Number.isFinite(ttlMs) && ttlMs > 0 && marginMs > 0 && marginMs < renewEveryMs)) {
    throw new Error(`lease timings: need ttl > 0 and 0 < margin < ttl/3, got ttl ${ttlMs} ms, margin ${marginMs} ms`);
  }
  return { ttlMs, marginMs, renewEveryMs, validForMs: ttlMs - marginMs };
}

/**
 * An expiring, exclusive claim on a name, shared by the replicas of a service. The lease is a
 * sequence of terms, one document each (`<name>#<term>`); the highest term is the current one.
 *
 * - A standby takes over only from an expired term, by inserting the next term: the unique `_id`
 *   makes that atomic on any MongoDB-compatible store (FerretDB 1.x evaluates a guarded update in
 *   two steps, so "update if expired" alone would let two standbys both win).
 * - The holder renews its own term document, then checks that no later term exists; seeing one, it
 *   steps down.
 * - A new holder starts only once the previous term's expiry has passed (read again after its
 *   insert): a renewal of the old holder in flight during the takeover pushes that expiry out, and
 *   the old holder then finds the new term at its check and stops renewing.
 *
 * The holder's validity is counted on its monotonic clock from when its successful write was sent,
 * so a slow answer or a wall-clock jump never stretches it past the stored expiry. Clock skew
 * between replicas must stay under the margin.
 */
export class MongoLease {
  readonly owner: string;
  readonly timings: LeaseTimings;
  private readonly leases: Collection<LeaseDocument>;
  private validUntil = -Infinity;
  private indexed?: Promise<unknown>;

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
   * True when the lease is ours (taken or renewed), false when another owner holds it or the
   * previous term has not ended yet. Throws when MongoDB did not answer: the lease may still be
   * ours until `held()` turns false.
   */
  async acquire(now = new Date()): Promise<boolean> {
    const sentAt = this.monotonicNow();
    this.indexed ??= this.leases.createIndex({ name: 1, term: -1 }).catch((error: unknown) => {
      this.indexed = undefined;
      throw error;
    });
    await this.indexed;
    const [current, previous] = await this.terms();
    const ours =
      current?.owner === this.owner ? await this.renew(current, previous, now) : await this.takeOver(current, now);
    this.validUntil = ours ? sentAt + this.timings.validForMs : -Infinity;
    return ours;
  }

  held(): boolean {
    return this.remainingMs() > 0;
  }

  /** Until this instance must stop acting on the lease; 0 when it does not hold it. */
  remainingMs(): number {
    return Math.max(0, this.validUntil - this.monotonicNow());
  }

  /** Gives the lease up at once (only if still ours): its term ends now, so a standby need not wait for it to expire. */
  async release(): Promise<void> {
    this.validUntil = -Infinity;
    const [current] = await this.terms();
    if (current?.owner !== this.owner) return;
    await this.leases.updateOne({ _id: current._id, owner: this.owner } as Filter<LeaseDocument>, {
      $set: { expiresAt: new Date(0) },
    });
  }

  /** The current term according to the database (for operators and tests). */
  async read(): Promise<LeaseDocument | null> {
    return (await this.terms())[0] ?? null;
  }

  /** The current term and the one before it. */
  private terms(): Promise<LeaseDocument[]> {
    return this.leases
      .find({ name: this.name } as Filter<LeaseDocument>)
      .sort({ term: -1 })
      .limit(2)
      .toArray();
  }

  private async renew(current: LeaseDocument, previous: LeaseDocument | undefined, now: Date): Promise<boolean> {
    const { matchedCount } = await this.leases.updateOne(
      { _id: current._id, owner: this.owner } as Filter<LeaseDocument>,
      {
        $set: { expiresAt: new Date(now.getTime() + this.timings.ttlMs), renewedAt: now },
      },
    );
    if (matchedCount === 0) return false;
    // Taken from a holder whose renewal raced the takeover: ours once that term has run out.
    if (previous && previous.owner !== this.owner && previous.expiresAt.getTime() > Date.now()) return false;
    const later = await this.leases.findOne({ name: this.name, term: { $gt: current.term } } as Filter<LeaseDocument>);
    return later === null;
  }

  private async takeOver(current: LeaseDocument | undefined, now: Date): Promise<boolean> {
    if (current && current.expiresAt.getTime() >= now.getTime()) return false;
    const term = (current?.term ?? 0) + 1;
    try {
      await this.leases.insertOne({
        _id: leaseTermId(this.name, term),
        name: this.name,
        term,
        owner: this.owner,
        expiresAt: new Date(now.getTime() + this.timings.ttlMs),
        renewedAt: now,
      });
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    if (!current) return true;
    const before = await this.leases.findOne({ _id: current._id } as Filter<LeaseDocument>);
    if (before && before.expiresAt.getTime() > Date.now()) return false;
    // Terms before the one just ended are history: nobody reads them any more.
    await this.leases.deleteMany({ name: this.name, term: { $lt: current.term } } as Filter<LeaseDocument>);
    return true;
  }
}
