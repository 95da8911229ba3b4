import 'reflect-metadata';
import { runService } from '@signstash/platform';
import { AppModule } from './app.module';
import { NotificationServiceConfig } from './notification-service.config';

void runService({
  name: 'notification-service',
  config: NotificationServiceConfig,
  module: (config) => AppModule.forRoot(config),
  port: (config) => config.PORT,
});
