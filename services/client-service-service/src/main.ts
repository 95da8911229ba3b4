import 'reflect-metadata';
import { runService } from '@signstash/platform';
import { API_DTOS, describeValidation } from '@signstash/api';
import { AppModule } from './app.module';
import { ClientServiceServiceConfig } from './client-service-service.config';

void runService({
  name: 'client-service-service',
  config: ClientServiceServiceConfig,
  module: (config) => AppModule.forRoot(config),
  port: (config) => config.PORT,
  document: (document) => describeValidation(document, API_DTOS),
});
