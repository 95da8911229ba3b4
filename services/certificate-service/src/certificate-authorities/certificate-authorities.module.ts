import { DynamicModule, Global, Module } from '@nestjs/common';
import { CERTIFICATE_AUTHORITIES, CertificateAuthorities } from './certificate-authorities.config';
import { CertificateAuthorityClient } from './csc-client';

/**
 * The configured CAs (`@Inject(CERTIFICATE_AUTHORITIES)`) and the client that talks to them, for
 * every module of the service. The CAs are loaded before the module is built (AppModule.forRoot),
 * so a bad configuration stops the service at start like a bad environment.
 */
@Global()
@Module({})
export class CertificateAuthoritiesModule {
  static forRoot(authorities: CertificateAuthorities, client = new CertificateAuthorityClient()): DynamicModule {
    return {
      module: CertificateAuthoritiesModule,
      providers: [
        { provide: CERTIFICATE_AUTHORITIES, useValue: authorities },
        { provide: CertificateAuthorityClient, useValue: client },
      ],
      exports: [CERTIFICATE_AUTHORITIES, CertificateAuthorityClient],
    };
  }
}
