import type { Provider } from '@nestjs/common';
import { CERTIFICATE_AUTHORITIES } from '../certificate-authorities/certificate-authorities.config';
import { CertificateAuthorityClient } from '../certificate-authorities/csc-client';
import { CaAccessFlow, TOKEN_CIPHER } from './ca-access-flow.service';
import { CaAuthorizations } from './ca-authorization.store';
import { CaTokens } from './ca-token.store';
import { TokenCipher } from './ca-token.cipher';
import { CA_CLIENT, CA_DIRECTORY } from './certificate-authority.port';

/**
 * The CA access flow's parts, over the configured CAs and their client (CertificateAuthoritiesModule).
 * `tokenKey` is CA_TOKEN_KEY, which the configuration requires once a CA is configured; without CAs
 * there is none, and no authorization can start (no CA to choose), so nothing is ever sealed.
 */
export function caAccessProviders(tokenKey: string | undefined): Provider[] {
  return [
    CaAccessFlow,
    CaAuthorizations,
    CaTokens,
    { provide: CA_DIRECTORY, useExisting: CERTIFICATE_AUTHORITIES },
    { provide: CA_CLIENT, useExisting: CertificateAuthorityClient },
    { provide: TOKEN_CIPHER, useFactory: () => (tokenKey ? new TokenCipher(tokenKey) : null) },
  ];
}
