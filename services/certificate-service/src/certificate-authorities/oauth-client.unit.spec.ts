import { REGULATORY_ACCESS_RULES } from '@signstash/contracts';
import type { CertificateAuthority } from './certificate-authority';
import { authorizationUrl } from './oauth-client';
import { newPkce, pkceChallenge } from './pkce';

const ca: CertificateAuthority = {
  id: 'acme-ca',
  name: 'ACME',
  csc: { baseUrl: 'https://csc.acme.example', version: 'auto' },
  oauth: {
    authorizeUrl: 'https://login.acme.example/oauth2/authorize?tenant=eu',
    tokenUrl: 'https://login.acme.example/oauth2/token',
    clientId: 'signstash',
    clientSecret: 'never-in-a-url',
    scope: 'openid service',
  },
  rules: REGULATORY_ACCESS_RULES,
};

describe('OAuth authorization request', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const { verifier, challenge } = newPkce();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge).toBe(pkceChallenge(verifier));
  });

  it('sends the code flow with PKCE S256 and the state, keeping the endpoint own parameters, never the secret', () => {
    const url = new URL(
      authorizationUrl(ca, {
        state: 'state-1',
        codeChallenge: 'challenge-1',
        redirectUri: 'https://backoffice.example/ca/callback',
        credentialId: 'cred-7',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://login.acme.example/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'eu',
      response_type: 'code',
      client_id: 'signstash',
      redirect_uri: 'https://backoffice.example/ca/callback',
      scope: 'openid service',
      state: 'state-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
      credentialID: 'cred-7',
    });
    expect(url.toString()).not.toContain('never-in-a-url');
  });
});
