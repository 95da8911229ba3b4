import type { CertificateAuthority } from '../certificate-authorities/certificate-authority';
import type { CertificateAuthorities } from '../certificate-authorities/certificate-authorities.config';
import type { CertificateAuthorityClient } from '../certificate-authorities/csc-client';
import { CaRefusedError, CaUnavailableError } from '../certificate-authorities/ca-errors';

export type { CaCredential, CaGrant } from '../certificate-authorities/csc-client';

/**
 * What the CA access flow uses of the configured CAs and of the client that speaks to them
 * (certificate-authorities/): bound in the module, so a deployment without CAs binds "none".
 */
export type ConfiguredCa = CertificateAuthority;
export type CaDirectory = Pick<CertificateAuthorities, 'list' | 'get'>;
export type CaClient = Pick<
  CertificateAuthorityClient,
  'authorizationUrl' | 'exchangeCode' | 'listCredentials' | 'credentialInfo'
>;

export const CA_DIRECTORY = Symbol('CA_DIRECTORY');
export const CA_CLIENT = Symbol('CA_CLIENT');

/** How a call to a CA failed: down or timing out (retry later), or a refusal with the CA's reason. */
export type CaFailure = { kind: 'unavailable' } | { kind: 'refused'; reason: string };

export function caFailure(error: unknown): CaFailure | undefined {
  if (error instanceof CaUnavailableError) return { kind: 'unavailable' };
  if (error instanceof CaRefusedError) return { kind: 'refused', reason: error.description ?? error.reason };
  return undefined;
}
