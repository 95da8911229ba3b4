import type { Provider } from '@nestjs/common';
import { CaAccessFlow, TOKEN_CIPHER } from './ca-access-flow.service';
import { CaAuthorizations } from './ca-authorization.store';
import { CaTokens } from './ca-token.store';
import { TokenCipher } from './ca-token.cipher';
import { CA_CLIENT, CA_DIRECTORY, CaClient, CaDirectory } from './certificate-authority.port';

export interface CaAccessOptions {
  /** `CA_TOKEN_KEY` (validated at start with the configuration). */
  tokenKey: string;
  directory: CaDirectory;
  client: CaClient;
}

/** No CA configured: none to choose, so no authorization starts and no token is ever sealed. */
const NO_CAS: CaDirectory = { list: () => [], get: () => undefined };
const none = (): never => {
  throw new Error('No Certificate Authority is configured');
};
const NO_CLIENT: CaClient = {
  authorizationUrl: none,
  exchangeCode: none,
  listCredentials: none,
  credentialInfo: none,
};

/** The CA access flow's parts; without options (no CA configured) the flow has no CA to offer. */
export function caAccessProviders(options?: CaAccessOptions): Provider[] {
  return [
    CaAccessFlow,
    CaAuthorizations,
    CaTokens,
    { provide: CA_DIRECTORY, useValue: options?.directory ?? NO_CAS },
    { provide: CA_CLIENT, useValue: options?.client ?? NO_CLIENT },
    { provide: TOKEN_CIPHER, useValue: options ? new TokenCipher(options.tokenKey) : undefined },
  ];
}
