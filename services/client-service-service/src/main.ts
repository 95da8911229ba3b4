import 'reflect-metadata';
import { runService } from '@signstash/platform';
import { AppModule } from './app.module';
import { ClientServiceServiceConfig } from './client-service-service.config';

void runService({
  name: 'client-service-service',
  config: ClientServiceServiceConfig,
  module: (config) => AppModule.forRoot(config),
  port: (config) => config.PORT,
});
