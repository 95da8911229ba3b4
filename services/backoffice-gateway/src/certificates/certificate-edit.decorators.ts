import { applyDecorators, createParamDecorator, ExecutionContext, Type } from '@nestjs/common';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import type { Session } from '../auth/session.store';
import { ById, RelayedCommand, RevisionGuarded } from '../downstream/api-docs.decorators';
import { Revisioned } from './certificate.answers';

/** A change to one certificate as the browser sent it: relayed untouched, the certificate service validates it. */
export interface CertificateEditRequest {
  session: Session;
  certificateId: string;
  body: unknown;
  /** The revision the operator last read; the certificate service refuses a stale one with 409. */
  ifMatch?: string;
}

/** The session, the `:id`, the body and the `If-Match` of a certificate edit, in one parameter. */
export const CertificateEditOf = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CertificateEditRequest => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return {
      session: request.session!,
      certificateId: String(request.params.id),
      body: request.body as unknown,
      ifMatch: request.headers['if-match'],
    };
  },
);

/** The document of an edit of one certificate guarded by its revision: the ETag answered is the new one. */
export const CertificateEdit = (body: Type<unknown>, refusals: { conflict?: string; rule?: string } = {}) =>
  applyDecorators(
    ById('certificate'),
    RevisionGuarded(),
    RelayedCommand(body, {
      description: 'Done; the ETag is the new revision',
      type: Revisioned,
      conflict: refusals.conflict ?? 'The certificate changed since the ETag given, or the change is refused',
      rule: refusals.rule,
    }),
  );
