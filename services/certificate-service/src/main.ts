import 'reflect-metadata';
import { runService } from '@signstash/platform';
import { API_DTOS, describeValidation } from '@signstash/api';
import { AppModule } from './app.module';
import { CertificateServiceConfig } from './certificate-service.config';

void runService({
  name: 'certificate-service',
  config: CertificateServiceConfig,
  module: (config) => AppModule.forRoot(config),
  port: (config) => config.PORT,
  document: (document) => describeValidation(document, API_DTOS),
});
