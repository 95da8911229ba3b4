import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import {
  BackgroundWorker,
  eachConcurrently,
  LeaseKeeper,
  MongoLease,
  StopSignal,
  withCorrelation,
} from '@signstash/platform';
import { CertificateCommands } from '../certificate-commands.service';
import { thresholdToWarn } from '../certificate.rules';
import { CLOCK, Clock } from '@signstash/platform';
import { EXPIRY_CANDIDATES, ExpiryCandidates } from './expiry-candidates.port';
import { WarningThresholds } from '../warning-thresholds/warning-thresholds.service';

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

export interface ExpiryRunReport {
  checked: number;
  warned: number;
  expired: number;
  failed: number;
}

/**
 * Every interval, finds the certificates whose CA access crossed a warning threshold or expired
 * and sends the matching command. Of the replicas, only the holder of the scheduler's lease runs
 * the passes; a standby takes over when the holder stops or dies, and its first pass finds what
 * was left. Two passes overlapping at a takeover are still safe: the decider refuses duplicates,
 * appends carry the read revision, and event ids are derived from (stream, period, threshold).
 */
@Injectable()
export class ExpiryScheduler implements BackgroundWorker {
  readonly name = 'expiry scheduler';
  private readonly logger = new Logger(ExpiryScheduler.name);
  private running?: Promise<ExpiryRunReport | undefined>;
  private signal = new StopSignal();
  private readonly leadership: LeaseKeeper;

  constructor(
    private readonly commands: CertificateCommands,
    @Inject(EXPIRY_CANDIDATES) private readonly candidates: ExpiryCandidates,
    private readonly thresholds: WarningThresholds,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EXPIRY_SCHEDULER_OPTIONS) private readonly options: ExpirySchedulerOptions,
    private readonly registry: SchedulerRegistry,
    @Inject(EXPIRY_SCHEDULER_LEASE) lease: MongoLease,
  ) {
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

  private schedule(): void {
    if (this.registry.doesExist('interval', ExpiryScheduler.name)) return;
    const timer = setInterval(() => void this.tick(), this.options.intervalSeconds * 1000);
    this.registry.addInterval(ExpiryScheduler.name, timer);
  }

  /** Lost lease or shutdown: no new pass, and the one running ends before the next holder's first. */
  private async unschedule(): Promise<void> {
    if (this.registry.doesExist('interval', ExpiryScheduler.name)) this.registry.deleteInterval(ExpiryScheduler.name);
    await this.running;
  }

  /** One pass; a pass still running makes the next tick skip instead of piling up. */
  async tick(): Promise<ExpiryRunReport | undefined> {
    if (this.running || this.signal.isStopped) return undefined;
    // A failed search (MongoDB away) is logged and retried at the next tick; rejected, it would end the process.
    this.running = this.runOnce()
      .catch((error: unknown) => {
        this.logger.error(`expiry run failed: ${String(error)}`);
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async runOnce(): Promise<ExpiryRunReport> {
    const now = this.clock.now();
    const thresholds = await this.thresholds.forPass();
    const due = await this.candidates.find(now, thresholds.horizonDays);
    const report: ExpiryRunReport = { checked: due.length, warned: 0, expired: 0, failed: 0 };
    const check = (candidate: (typeof due)[number]) =>
      // Each certificate's expiry check is one unit of work to follow through the services' logs.
      withCorrelation(randomUUID(), async () => {
        try {
          if (Date.parse(candidate.expiresAt) <= now.getTime()) {
            const result = await this.commands.runExpiryCheck(candidate.certificateId, {
              type: 'ExpireAccess',
              data: { by: 'system', issuerId: candidate.issuerId, at: now },
            });
            report.expired += result.newEvents.length;
          } else if (
            thresholdToWarn(candidate.expiresAt, now, thresholds.of(candidate.issuerId), candidate.warnedThresholds) !==
            undefined
          ) {
            const result = await this.commands.runExpiryCheck(candidate.certificateId, {
              type: 'IssueAccessExpiryWarning',
              data: {
                thresholdsDays: thresholds.of(candidate.issuerId),
                by: 'system',
                issuerId: candidate.issuerId,
                at: now,
              },
            });
            report.warned += result.newEvents.length;
          }
        } catch (error) {
          report.failed++;
          this.logger.error(`expiry check of certificate ${candidate.certificateId} failed: ${String(error)}`);
        }
      });
    await eachConcurrently(due, this.options.concurrency, check, () => !this.signal.isStopped);
    if (report.warned + report.expired + report.failed > 0) this.logger.log(`expiry run: ${JSON.stringify(report)}`);
    return report;
  }
}
