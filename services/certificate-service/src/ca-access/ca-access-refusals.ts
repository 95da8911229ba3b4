import { RetryLaterException } from '@signstash/platform';
import { conflict, DomainError, notFound } from '@signstash/contracts';

/** Seconds after which a CA that could not be reached is worth trying again (the answer's Retry-After). */
export const CA_RETRY_AFTER_SECONDS = 30;

/**
 * The refusals of the CA access flow, each with what the operator reads. Nothing was changed when
 * any of them is thrown: the flow refuses before it writes.
 */
export const refusals = {
  /** Unknown, another issuer's, or started in another session: all look the same (404). */
  foreign: () =>
    new DomainError(
      'not-found',
      'This authorization was not started in this session of Sign’Stash: nothing changed. Start again from Sign’Stash.',
    ),
  used: () =>
    conflict(
      'This authorization was used already: nothing changed. Start again from Sign’Stash.',
      undefined,
      'authorization-used',
    ),
  expired: () =>
    conflict(
      'This authorization expired: it must be completed at the Certificate Authority within 2 minutes. Nothing changed; start again.',
      undefined,
      'authorization-expired',
    ),
  pickExpired: () =>
    conflict(
      'Too much time passed since the Certificate Authority granted the access: nothing was registered. Start again.',
      undefined,
      'authorization-expired',
    ),
  denied: (caName: string, error: string, description?: string) =>
    conflict(
      `The authorization was ${error === 'access_denied' ? 'cancelled or denied' : `refused (${error})`} at ${caName}` +
        `${description ? `: ${description}` : ''}. Nothing changed.`,
      undefined,
      'ca-denied',
    ),
  refused: (caName: string, reason: string) =>
    conflict(`${caName} refused the authorization (${reason}). Nothing changed; start again.`, undefined, 'ca-refused'),
  certificate: () => notFound('certificate'),
  unavailable: (caName: string) =>
    new RetryLaterException(
      {
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'ca-unavailable',
        message: `${caName} cannot be reached right now. Nothing changed; try again in a moment.`,
      },
      503,
      CA_RETRY_AFTER_SECONDS,
    ),
};
