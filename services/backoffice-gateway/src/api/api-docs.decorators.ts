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
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { queryDtoExtension } from '@signstash/api';

// OpenAPI only: the gateway relays bodies and queries as they are, and the owning service validates
// them with these same classes (libs/api), so its 400 naming the fields is what the browser gets.

const problem: SchemaObject = {
  type: 'object',
  properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
};

const fieldErrors: SchemaObject = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string', example: 'access.expiresAt' }, reason: { type: 'string' } },
      },
    },
  },
};

/** A 409: `code` tells a concurrent change (reload and retry) from a refusal with its own reason. */
const conflictErrors: SchemaObject = {
  ...fieldErrors,
  properties: {
    ...fieldErrors.properties,
    code: { type: 'string', example: 'alias-taken', description: '`concurrent-change`, `alias-taken`, …' },
  },
};

export const revisioned: SchemaObject = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, revision: { type: 'integer' } },
};

export const clientServiceOutcome: SchemaObject = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['ACTIVE', 'SUSPENDED', 'INACTIVE'] },
    statusReason: { type: 'string' },
  },
};

export const reactivation: SchemaObject = {
  type: 'object',
  properties: {
    reactivated: { type: 'integer' },
    refused: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, reason: { type: 'string' } } },
    },
  },
};

/** A command the owning service validates: its body, its answer, and the refusals it relays. */
export const RelayedCommand = (
  body: Type<unknown>,
  answer: { created?: boolean; description: string; schema: SchemaObject; conflict: string },
) =>
  applyDecorators(
    ApiBody({ type: body }),
    (answer.created ? ApiCreatedResponse : ApiOkResponse)({ description: answer.description, schema: answer.schema }),
    ApiBadRequestResponse({ description: 'Invalid or unknown fields; `fields` names each one', schema: fieldErrors }),
    ApiConflictResponse({ description: answer.conflict, schema: conflictErrors }),
  );

/** Every route of the public API needs a session; an operator's for all but the session's own routes. */
export const SessionRequired = () =>
  applyDecorators(
    ApiUnauthorizedResponse({ description: 'No session, or it ended: log in', schema: problem }),
    ApiForbiddenResponse({
      description: "A state change without the CSRF token, or a session that is not an issuer operator's",
      schema: problem,
    }),
  );

/** A route on one certificate or client service of the session's issuer: another issuer's, or none, is a 404. */
export const ById = (what: string) =>
  applyDecorators(
    ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid' } }),
    ApiNotFoundResponse({ description: `No such ${what} for this issuer`, schema: problem }),
  );

/** An edit guarded by the revision the operator last read. */
export const RevisionGuarded = () =>
  ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag last read; a stale one gives 409',
    schema: { type: 'string', pattern: '^[ \\t]*(\\*|(W/)?"[0-9]+"|[0-9]+)[ \\t]*$' },
  });

/** A list whose filters the owning service validates. */
export const RelayedQuery = (query: Type<object>) =>
  applyDecorators(
    ApiQuery({ type: query }),
    ApiExtension(...queryDtoExtension(query)),
    ApiBadRequestResponse({ description: 'Invalid or unknown filters; `fields` names each one', schema: fieldErrors }),
  );
