import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { ANY_ROLE, AuthenticatedRequest, CSRF_HEADER, PUBLIC, readCookie, sessionCookieName } from './auth.decorators';
import { SESSION_COOKIE_SECURE } from './auth.tokens';
import { SessionStore } from './session.store';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameToken = (given: string | undefined, expected: string) =>
  given !== undefined && given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

/**
 * Every `/api` call: a live session from the httpOnly cookie, the CSRF token on state-changing
 * requests (synchronizer token, sent back in a header a cross-site form cannot set), and the
 * issuer-operator role. The issuer always comes from the session, never from the request.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  private readonly cookieName: string;

  constructor(
    private readonly sessions: SessionStore,
    private readonly reflector: Reflector,
    @Inject(SESSION_COOKIE_SECURE) secureCookie: boolean,
  ) {
    this.cookieName = sessionCookieName(secureCookie);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.path.startsWith('/api/')) return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;

    const token = readCookie(request, this.cookieName);
    const session = await this.sessions.find(token);
    if (!session)
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'Please sign in.' });
    if (!SAFE_METHODS.has(request.method) && !sameToken(request.header(CSRF_HEADER), session.csrfToken)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: 'This page is out of date (its CSRF token is missing or invalid). Reload the page and try again.',
      });
    }
    if (session.role !== 'issuer-operator' && !this.reflector.getAllAndOverride<boolean>(ANY_ROLE, targets)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Only issuer operators can use these functions.',
      });
    }
    request.session = session;
    request.sessionToken = token;
    return true;
  }
}
