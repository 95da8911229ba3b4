import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock, eachConcurrently } from '@signstash/platform';
import { DomainError, SignatureEnvelope } from '@signstash/contracts';
import { CertificateCommands } from '../certificate-commands.service';
import type { SignatureUsageDocument } from './signature-usage.documents';
import { SignatureReport, SignatureUsageStore, usageId, type Warning } from './signature-usage.store';
import type { CertificateState } from '../certificate.aggregate';
import { DAY_MS, signatureLimitOf, signatureUsageStage } from '../certificate.rules';

/** Periods whose limit this process has learnt; past it the cache starts again (a limit is read back in one check). */
const KNOWN_PERIODS = 100_000;

/**
 * A report from the signing side: counted once (outside the stream), then the certificate decides
 * what the period's count calls for (a usage warning past 90 %, the end of the access at the limit),
 * at once, so client services are suspended within moments of the report that reaches the limit.
 */
@Injectable()
export class SignatureUsage {
  private readonly logger = new Logger(SignatureUsage.name);
  /**
   * By access period (the usage document's id): its signature limit, or `closed` once the period is
   * over (expired, or replaced by a renewal). Both are fixed with the grant, so a period below its
   * warning ratio needs no check of the certificate at each batch of reports: only the crossings do.
   */
  private readonly periods = new Map<string, number | 'closed'>();

  constructor(
    private readonly store: SignatureUsageStore,
    private readonly commands: CertificateCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(envelope: SignatureEnvelope): Promise<void> {
    await this.applyAll([envelope]);
  }

  /** After a rebalance: the running totals are summed again from the stored reports on their next report. */
  forgetTotals(): void {
    this.store.forget();
  }

  /**
   * A fetched batch of reports: counted in one insert, then each period that may have crossed
   * is checked (concurrently: each is another certificate's stream), and the warnings the checks
   * gave recorded in one write after them (the crossings first). A period never seen has its limit
   * read from its certificate while the insert runs, so only the periods that may cross are checked.
   * A malformed report fails the whole batch, which the consumer then hands to `apply` report by report.
   */
  async applyAll(envelopes: SignatureEnvelope[]): Promise<void> {
    const reports = envelopes.map((envelope) => this.reportOf(envelope));
    const [counts] = await Promise.all([this.store.countAll(reports), this.learnLimits(reports)]);
    const now = this.clock.now();
    const toCheck = counts.filter((usage) => this.mayHaveCrossed(usage, now));
    const warnings: Warning[] = [];
    await eachConcurrently(toCheck, 8, async (usage) => {
      const warning = await this.check(usage);
      if (warning) warnings.push(warning);
    });
    await this.store.warnedAll(warnings);
  }

  /**
   * The limits of the periods this process has not learnt yet, from their certificates' streams.
   * Started beside the batch's insert: it yields first, so the insert is on its way before the reads.
   */
  private async learnLimits(reports: SignatureReport[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const unknown = new Map<string, SignatureReport>();
    for (const report of reports) {
      const period = usageId(report.certificateId, report.grantedAt);
      if (!this.periods.has(period)) unknown.set(period, report);
    }
    await eachConcurrently([...unknown], 8, async ([period, { certificateId, grantedAt }]) => {
      this.learn(period, grantedAt, await this.commands.current(certificateId));
    });
  }

  private mayHaveCrossed(usage: SignatureUsageDocument, now: Date): boolean {
    const limit = this.periods.get(usage._id);
    if (limit === undefined) return true;
    if (limit === 'closed') return false;
    switch (signatureUsageStage(usage.signatures, limit)) {
      case 'below':
        return false;
      case 'warn':
        return !usage.usageWarnedAt || now.getTime() - usage.usageWarnedAt.getTime() >= DAY_MS;
      default:
        return true;
    }
  }

  private reportOf(envelope: SignatureEnvelope) {
    const { data } = envelope;
    // A malformed report is refused (retried, then dead-lettered for ops), never counted as something else.
    if (!Number.isSafeInteger(data.signatures) || data.signatures <= 0)
      throw new Error(`report ${envelope.eventId}: signatures must be a positive whole number`);
    for (const [field, value] of [
      ['grantedAt', data.grantedAt],
      ['firstAt', data.firstAt],
      ['lastAt', data.lastAt],
    ] as const) {
      if (Number.isNaN(Date.parse(value))) throw new Error(`report ${envelope.eventId}: ${field} is not an instant`);
    }
    return { reportId: envelope.eventId, ...data };
  }

  /**
   * The daily usage warning while a period stays past the ratio, reports or not: the expiry
   * scheduler's pass calls this. A period renewed, expired or no longer past the ratio is let go.
   */
  async warnDaily(): Promise<number> {
    let warned = 0;
    for (const usage of await this.store.dueForDailyWarning(this.clock.now())) {
      const warning = await this.check(usage);
      if (warning) await this.store.warnedAll([warning]);
      if (warning?.at) warned++;
    }
    return warned;
  }

  /**
   * What the period's count calls for, decided and appended now; returns the change to its warning
   * state to record (`at`: the operators were warned then; undefined: no more daily warnings), if any.
   */
  private async check(usage: SignatureUsageDocument): Promise<Warning | undefined> {
    const at = this.clock.now();
    try {
      const result = await this.commands.runExpiryCheck(usage.certificateId, {
        type: 'CheckSignatureUsage',
        data: { by: 'system', issuerId: usage.issuerId, at, grantedAt: usage.grantedAt, signatures: usage.signatures },
      });
      this.learn(usage._id, usage.grantedAt, result.newState);
      if (result.newEvents.some((event) => event.type === 'AccessUsageWarned')) return { usage, at };
      // A warning appended before a crash that lost its state write (a batch's warnings are written
      // after its checks): recorded now, from the stream, so the period's daily warnings go on.
      const warnedAt = this.warnedInPeriod(usage, result.newState);
      if (warnedAt && !usage.usageWarnedAt) return { usage, at: warnedAt };
      if (usage.usageWarnedAt && at.getTime() - usage.usageWarnedAt.getTime() >= DAY_MS)
        return { usage, at: undefined };
      return undefined;
    } catch (error) {
      // A certificate this service does not hold (or not for that issuer): counted, and nothing to decide.
      if (error instanceof DomainError && error.kind === 'not-found') {
        this.logger.warn(`signatures reported for certificate ${usage.certificateId}, unknown for its issuer`);
        return { usage, at: undefined };
      }
      throw error;
    }
  }

  /** When the certificate's stream says the operators were last warned of this period's usage, if it does. */
  private warnedInPeriod(usage: SignatureUsageDocument, state: CertificateState): Date | undefined {
    const usageWarnedAt = openAccess(state, usage.grantedAt)?.usageWarnedAt;
    return usageWarnedAt ? new Date(usageWarnedAt) : undefined;
  }

  private learn(period: string, grantedAt: string, state: CertificateState): void {
    if (state.status !== 'registered') return;
    if (this.periods.size >= KNOWN_PERIODS) this.periods.clear();
    const access = openAccess(state, grantedAt);
    this.periods.set(period, access ? signatureLimitOf(access) : 'closed');
  }
}

/** The certificate's access when the period granted at `grantedAt` is the one still open (not expired, not renewed since). */
function openAccess(state: CertificateState, grantedAt: string) {
  if (state.status !== 'registered') return undefined;
  const { access } = state;
  return access.state !== 'expired' && Date.parse(access.grantedAt) === Date.parse(grantedAt) ? access : undefined;
}
