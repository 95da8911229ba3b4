import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Session } from './session.store';

/** `__Host-` when Secure: the browser then takes it only from HTTPS, for this host, on path `/`. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-signstash_session' : 'signstash_session');
export const CSRF_HEADER = 'x-csrf-token';

/** No session needed (the login itself). */
export const PUBLIC = 'auth:public';
export const Public = () => SetMetadata(PUBLIC, true);

/** Any logged-in role may call it (reading or ending one's own session); everything else is for issuer operators. */
export const ANY_ROLE = 'auth:any-role';
export const AnyRole = () => SetMetadata(ANY_ROLE, true);

export type AuthenticatedRequest = Request & { session?: Session; sessionToken?: string };

export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Session =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().session!,
);

export const readCookie = (request: Request, name: string): string | undefined => {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
};
