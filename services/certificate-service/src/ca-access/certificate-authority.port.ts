import type { AccessRules } from '@signstash/contracts';

/**
 * What the CA access flow needs of the configured CAs and of the client that speaks to them
 * (services/certificate-authorities: the configuration, the CSC API and OAuth client). Kept to the
 * few members the flow uses, so the flow is written and tested against the same shape.
 */
export interface ConfiguredCa {
  id: string;
  name: string;
  rules: AccessRules;
}

export interface CaDirectory {
  list(): ConfiguredCa[];
  get(id: string): ConfiguredCa | undefined;
}

/** What the CA granted at the token endpoint: secrets, sealed before they are stored, never logged. */
export interface CaGrant {
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
  scope?: string;
}

export interface CaCredential {
  credentialId: string;
  /** PEM, signer first. */
  certificates: string[];
  status?: string;
  validFrom?: string;
  validTo?: string;
  description?: string;
}

export interface CaClient {
  authorizationUrl(
    ca: ConfiguredCa,
    request: { state: string; codeChallenge: string; redirectUri: string; credentialId?: string },
  ): string;
  exchangeCode(
    ca: ConfiguredCa,
    request: { code: string; codeVerifier: string; redirectUri: string },
  ): Promise<CaGrant>;
  listCredentials(ca: ConfiguredCa, grant: CaGrant): Promise<string[]>;
  credentialInfo(ca: ConfiguredCa, grant: CaGrant, credentialId: string): Promise<CaCredential>;
}

export const CA_DIRECTORY = Symbol('CA_DIRECTORY');
export const CA_CLIENT = Symbol('CA_CLIENT');

/** How a call to a CA failed: down or timing out (retry later), or a refusal with the CA's reason. */
export type CaFailure = { kind: 'unavailable' } | { kind: 'refused'; reason: string };

/** The CA client's typed errors (`CaUnavailableError`, `CaRefusedError`) told apart by name, anything else undefined. */
export function caFailure(error: unknown): CaFailure | undefined {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'CaUnavailableError') return { kind: 'unavailable' };
  if (name === 'CaRefusedError') {
    const reason = (error as { reason?: unknown; message?: unknown }).reason ?? (error as Error).message;
    return { kind: 'refused', reason: String(reason) };
  }
  return undefined;
}
