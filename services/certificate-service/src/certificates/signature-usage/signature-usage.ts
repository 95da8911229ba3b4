import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock, eachConcurrently } from '@signstash/platform';
import { DomainError, SignatureEnvelope } from '@signstash/contracts';
import { CertificateCommands } from '../certificate-commands.service';
import type { SignatureUsageDocument } from './signature-usage.documents';
import { SignatureUsageStore } from './signature-usage.store';
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
   * is checked (concurrently: each is another certificate's stream). A malformed report fails the
   * whole batch, which the consumer then hands to `apply` report by report.
   */
  async applyAll(envelopes: SignatureEnvelope[]): Promise<void> {
    const counts = await this.store.countAll(envelopes.map((envelope) => this.reportOf(envelope)));
    const now = this.clock.now();
    const toCheck = counts.filter((usage) => this.mayHaveCrossed(usage, now));
    await eachConcurrently(toCheck, 8, async (usage) => {
      await this.check(usage);
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
      if (await this.check(usage)) warned++;
    }
    return warned;
  }

  /** What the period's count calls for; true when the operators were warned. */
  private async check(usage: SignatureUsageDocument): Promise<boolean> {
    const at = this.clock.now();
    try {
      const result = await this.commands.runExpiryCheck(usage.certificateId, {
        type: 'CheckSignatureUsage',
        data: { by: 'system', issuerId: usage.issuerId, at, grantedAt: usage.grantedAt, signatures: usage.signatures },
      });
      this.learn(usage, result.newState);
      const warned = result.newEvents.some((event) => event.type === 'AccessUsageWarned');
      if (warned) await this.store.warned(usage, at);
      else if (usage.usageWarnedAt && at.getTime() - usage.usageWarnedAt.getTime() >= DAY_MS)
        await this.store.warned(usage, undefined);
      return warned;
    } catch (error) {
      // A certificate this service does not hold (or not for that issuer): counted, and nothing to decide.
      if (error instanceof DomainError && error.kind === 'not-found') {
        this.logger.warn(`signatures reported for certificate ${usage.certificateId}, unknown for its issuer`);
        await this.store.warned(usage, undefined);
        return false;
      }
      throw error;
    }
  }

  private learn(usage: SignatureUsageDocument, state: CertificateState): void {
    if (state.status !== 'registered') return;
    if (this.periods.size >= KNOWN_PERIODS) this.periods.clear();
    const { access } = state;
    const current = access.state !== 'expired' && Date.parse(access.grantedAt) === Date.parse(usage.grantedAt);
    this.periods.set(usage._id, current ? signatureLimitOf(access) : 'closed');
  }
}
