import { HttpException } from '@nestjs/common';

/**
 * A refusal that heals with time (429: too soon; 503: not ready yet): the answer carries
 * `Retry-After`, in seconds, so a script knows when to try again. Every service answers such a
 * refusal with this, and the gateway passes the header on with the status (`DomainErrorFilter`).
 */
export class RetryLaterException extends HttpException {
  constructor(
    body: object,
    status: 429 | 503,
    readonly retryAfterSeconds: number,
  ) {
    super(body, status);
  }

  /** A `Retry-After` header as a service sent it: delay-seconds (a date, which HTTP allows, counts from now). */
  static secondsFrom(header: string | null | undefined): number | undefined {
    if (!header) return undefined;
    const trimmed = header.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed);
    const at = Date.parse(trimmed);
    return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }
}
