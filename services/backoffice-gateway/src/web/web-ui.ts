import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SecurityHeaders } from '@signstash/platform';
import type { BackofficeGatewayConfig } from '../backoffice-gateway.config';

/** The gateway serves the web UI: the strict browser policy, HSTS when it is reached over HTTPS only. */
export const gatewayHeaders = (config: BackofficeGatewayConfig): SecurityHeaders => ({
  browser: true,
  https: config.httpsOnly,
});

const SERVER_PATHS = /^\/(api|health|docs|metrics)(\/|$)/;

/**
 * Serves the built backoffice (services/backoffice-gateway/web/dist) with a fallback to
 * index.html for the client-side routes, so /certificates/<id> can be reloaded or bookmarked.
 */
export function serveWebUi(app: INestApplication, webDistDir: string): void {
  const distDir = resolve(webDistDir);
  const index = join(distDir, 'index.html');
  const express = app as NestExpressApplication;
  if (existsSync(index)) express.useStaticAssets(distDir, { index: false, maxAge: '1h' });
  express.use((request: Request, response: Response, next: NextFunction) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || SERVER_PATHS.test(request.path)) return next();
    if (!existsSync(index)) {
      response
        .status(503)
        .type('text/plain')
        .send('The backoffice web UI is not built yet: run `npm run web:build` (npm start does it).');
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}
