import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_DTOS, describeValidation } from '@signstash/api';
import { serviceDocument } from '@signstash/platform';
import { AppModule } from './app.module';
import { BackofficeGatewayConfig } from './backoffice-gateway.config';

export const GATEWAY_NAME = 'backoffice-gateway';

/** What the gateway adds to the generated document: what the DTOs' validation accepts. */
export const completeGatewayDocument = (document: OpenAPIObject) => describeValidation(document, API_DTOS);

/**
 * The document the running gateway serves at /docs/openapi.json, built without engines: Nest's
 * preview mode reads the modules and routes but instantiates no provider, so nothing connects.
 * The web UI's API types are generated from it (npm run api:types).
 */
export async function gatewayDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot(new BackofficeGatewayConfig()), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return serviceDocument(app, GATEWAY_NAME, completeGatewayDocument);
  } finally {
    await app.close();
  }
}
