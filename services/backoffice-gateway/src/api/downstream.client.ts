import { HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { currentCorrelationId } from '@signstash/platform';
import type { Session } from '../auth/session.store';

export interface DownstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `/issuers/<issuer of the session>`. */
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  ifMatch?: string;
}

export interface DownstreamResponse<T = unknown> {
  status: number;
  body: T;
  etag?: string;
}

const TIMEOUT_MS = 10_000;

/**
 * Calls one owning service's internal API, always under the session's issuer, and passes the
 * operator id and correlation id on. The service validates the body (unknown fields refused) and
 * its 4xx answers reach the browser as they are; an unreachable service is a 502 that says which.
 */
export class DownstreamClient {
  private readonly logger: Logger;

  constructor(
    readonly serviceName: string,
    private readonly baseUrl: string,
  ) {
    this.logger = new Logger(`downstream:${serviceName}`);
  }

  async call<T = unknown>(session: Session, request: DownstreamRequest): Promise<DownstreamResponse<T>> {
    const url = new URL(`/issuers/${encodeURIComponent(session.issuerId)}${request.path}`, this.baseUrl);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      // Empty values too: the owning service refuses what it does not accept (`certificateId=` is no UUID).
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const correlationId = currentCorrelationId();
    let response: globalThis.Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          'content-type': 'application/json',
          'x-operator-id': session.operatorId,
          ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
          // An empty If-Match too: the owning service refuses it rather than taking it for none.
          ...(request.ifMatch !== undefined ? { 'if-match': request.ifMatch } : {}),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      this.logger.error(`${request.method} ${url.pathname}: ${String(error)}`);
      throw new HttpException(
        {
          statusCode: 502,
          error: 'Bad Gateway',
          message: `the ${this.serviceName} is not reachable right now; try again shortly`,
        },
        502,
      );
    }
    const text = await response.text();
    const body = (text ? JSON.parse(text) : undefined) as T;
    if (response.status >= 500) {
      this.logger.error(`${request.method} ${url.pathname} answered ${response.status}: ${text.slice(0, 500)}`);
      throw new HttpException(
        {
          statusCode: 502,
          error: 'Bad Gateway',
          message: `the ${this.serviceName} failed to answer; try again shortly`,
        },
        502,
      );
    }
    return { status: response.status, body, etag: response.headers.get('etag') ?? undefined };
  }
}

/** Passes a downstream refusal (4xx) on to the browser as it came, body and all, by throwing it. */
export function passOnRefusal(answer: DownstreamResponse<unknown>): void {
  if (answer.status >= 400) throw new HttpException(answer.body as object, answer.status);
}

/** Copies a downstream answer's status and ETag to the browser's response and gives its body, typed as the route's answer. */
export function relay<T>(response: Response, answer: DownstreamResponse<T>): T {
  if (answer.etag) response.setHeader('ETag', answer.etag);
  passOnRefusal(answer);
  response.status(answer.status);
  return answer.body;
}

export const CERTIFICATE_SERVICE = Symbol('CERTIFICATE_SERVICE');
export const CLIENT_SERVICE_SERVICE = Symbol('CLIENT_SERVICE_SERVICE');
export const NOTIFICATION_SERVICE = Symbol('NOTIFICATION_SERVICE');
