import { HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { currentCorrelationId, RetryLaterException } from '@signstash/platform';
import type { Session } from '../auth/session.store';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A route of an owning service's API below `/issuers/<issuer of the session>`: `GET /certificates/:certificateId`. */
export type RouteName = `${(typeof METHODS)[number]} /${string}`;

export interface DownstreamRequest {
  /** The values of the route's `:name` parts. */
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  ifMatch?: string;
  /** Further headers for the owning service, e.g. the revision of a certificate the command relies on. */
  headers?: Record<string, string>;
}

export interface DownstreamResponse<T = unknown> {
  status: number;
  body: T;
  etag?: string;
  /** The service's `Retry-After` (seconds) on a 429 or 503: passed on with the refusal. */
  retryAfter?: number;
}

export type DownstreamStream =
  | { status: 200; headers: Headers; body: ReadableStream<Uint8Array>; cancel: () => void }
  | { status: number; headers: Headers; error: unknown };

const TIMEOUT_MS = 10_000;
/** An export's answer starts once the read model has sorted the first batch: FerretDB sorts a large issuer's rows slowly. */
const STREAM_START_TIMEOUT_MS = 60_000;

/**
 * Calls one owning service's internal API by its routes (libs/api declares each with its answer, as
 * the service returns it), always under the session's issuer, and passes the
 * operator id and correlation id on. The service validates the body (unknown fields refused) and
 * its 4xx answers reach the browser as they are; an unreachable service is a 502 that says which.
 */
export class DownstreamClient<Routes extends object> {
  private readonly logger: Logger;

  constructor(
    readonly serviceName: string,
    private readonly baseUrl: string,
  ) {
    this.logger = new Logger(`downstream:${serviceName}`);
  }

  async call<R extends keyof Routes & RouteName>(
    session: Session,
    route: R,
    request: DownstreamRequest = {},
  ): Promise<DownstreamResponse<Routes[R]>> {
    const { response, url, method } = await this.send(session, route, request, AbortSignal.timeout(TIMEOUT_MS));
    const text = await response.text();
    const retryAfter = RetryLaterException.secondsFrom(response.headers.get('retry-after'));
    this.refuseServerError(method, url, response.status, text, retryAfter);
    // What the route declares: the service returns that type (a refusal, 4xx, is passed on untouched).
    const body: Routes[R] = text ? JSON.parse(text) : undefined;
    return { status: response.status, body, etag: response.headers.get('etag') ?? undefined, retryAfter };
  }

  /**
   * A long answer (an export) handed on as it arrives: the time limit covers only the wait for its
   * headers, and `cancel` ends the downstream request (the browser went away). Refusals are read whole.
   */
  async stream(
    session: Session,
    route: keyof Routes & RouteName,
    request: DownstreamRequest = {},
  ): Promise<DownstreamStream> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error('no answer in time')), STREAM_START_TIMEOUT_MS);
    try {
      const { response, url, method } = await this.send(session, route, request, abort.signal);
      if (response.status === 200 && response.body)
        return { status: 200, headers: response.headers, body: response.body, cancel: () => abort.abort() };
      const text = await response.text();
      this.refuseServerError(
        method,
        url,
        response.status,
        text,
        RetryLaterException.secondsFrom(response.headers.get('retry-after')),
      );
      return { status: response.status, headers: response.headers, error: text ? JSON.parse(text) : undefined };
    } finally {
      clearTimeout(timer);
    }
  }

  private async send(session: Session, route: RouteName, request: DownstreamRequest, signal: AbortSignal) {
    const { method, path } = resolveRoute(route, request.params);
    const url = new URL(`/issuers/${encodeURIComponent(session.issuerId)}${path}`, this.baseUrl);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      // Empty values too: the owning service refuses what it does not accept (`certificateId=` is no UUID).
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const correlationId = currentCorrelationId();
    try {
      const response = await fetch(url, {
        method,
        headers: {
          'content-type': 'application/json',
          'x-operator-id': session.operatorId,
          ...(correlationId ? { 'x-correlation-id': correlationId } : {}),
          // An empty If-Match too: the owning service refuses it rather than taking it for none.
          ...(request.ifMatch !== undefined ? { 'if-match': request.ifMatch } : {}),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
      });
      return { response, url, method };
    } catch (error) {
      this.logger.error(`${method} ${url.pathname}: ${String(error)}`);
      throw new HttpException(
        {
          statusCode: 502,
          error: 'Bad Gateway',
          message: `The backoffice cannot reach the ${this.serviceName} right now. Try again in a moment.`,
        },
        502,
      );
    }
  }

  private refuseServerError(method: string, url: URL, status: number, text: string, retryAfter?: number) {
    if (status < 500) return;
    // "Not yet, try again then" is the service's own answer, not a failure: it reaches the caller as it came.
    if (status === 503 && retryAfter !== undefined) throw new RetryLaterException(parsedOr(text), 503, retryAfter);
    this.logger.error(`${method} ${url.pathname} answered ${status}: ${text.slice(0, 500)}`);
    throw new HttpException(
      {
        statusCode: 502,
        error: 'Bad Gateway',
        message: `The ${this.serviceName} could not answer. Try again in a moment.`,
      },
      502,
    );
  }
}

/** The method and path of a route, its `:name` parts filled in (encoded). */
export function resolveRoute(route: RouteName, params: Record<string, string> = {}) {
  const method = METHODS.find((candidate) => route.startsWith(`${candidate} `)) ?? 'GET';
  const path = route.slice(method.length + 1).replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  return { method, path };
}

const parsedOr = (text: string): object => {
  try {
    return JSON.parse(text) as object;
  } catch {
    return { statusCode: 503, error: 'Service Unavailable', message: text };
  }
};

/** Passes a downstream refusal (4xx) on to the browser as it came, body and all, by throwing it. */
export function passOnRefusal(answer: DownstreamResponse<unknown>): void {
  if (answer.status < 400) return;
  if (answer.retryAfter !== undefined && answer.status === 429)
    throw new RetryLaterException(answer.body as object, 429, answer.retryAfter);
  throw new HttpException(answer.body as object, answer.status);
}

/** Copies a downstream answer's status and ETag to the browser's response and gives its body, typed as the route's answer. */
export function relay<T>(response: Response, answer: DownstreamResponse<T>): T {
  if (answer.etag) response.setHeader('ETag', answer.etag);
  if (answer.retryAfter) response.setHeader('Retry-After', answer.retryAfter);
  passOnRefusal(answer);
  response.status(answer.status);
  return answer.body;
}

export const CERTIFICATE_SERVICE = Symbol('CERTIFICATE_SERVICE');
export const CLIENT_SERVICE_SERVICE = Symbol('CLIENT_SERVICE_SERVICE');
export const NOTIFICATION_SERVICE = Symbol('NOTIFICATION_SERVICE');
