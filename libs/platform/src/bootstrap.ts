import { DynamicModule, INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ConfigError, loadConfig } from './config/load-config';
import { DomainErrorFilter } from './http/domain-error.filter';
import { validationPipe } from './http/validation';
import { JsonLogger } from './logging/json-logger';
import { withCorrelation } from './logging/correlation';
import { applySecurityHeaders, SecurityHeaders } from './http/security-headers';
import { refuseUndocumentedMethods } from './http/method-not-allowed';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';

export interface ServiceDefinition<C extends object> {
  name: string;
  config: new () => C;
  module: (config: C) => DynamicModule;
  port: (config: C) => number;
  /** Browser-facing or HTTPS-only: stricter headers than an internal API's. */
  securityHeaders?: (config: C) => SecurityHeaders;
  /** Completes the generated OpenAPI document (e.g. with what the DTOs' validation accepts). */
  document?: (document: OpenAPIObject) => OpenAPIObject;
  /** Extra wiring after the app is created (e.g. a Kafka microservice, static files). */
  configure?: (app: INestApplication, config: C) => Promise<void> | void;
}

/** What every service's HTTP layer does the same way; tests apply it to their apps too. */
export function applyHttpConventions(app: INestApplication, headers: SecurityHeaders = {}): INestApplication {
  applySecurityHeaders(app, headers);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const given = request.header('x-correlation-id');
    const correlationId = given && /^[A-Za-z0-9._:-]{8,100}$/.test(given) ? given : randomUUID();
    request.headers['x-correlation-id'] = correlationId;
    response.setHeader('X-Correlation-Id', correlationId);
    withCorrelation(correlationId, next);
  });
  // Room for the largest body the DTOs allow (a 20,000-character PEM, escaped), not Express's 100 kB.
  (app as NestExpressApplication).useBodyParser('json', { limit: '512kb' });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  return app;
}

/** The OpenAPI document a service serves at /docs: its routes, completed as the service says. */
export function serviceDocument(
  app: INestApplication,
  name: string,
  complete: (document: OpenAPIObject) => OpenAPIObject = (document) => document,
): OpenAPIObject {
  return complete(SwaggerModule.createDocument(app, new DocumentBuilder().setTitle(name).setVersion('1').build()));
}

/** Starts one service: validated env, global validation, OpenAPI at /docs, graceful shutdown. */
export async function runService<C extends object>(definition: ServiceDefinition<C>): Promise<INestApplication> {
  const logger = new Logger(definition.name);
  let config: C;
  let module: DynamicModule;
  try {
    config = loadConfig(definition.name, definition.config);
    // A module may read configuration of its own (a file the env names): its errors stop the start alike.
    module = definition.module(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // LOG_FORMAT=pretty for people (npm start sets it); JSON lines otherwise.
  const logFormat = process.env.LOG_FORMAT ?? 'json';
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    process.stderr.write(
      `${definition.name}: invalid environment\n  - LOG_FORMAT="${logFormat}": must be json or pretty\n`,
    );
    process.exit(78);
  }
  const app = await NestFactory.create(module, {
    bufferLogs: true,
    ...(logFormat === 'json' ? { logger: new JsonLogger(definition.name) } : {}),
  });
  if (logFormat === 'json') app.useLogger(new JsonLogger(definition.name));
  applyHttpConventions(app, definition.securityHeaders?.(config));
  app.enableShutdownHooks();
  await definition.configure?.(app, config);
  const document = serviceDocument(app, definition.name, definition.document);
  refuseUndocumentedMethods(app, document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  const port = definition.port(config);
  await app.listen(port, '0.0.0.0');
  logger.log(`listening on port ${port}`);
  return app;
}
