import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CERTIFICATE_REVISION_HEADER, parseCertificateRevision } from '@signstash/api';
import { badRequest, RetryLaterException } from '@signstash/platform';
import { CertificateViews } from './certificate-view';

/** Longer than Kafka's usual lag by far, shorter than the gateway's 10 s call timeout. */
const WAIT_MS = 5_000;
const POLL_MS = 25;

/**
 * Runs before the route's own guards (ownership) and handler: when the gateway says which revision
 * of a certificate the request relies on (`x-certificate-revision`), waits until this service's view
 * of that certificate has reached it, so the command is decided on what the operator just did at the
 * certificate service. Still behind after the wait: 503, try again in a second.
 */
@Injectable()
export class CertificateViewCaughtUp implements CanActivate {
  constructor(private readonly views: CertificateViews) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<Request>().header(CERTIFICATE_REVISION_HEADER);
    if (header === undefined) return true;
    const wanted = parseCertificateRevision(header);
    if (!wanted)
      throw badRequest([{ field: CERTIFICATE_REVISION_HEADER, reason: 'must be <certificateId>@<revision>' }]);
    const deadline = Date.now() + WAIT_MS;
    while (!(await this.views.hasReached(wanted.certificateId, wanted.revision))) {
      if (Date.now() >= deadline) {
        throw new RetryLaterException(
          {
            statusCode: HttpStatus.SERVICE_UNAVAILABLE,
            error: 'Service Unavailable',
            code: 'certificate-not-yet-known',
            message: 'The client services do not know of this certificate’s latest change yet. Try again in a moment.',
          },
          HttpStatus.SERVICE_UNAVAILABLE,
          1,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return true;
  }
}
