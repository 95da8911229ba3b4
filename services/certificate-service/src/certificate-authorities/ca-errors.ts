/**
 * How a call to a CA can fail, for the caller to answer the operator: the CA could not be reached
 * or failed (try again later), or it answered and refused (nothing to retry: say why).
 * Messages never carry a token, a code or a secret.
 */

/** Network error, timeout, 5xx or an answer that is not what the CSC/OAuth specification says. */
export class CaUnavailableError extends Error {
  override readonly name = 'CaUnavailableError';
  constructor(
    readonly caId: string,
    readonly detail: string,
  ) {
    super(`certificate authority ${caId} is unavailable: ${detail}`);
  }
}

/** A 4xx from the CA: `reason` is its error code (e.g. OAuth's `invalid_grant`), `description` its words. */
export class CaRefusedError extends Error {
  override readonly name = 'CaRefusedError';
  constructor(
    readonly caId: string,
    readonly status: number,
    readonly reason: string,
    readonly description?: string,
  ) {
    super(`certificate authority ${caId} refused (${status} ${reason})${description ? `: ${description}` : ''}`);
  }
}
