import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/api/certificates/{id}/status` → a matcher of its concrete paths. */
const matcherOf = (template: string) => {
  const pattern = template
    .split(/\{[^}]+\}/)
    .map(escape)
    .join('[^/]+');
  return new RegExp(`^${pattern}/?$`);
};

/**
 * A method the document does not list for a path it does list answers 405 with `Allow` (HEAD comes
 * with GET), instead of falling through to a 404: the document is the route table.
 */
export function refuseUndocumentedMethods(app: INestApplication, document: OpenAPIObject): void {
  const routes = Object.entries(document.paths).map(([template, item]) => {
    const methods = METHODS.filter((method) => method in item).map((method) => method.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    return { matches: matcherOf(template), methods };
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const route = routes.find((candidate) => candidate.matches.test(request.path));
    if (!route || route.methods.includes(request.method)) return next();
    response.setHeader('Allow', route.methods.join(', '));
    response.status(405).json({
      statusCode: 405,
      error: 'Method Not Allowed',
      message: `${request.method} is not allowed here; allowed: ${route.methods.join(', ')}`,
    });
  });
}
