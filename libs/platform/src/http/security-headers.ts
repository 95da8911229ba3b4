import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

export interface SecurityHeaders {
  /** A browser-facing app (the gateway serving the web UI): the strict policy below. */
  browser?: boolean;
  /** HSTS, for an app reached over HTTPS only (its cookies are Secure). */
  https?: boolean;
}

/**
 * The CSP the built web UI satisfies: its scripts and styles are files of its own origin (no inline
 * script or style), it talks only to its origin (fetch, server-sent events) and may not be framed.
 */
const browserDirectives = (https: boolean) => ({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: https ? [] : null,
});

// Swagger UI (/docs) writes its own <style> elements; its scripts are still files.
const DOCS = /^\/docs(\/|$)/;

/** Helmet on every service; no X-Powered-By. Internal APIs get helmet's defaults, without HSTS over plain HTTP. */
export function applySecurityHeaders(app: INestApplication, options: SecurityHeaders = {}): void {
  (app as NestExpressApplication).disable('x-powered-by');
  const https = options.https ?? false;
  const common = {
    hsts: https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' as const },
    frameguard: { action: 'deny' as const },
  };
  if (!options.browser) {
    app.use(helmet(common));
    return;
  }
  const directives = browserDirectives(https);
  const strict = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives } });
  const docs = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] },
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) =>
    (DOCS.test(request.path) ? docs : strict)(request, response, next),
  );
}
