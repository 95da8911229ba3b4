import { HttpException } from '@nestjs/common';
import { certificateRevisionHeader } from '@signstash/api';
import type { Session } from '../auth/session.store';
import type { CertificateServiceRoutes } from '@signstash/api';
import type { DownstreamClient } from './downstream.client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a command to another service needs to be decided on the certificate as its owner has it now
 * (`CERTIFICATE_REVISION_HEADER`): the certificate's revision in the certificate service's event store.
 * None, or another issuer's: a 404 naming `field` (the body's reference) or the route's certificate.
 * A malformed id is left to the receiving service, whose 400 names it.
 */
export async function certificateRevision(
  certificates: DownstreamClient<CertificateServiceRoutes>,
  session: Session,
  certificateId: unknown,
  field?: string,
): Promise<Record<string, string>> {
  if (typeof certificateId !== 'string' || !UUID.test(certificateId)) return {};
  const answer = await certificates.call(session, 'GET /certificates/:certificateId/revision', {
    params: { certificateId },
  });
  if (answer.status === 404) {
    const message = 'Your issuer has no such certificate.';
    throw new HttpException(
      { statusCode: 404, error: 'Not Found', message, ...(field ? { fields: [{ field, reason: message }] } : {}) },
      404,
    );
  }
  if (answer.status !== 200) throw new HttpException(answer.body as object, answer.status);
  return certificateRevisionHeader(certificateId.toLowerCase(), answer.body.revision);
}
