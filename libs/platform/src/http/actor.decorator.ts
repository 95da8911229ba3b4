import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { badRequest } from './validation';

/** Who is acting on an internal API, for the history and the event metadata. */
export interface Actor {
  issuerId: string;
  operatorId: string;
  correlationId?: string;
}

const ISSUER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/**
 * The internal API is called by the gateway only, which puts the operator's issuer in the path
 * and the operator id in `X-Operator-Id`; both are always required and always applied.
 */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<Request>();
  const issuerId = String(request.params.issuerId ?? '');
  const operatorId = request.header('x-operator-id')?.trim();
  const problems = [
    ...(ISSUER_ID.test(issuerId) ? [] : [{ field: 'issuerId', reason: 'must be an issuer id' }]),
    ...(operatorId ? [] : [{ field: 'X-Operator-Id', reason: 'header is required' }]),
  ];
  if (problems.length > 0) throw badRequest(problems);
  return { issuerId, operatorId: operatorId!, correlationId: request.header('x-correlation-id') ?? undefined };
});
