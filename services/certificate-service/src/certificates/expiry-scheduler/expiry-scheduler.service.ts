import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  BackgroundWorker,
  eachConcurrently,
  LeaseKeeper,
  MongoLease,
  periodicWorker,
  PeriodicWorker,
  StopSignal,
} from '@signstash/platform';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { CertificateCommands } from '../certificate-commands.service';
import { DAY_MS } from '../certificate.rules';
import { CLOCK, Clock } from '@signstash/platform';
import { EXPIRY_CANDIDATES, ExpiryCandidate, ExpiryCandidates } from './expiry-candidates.port';
import { WarningThresholds } from '../warning-thresholds/warning-thresholds.service';
import { GrantWatch, withRecentGrants } from './grant-watch';
import { checkCandidate, ExpiryRunReport, warningDue } from './expiry-check';
import { SignatureUsage } from '../signature-usage/signature-usage';
import { nextDeadline } from './next-deadline';

export { ExpiryRunReport } from './expiry-check';

/**
 * Expiries started together in a pass: a thousand accesses expiring at one instant are appended in one
 * group commit (one fsync), so the relay sends them in one batch and the client-service consumer gets
 * them in one fetch (with 500, two commits made two fetches, the second held by the first's view
 * write: the last suspension at T+2.7 s); the bound keeps the memory of one turn's reads in check.
 */
const EXPIRIES_AT_ONCE = 1000;

/** setTimeout's longest delay (about 24.8 days); a later deadline is re-armed by the passes before then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const EXPIRY_SCHEDULER_OPTIONS = Symbol('EXPIRY_SCHEDULER_OPTIONS');
/** The lease (a `MongoLease`) whose holder, among the replicas, runs the passes. */
export const EXPIRY_SCHEDULER_LEASE = Symbol('EXPIRY_SCHEDULER_LEASE');

export interface ExpirySchedulerOptions {
  intervalSeconds: number;
  /** The thresholds of the issuers that did not choose their own (WarningThresholds applies them). */
  thresholdsDays: number[];
  /** Certificates checked at once in a pass: a thousand accesses expiring together need not wait in line. */
  concurrency: number;
}

/**
 * Wakes at the next deadline, the earliest instant an access expires or crosses a warning threshold
 * (a timer, re-armed after each pass and when a grant is appended), finds the certificates whose CA
 * access crossed a warning threshold or expired and sends the matching command; client services are
 * thus suspended at the crossing, not up to an interval later. The pass every interval (and one at
 * start) remains as the catch-up after downtime or a failed check. Of the replicas, only the holder of the scheduler's lease runs
 * the passes; a standby takes over when the holder stops or dies, and its first pass finds what
 * was left. Two passes overlapping at a takeover are still safe: the decider refuses duplicates,
 * appends carry the read revision, and event ids are derived from (stream, period, threshold).
 */
@Injectable()
export class ExpiryScheduler implements BackgroundWorker {
  readonly name = 'expiry scheduler';
  private readonly logger = new Logger(ExpiryScheduler.name);
  private signal = new StopSignal();
  /** The passes: at start, every interval, and when the timer fires; one at a time. */
  private readonly passes: PeriodicWorker;
  private readonly leadership: LeaseKeeper;
  private readonly grants: GrantWatch;
  private timer?: { at: number; handle: NodeJS.Timeout };
  /** The earliest deadline of the grants appended while a pass ran (it did not read them). */
  private grantedDuringPass?: number;
  /** The checks of grants already inside a threshold, in flight: stopping waits for them. */
  private readonly grantChecks = new Set<Promise<void>>();
  /** Between schedule and unschedule: while this replica holds the lease. */
  private scheduled = false;
  private thresholdsOf: (issuerId: string) => number[];

  constructor(
    private readonly commands: CertificateCommands,
    @Inject(EXPIRY_CANDIDATES) private readonly candidates: ExpiryCandidates,
    private readonly thresholds: WarningThresholds,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EXPIRY_SCHEDULER_OPTIONS) private readonly options: ExpirySchedulerOptions,
    @Inject(EXPIRY_SCHEDULER_LEASE) lease: MongoLease,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly signatureUsage: SignatureUsage,
  ) {
    this.thresholdsOf = () => options.thresholdsDays;
    this.passes = periodicWorker({
      intervalMs: options.intervalSeconds * 1000,
      // The catch-up after downtime, and the first deadline to arm.
      runAtStart: true,
      run: () => this.runOnce(),
      // A failed search (MongoDB away) is logged and retried at the next pass or deadline.
      onError: (error) => this.logger.error(`expiry run failed: ${String(error)}`),
    });
    this.grants = new GrantWatch(store, (candidate) => this.onGrant(candidate));
    this.leadership = new LeaseKeeper(
      lease,
      { start: async () => this.schedule(), stop: () => this.unschedule() },
      this.logger,
    );
  }

  /** Whether this replica runs the passes (holds the lease). */
  get active(): boolean {
    return this.leadership.active;
  }

  async start(): Promise<void> {
    this.signal = new StopSignal();
    await this.leadership.start();
  }

  /**
   * Runs before the event store and MongoDB close (workers stop before the shutdown hooks): no pass
   * starts any more, the one running stops after the certificates in hand, and the lease is given
   * up so a standby takes over at once. The certificates it did not reach are found again by the
   * next pass of this or another instance.
   */
  async stop(): Promise<void> {
    this.signal.stop();
    await this.leadership.stop();
  }

  private async schedule(): Promise<void> {
    if (this.scheduled) return;
    this.scheduled = true;
    await this.grants.start();
    this.passes.start();
  }

  /** Lost lease or shutdown: no new pass, and the one running ends before the next holder's first. */
  private async unschedule(): Promise<void> {
    this.scheduled = false;
    this.disarm();
    await this.grants.stop();
    await Promise.all([this.passes.stop(), ...this.grantChecks]);
  }

  /**
   * A registration or renewal, by any replica: a threshold it is already inside of is warned about at
   * once (this certificate only, not a whole pass), and the timer is brought forward to its next deadline.
   */
  private onGrant(candidate: ExpiryCandidate): void {
    if (!this.scheduled || this.signal.isStopped) return;
    const now = this.clock.now();
    const thresholdsDays = this.thresholdsOf(candidate.issuerId);
    if (warningDue(candidate, thresholdsDays, now)) {
      const report = { checked: 1, warned: 0, expired: 0, failed: 0 };
      const checking = checkCandidate(this.commands, candidate, thresholdsDays, now, report, this.logger);
      this.grantChecks.add(checking);
      void checking.finally(() => this.grantChecks.delete(checking));
    }
    // Its crossed thresholds are being warned about just now: what comes after is the next deadline.
    const at = nextDeadline([candidate], this.thresholdsOf, now, now.getTime() + this.options.intervalSeconds * 1000);
    // A pass re-arms the timer when it ends, from what it read at its start: keep this grant's deadline for then.
    if (this.passes.running && at !== undefined) this.grantedDuringPass = Math.min(this.grantedDuringPass ?? at, at);
    this.armAt(at, true);
  }

  /** The instant the timer is armed for (epoch ms), if any: what the next pass is waiting for. */
  get nextWakeAt(): number | undefined {
    return this.timer?.at;
  }

  /** Arms the timer for `at`; `onlyEarlier`: a grant brings a deadline forward, never pushes the armed one back. */
  private armAt(at: number | undefined, onlyEarlier = false): void {
    if (this.signal.isStopped || !this.scheduled) return;
    if (onlyEarlier && (at === undefined || (this.timer && this.timer.at <= at))) return;
    this.disarm();
    if (at === undefined) return;
    const delay = Math.min(Math.max(0, at - this.clock.now().getTime()), MAX_TIMER_MS);
    this.timer = { at, handle: setTimeout(() => ((this.timer = undefined), void this.tick()), delay) };
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer.handle);
    this.timer = undefined;
  }

  /** One pass now; a tick while a pass runs is kept for right after it, never run beside it or lost. */
  tick(): Promise<void> {
    return this.signal.isStopped ? Promise.resolve() : this.passes.wake();
  }

  async runOnce(): Promise<ExpiryRunReport> {
    const now = this.clock.now();
    const thresholds = await this.thresholds.forPass();
    this.thresholdsOf = thresholds.of;
    const due = withRecentGrants(await this.candidates.find(now, thresholds.horizonDays), this.grants.recentGrants());
    const report: ExpiryRunReport = { checked: due.length, warned: 0, expired: 0, failed: 0 };
    const check = (candidate: ExpiryCandidate) =>
      checkCandidate(this.commands, candidate, thresholds.of(candidate.issuerId), now, report, this.logger);
    const proceed = () => !this.signal.isStopped;
    // The accesses whose instant has come first, all at once: their appends share the event store's
    // group commits (one transaction for the appends of a turn) instead of queueing by `concurrency`.
    const expiring = due.filter((candidate) => Date.parse(candidate.expiresAt) <= now.getTime());
    const warnings = due.filter((candidate) => Date.parse(candidate.expiresAt) > now.getTime());
    await eachConcurrently(expiring, EXPIRIES_AT_ONCE, check, proceed);
    await eachConcurrently(warnings, this.options.concurrency, check, proceed);
    // Usage past the warning ratio is warned daily, also on days without reports.
    if (!this.signal.isStopped)
      report.warned += await this.signatureUsage.warnDaily().catch((error: unknown) => {
        report.failed++;
        this.logger.error(`daily usage warnings failed: ${String(error)}`);
        return 0;
      });
    if (report.warned + report.expired + report.failed > 0) this.logger.log(`expiry run: ${JSON.stringify(report)}`);
    for (const candidate of due) if (Date.parse(candidate.expiresAt) <= now.getTime()) this.grants.forget(candidate);
    // What this pass could not settle (overdue) waits for the next periodic pass; the rest at its instant.
    const beyond = await this.candidates.nextExpiryAfter(new Date(now.getTime() + thresholds.horizonDays * DAY_MS));
    const granted = this.grantedDuringPass;
    this.grantedDuringPass = undefined;
    const next = nextDeadline(
      beyond ? [...due, beyond] : due,
      thresholds.of,
      now,
      now.getTime() + this.options.intervalSeconds * 1000,
    );
    this.armAt(granted === undefined || (next !== undefined && next < granted) ? next : granted);
    return report;
  }
}
