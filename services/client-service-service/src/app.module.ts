import { DynamicModule, Module } from '@nestjs/common';
import { eventSourcedServiceModules } from '@signstash/messaging';
import { ClientServiceServiceConfig } from './client-service-service.config';
import { ClientServicesModule } from './client-services/client-services.module';

@Module({})
export class AppModule {
  static forRoot(config: ClientServiceServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...eventSourcedServiceModules('client-service-service', config),
        ClientServicesModule.forRoot(config.CONSUMER_GROUP, { ttlSeconds: config.LEASE_TTL_SECONDS }),
      ],
    };
  }
}
