import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtension,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { queryDtoExtension } from '@signstash/api';
import { ConflictErrors, FieldErrors, Problem } from './common.answers';

// OpenAPI only: the gateway relays bodies and queries as they are, and the owning service validates
// them with these same classes (libs/api), so its 400 naming the fields is what the browser gets.

/**
 * A command the owning service validates: its body (required), its answer, and the refusals it
 * relays: 400 for a malformed body, 409 for a conflict with the current state, and with `rule` a 422
 * for a well-formed body that a business rule the schema cannot state refuses (e.g. a date that must
 * be in the future): `fields` names the field either way.
 */
export const RelayedCommand = (
  body: Type<unknown>,
  answer: { created?: boolean; description: string; type: Type<unknown>; conflict: string; rule?: string },
) =>
  applyDecorators(
    ApiBody({ type: body, required: true }),
    ...(answer.rule ? [ApiUnprocessableEntityResponse({ description: answer.rule, type: FieldErrors })] : []),
    (answer.created ? ApiCreatedResponse : ApiOkResponse)({ description: answer.description, type: answer.type }),
    ApiBadRequestResponse({ description: 'Invalid or unknown fields; `fields` names each one', type: FieldErrors }),
    ApiConflictResponse({ description: answer.conflict, type: ConflictErrors }),
  );

/** Every route of the public API needs a session; an operator's for all but the session's own routes. */
export const SessionRequired = () =>
  applyDecorators(
    ApiUnauthorizedResponse({ description: 'No session, or it ended: log in', type: Problem }),
    ApiForbiddenResponse({
      description: "A state change without the CSRF token, or a session that is not an issuer operator's",
      type: Problem,
    }),
  );

/** A route on one certificate or client service of the session's issuer: another issuer's, or none, is a 404. */
export const ById = (what: string) =>
  applyDecorators(
    ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } }),
    ApiNotFoundResponse({ description: `No such ${what} for this issuer`, type: Problem }),
  );

/** An edit guarded by the revision the operator last read. */
export const RevisionGuarded = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag last read; a stale one gives 409',
    schema: { type: 'string', pattern: '^[ \\t]*(\\*|(W/)?"[0-9]+"|[0-9]+)[ \\t]*$' },
  });

/** A list whose filters the owning service validates, and (but for a file's) its answer. */
export const RelayedQuery = (query: Type<object>, answer?: { description: string; type: Type<unknown> }) =>
  applyDecorators(
    ...(answer ? [ApiOkResponse(answer)] : []),
    ApiQuery({ type: query }),
    ApiExtension(...queryDtoExtension(query)),
    ApiBadRequestResponse({ description: 'Invalid or unknown filters; `fields` names each one', type: FieldErrors }),
  );

/**
 * A command decided by the client-service service on a certificate: it waits (5 s at most) for its
 * view of the certificate to reach the revision the certificate service has, then gives up for now.
 */
export const CertificateViewWait = () =>
  ApiServiceUnavailableResponse({
    description:
      "The certificate's latest change has not reached the client services yet; Retry-After says when to try again",
    type: Problem,
    headers: { 'Retry-After': { description: 'Seconds', schema: { type: 'integer' } } },
  });
