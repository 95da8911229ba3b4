import { applyDecorators, Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
} from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';

// OpenAPI only: the gateway relays bodies and queries as they are, and the owning service validates
// them with these same classes (libs/api), so its 400 naming the fields is what the browser gets.

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
    ApiConflictResponse({ description: answer.conflict, schema: fieldErrors }),
  );

/** An edit guarded by the revision the operator last read. */
export const RevisionGuarded = () =>
  applyDecorators(
    ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; a stale one gives 409' }),
    ApiNotFoundResponse({ description: 'No such certificate for this issuer' }),
  );

/** A list whose filters the owning service validates. */
export const RelayedQuery = (query: Type<unknown>) => ApiQuery({ type: query });
