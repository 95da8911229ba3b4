import type { Logger } from '@nestjs/common';
import { Lease, LeaseKeeper } from './lease-keeper';
import { leaseTimings } from './mongo-lease';

/** A lease whose answers the test sets; validity is counted as MongoLease counts it, on the (fake) clock. */
class ScriptedLease implements Lease {
  readonly name = 'relay-x';
  readonly timings = leaseTimings(3000, 500); // renew every 1000 ms, valid 2500 ms after a successful send
  answer: 'ours' | 'theirs' | 'unreachable' = 'ours';
  attempts = 0;
  released = 0;
  /** How much earlier than the validity's end `remainingMs` says it ends, as a timer firing early would see it. */
  early = 0;
  private validUntil = -Infinity;

  async acquire(): Promise<boolean> {
    this.attempts++;
    const sentAt = Date.now();
    if (this.answer === 'unreachable') throw new Error('connection refused');
    this.validUntil = this.answer === 'ours' ? sentAt + this.timings.validForMs : -Infinity;
    return this.answer === 'ours';
  }
  held = () => this.validUntil - Date.now() > 0;
  remainingMs = () => Math.max(0, this.validUntil - Date.now() - this.early);
  async release(): Promise<void> {
    this.released++;
    this.validUntil = -Infinity;
  }
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

describe('leaseTimings', () => {
  it('renews every ttl/3 and keeps the default margin of ttl/5 off the stored expiry', () => {
    expect(leaseTimings()).toEqual({ ttlMs: 10_000, marginMs: 2000, renewEveryMs: 3333, validForMs: 8000 });
  });

  it('refuses a margin that would leave fewer than two renewals inside the validity', () => {
    expect(() => leaseTimings(3000, 1000)).toThrow(/margin < ttl\/3/);
    expect(() => leaseTimings(3000, 0)).toThrow();
    expect(() => leaseTimings(0)).toThrow();
  });
});

describe('LeaseKeeper', () => {
  let lease: ScriptedLease;
  let journal: string[];
  let keeper: LeaseKeeper;
  let failStarts = 0;

  beforeEach(() => {
    jest.useFakeTimers();
    lease = new ScriptedLease();
    journal = [];
    failStarts = 0;
    keeper = new LeaseKeeper(
      lease,
      {
        start: async () => {
          if (failStarts-- > 0) throw new Error('checkpoint unreadable');
          journal.push(`start@${Date.now()}`);
        },
        stop: async () => void journal.push(`stop@${Date.now()}`),
      },
      quiet,
    );
  });

  afterEach(async () => {
    await keeper.stop();
    jest.useRealTimers();
  });

  it('starts the work once it holds the lease and keeps it while renewals go through', async () => {
    const t0 = Date.now();
    await keeper.start();
    expect(keeper.active).toBe(true);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(lease.attempts).toBe(11);
    expect(journal).toEqual([`start@${t0}`]);
  });

  it('stays standby while another instance holds the lease, and takes over at the next attempt after it is free', async () => {
    lease.answer = 'theirs';
    const t0 = Date.now();
    await keeper.start();
    await jest.advanceTimersByTimeAsync(2500);
    expect(keeper.active).toBe(false);
    lease.answer = 'ours';
    await jest.advanceTimersByTimeAsync(1000);
    expect(keeper.active).toBe(true);
    expect(journal).toEqual([`start@${t0 + 3000}`]);
  });

  it('stops the work when its validity runs out without a renewal, not at the first failed one', async () => {
    const t0 = Date.now();
    await keeper.start();
    lease.answer = 'unreachable'; // the renewals at +1000 and +2000 fail
    await jest.advanceTimersByTimeAsync(2499);
    expect(keeper.active).toBe(true);
    await jest.advanceTimersByTimeAsync(1);
    expect(keeper.active).toBe(false);
    expect(journal).toEqual([`start@${t0}`, `stop@${t0 + 2500}`]); // the stored expiry is at +3000

    lease.answer = 'ours';
    await jest.advanceTimersByTimeAsync(1000);
    expect(journal).toEqual([`start@${t0}`, `stop@${t0 + 2500}`, `start@${t0 + 3000}`]);
  });

  it('looks again when the expiry timer fires before the validity has quite ended, while the renewal hangs', async () => {
    const t0 = Date.now();
    lease.early = 2;
    await keeper.start();
    let answer: (ours: boolean) => void = () => undefined;
    lease.acquire = () => new Promise<boolean>((resolve) => (answer = resolve));
    await jest.advanceTimersByTimeAsync(2500);
    expect(journal).toEqual([`start@${t0}`, `stop@${t0 + 2500}`]);
    answer(false);
  });

  it('stops at once when a renewal finds the lease held by another instance', async () => {
    const t0 = Date.now();
    await keeper.start();
    lease.answer = 'theirs';
    await jest.advanceTimersByTimeAsync(1000);
    expect(journal).toEqual([`start@${t0}`, `stop@${t0 + 1000}`]);
  });

  it('retries a work start that failed at the next attempt, while it still holds the lease', async () => {
    failStarts = 1;
    const t0 = Date.now();
    await keeper.start();
    expect(keeper.active).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(journal).toEqual([`start@${t0 + 1000}`]);
  });

  it('on stop, stops the work, releases the lease and makes no more attempts', async () => {
    await keeper.start();
    await keeper.stop();
    expect(keeper.active).toBe(false);
    expect(lease.released).toBe(1);
    const attempts = lease.attempts;
    await jest.advanceTimersByTimeAsync(5000);
    expect(lease.attempts).toBe(attempts);
    expect(journal).toHaveLength(2);
  });
});
