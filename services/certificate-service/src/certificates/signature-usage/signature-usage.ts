import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '@signstash/platform';
import { DomainError, SignatureEnvelope } from '@signstash/contracts';
import { CertificateCommands } from '../certificate-commands.service';
import { SignatureUsageDocument, SignatureUsageStore } from './signature-usage.store';
import { DAY_MS } from '../certificate.rules';

/**
 * A report from the signing side: counted once (outside the stream), then the certificate decides
 * what the period's count calls for (a usage warning past 90 %, the end of the access at the limit),
 * at once, so client services are suspended within moments of the report that reaches the limit.
 */
@Injectable()
export class SignatureUsage {
  private readonly logger = new Logger(SignatureUsage.name);

  constructor(
    private readonly store: SignatureUsageStore,
    private readonly commands: CertificateCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(envelope: SignatureEnvelope): Promise<void> {
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
    await this.check(await this.store.count({ reportId: envelope.eventId, ...data }));
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
}
