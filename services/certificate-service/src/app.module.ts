import { DynamicModule, Module } from '@nestjs/common';
import { eventSourcedServiceModules } from '@signstash/messaging';
import { loadCertificateAuthorities } from './certificate-authorities/certificate-authorities.config';
import { CertificateAuthoritiesModule } from './certificate-authorities/certificate-authorities.module';
import { CertificateServiceConfig } from './certificate-service.config';
import { CertificatesModule } from './certificates/certificates.module';

@Module({})
export class AppModule {
  static forRoot(
    config: CertificateServiceConfig,
    env: Record<string, string | undefined> = process.env,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...eventSourcedServiceModules('certificate-service', config),
        // The CAs (CERTIFICATE_AUTHORITIES_FILE, each client secret from the variable it names in `env`), checked at start.
        CertificateAuthoritiesModule.forRoot(
          loadCertificateAuthorities({ ...env, CERTIFICATE_AUTHORITIES_FILE: config.CERTIFICATE_AUTHORITIES_FILE }),
        ),
        CertificatesModule.forRoot(
          {
            intervalSeconds: config.EXPIRY_CHECK_INTERVAL_SECONDS,
            thresholdsDays: config.ACCESS_WARNING_DAYS,
            concurrency: config.EXPIRY_CHECK_CONCURRENCY,
          },
          { ttlSeconds: config.LEASE_TTL_SECONDS },
          config.CONSUMER_GROUP,
          config.CA_TOKEN_KEY,
        ),
      ],
    };
  }
}
