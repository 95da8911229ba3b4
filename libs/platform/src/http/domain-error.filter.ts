import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { RetryLaterException } from './retry-later.exception';

const STATUS_BY_KIND: Record<string, [number, string]> = {
  'not-found': [404, 'Not Found'],
  conflict: [409, 'Conflict'],
  invalid: [400, 'Bad Request'],
  rule: [422, 'Unprocessable Entity'],
};

interface KindedError {
  kind: string;
  message: string;
  field?: string;
  code?: string;
}

const isDomainError = (error: unknown): error is KindedError => {
  const kind = (error as Partial<KindedError> | undefined)?.kind;
  return error instanceof Error && typeof kind === 'string' && kind in STATUS_BY_KIND;
};

/**
 * Turns what the domain and the event store throw into JSON a person can read: domain errors
 * by their `kind`, a lost optimistic-concurrency race as 409, and anything unexpected as a 500
 * that is logged with its stack but never leaks it.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost) {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof HttpException) {
      const body = error.getResponse();
      if (error instanceof RetryLaterException) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      response
        .status(error.getStatus())
        .json(typeof body === 'string' ? { statusCode: error.getStatus(), message: body } : body);
      return;
    }
    if (isDomainError(error)) {
      const [statusCode, label] = STATUS_BY_KIND[error.kind];
      response.status(statusCode).json({
        statusCode,
        error: label,
        message: error.message,
        ...(error.code ? { code: error.code } : {}),
        ...(error.field ? { fields: [{ field: error.field, reason: error.message }] } : {}),
      });
      return;
    }
    // What Express's body parser refuses (malformed JSON, a body over the limit) carries its own 4xx.
    const status = (error as { status?: unknown; expose?: unknown } | undefined)?.status;
    if (
      error instanceof Error &&
      typeof status === 'number' &&
      status >= 400 &&
      status < 500 &&
      (error as { expose?: unknown }).expose === true
    ) {
      response
        .status(status)
        .json({ statusCode: status, error: error.name.replace(/Error$/, ''), message: error.message });
      return;
    }
    if (error instanceof Error && error.name === 'WrongExpectedRevisionError') {
      response.status(409).json({
        statusCode: 409,
        error: 'Conflict',
        code: 'concurrent-change',
        message: 'Someone else changed this in the meantime. Reload it and try again.',
      });
      return;
    }
    this.logger.error(error instanceof Error ? error.stack : String(error));
    response.status(500).json({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side. Please try again.',
    });
  }
}
