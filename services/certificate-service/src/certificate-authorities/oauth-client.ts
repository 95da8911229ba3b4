import { caPost } from './ca-http';
import { CaUnavailableError } from './ca-errors';
import type { CertificateAuthority } from './certificate-authority';

/** What Sign'Stash keeps from a grant to call the CA later (stored encrypted by the caller, never shown). */
export interface CaGrant {
  accessToken: string;
  refreshToken?: string;
  /** Seconds, as the token endpoint said. */
  expiresIn?: number;
  scope?: string;
}

export interface AuthorizationRequest {
  /** Bound to the operator's session by the caller; comes back with the code. */
  state: string;
  /** PKCE S256 challenge of the verifier the caller keeps. */
  codeChallenge: string;
  redirectUri: string;
  /** Renewal: the credential the access is for (CSC's `credentialID` parameter). */
  credentialId?: string;
}

/**
 * The OAuth 2.0 authorization code request (RFC 6749 §4.1.1 with RFC 7636 PKCE): where the
 * operator's browser is sent to sign in at the CA.
 */
export function authorizationUrl(ca: CertificateAuthority, request: AuthorizationRequest): string {
  const url = new URL(ca.oauth.authorizeUrl);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: ca.oauth.clientId,
    redirect_uri: request.redirectUri,
    scope: ca.oauth.scope,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  };
  if (request.credentialId) params.credentialID = request.credentialId;
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

interface TokenAnswer {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

/**
 * Exchanges the authorization code once at the token endpoint (client credentials in the body, as
 * CSC's oauth2/token takes them). A used, expired or foreign code is the CA's `invalid_grant`.
 */
export async function exchangeCode(
  ca: CertificateAuthority,
  exchange: { code: string; codeVerifier: string; redirectUri: string },
  timeoutMs: number,
): Promise<CaGrant> {
  const answer = await caPost<TokenAnswer>({
    caId: ca.id,
    url: ca.oauth.tokenUrl,
    body: {
      form: {
        grant_type: 'authorization_code',
        code: exchange.code,
        code_verifier: exchange.codeVerifier,
        redirect_uri: exchange.redirectUri,
        client_id: ca.oauth.clientId,
        client_secret: ca.oauth.clientSecret,
      },
    },
    timeoutMs,
  });
  if (typeof answer.access_token !== 'string' || answer.access_token === '') {
    throw new CaUnavailableError(ca.id, `the token endpoint answered without an access_token`);
  }
  return {
    accessToken: answer.access_token,
    ...(typeof answer.refresh_token === 'string' ? { refreshToken: answer.refresh_token } : {}),
    ...(typeof answer.expires_in === 'number' ? { expiresIn: answer.expires_in } : {}),
    ...(typeof answer.scope === 'string' ? { scope: answer.scope } : {}),
  };
}
