import type { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { withCorrelation } from '@signstash/platform';
import type { CertificateCommands } from '../certificate-commands.service';
import { thresholdsOfPeriod, thresholdToWarn } from '../certificate.rules';
import type { ExpiryCandidate } from './expiry-candidates.port';

export interface ExpiryRunReport {
  checked: number;
  warned: number;
  expired: number;
  failed: number;
}

/** Whether a warning is due now for the candidate, as far as what it knows tells (the decider has the last word). */
export const warningDue = (candidate: ExpiryCandidate, thresholdsDays: number[], now: Date): boolean =>
  thresholdToWarn(
    candidate.expiresAt,
    now,
    thresholdsOfPeriod(thresholdsDays, candidate),
    candidate.warnedThresholds,
  ) !== undefined;

/**
 * One certificate's expiry check, one unit of work to follow through the services' logs: the
 * expiry when its instant has come, else the warning when a threshold is due. Failures are
 * counted and logged; the next pass finds the certificate again.
 */
export const checkCandidate = (
  commands: CertificateCommands,
  candidate: ExpiryCandidate,
  thresholdsDays: number[],
  now: Date,
  report: ExpiryRunReport,
  logger: Logger,
): Promise<void> =>
  withCorrelation(randomUUID(), async () => {
    const issued = { by: 'system', issuerId: candidate.issuerId, at: now };
    try {
      if (Date.parse(candidate.expiresAt) <= now.getTime()) {
        const result = await commands.runExpiryCheck(candidate.certificateId, { type: 'ExpireAccess', data: issued });
        report.expired += result.newEvents.length;
      } else if (warningDue(candidate, thresholdsDays, now)) {
        const result = await commands.runExpiryCheck(candidate.certificateId, {
          type: 'IssueAccessExpiryWarning',
          data: { ...issued, thresholdsDays },
        });
        report.warned += result.newEvents.length;
      }
    } catch (error) {
      report.failed++;
      logger.error(`expiry check of certificate ${candidate.certificateId} failed: ${String(error)}`);
    }
  });
