import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

const VALID = /^[A-Za-z0-9._:-]{8,100}$/;

/** The request's correlation id: the caller's `X-Correlation-Id` when well-formed, else a new one. */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const given = context.switchToHttp().getRequest<Request>().header('x-correlation-id');
  return given && VALID.test(given) ? given : randomUUID();
});
