import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testEnv } from './test-env';

export const LOCAL_TEST_CA_ID = 'local-test-ca';
/** The variable the local test CA's entry names for its client secret. */
export const LOCAL_TEST_CA_SECRET_ENV = 'LOCAL_TEST_CA_CLIENT_SECRET';

/**
 * The configuration file (CERTIFICATE_AUTHORITIES_FILE) of the "Local test CA": the CSC API of
 * certomancer-csc-dummy and the OAuth server of mock-oauth2-server, as the engines run them.
 * Its `authorize` needs `openid` in the scope; `service` is CSC's scope for credentials/list.
 */
export const localTestCaFile = (endpoints: { cscUrl: string; oauthUrl: string }) => ({
  certificateAuthorities: [
    {
      id: LOCAL_TEST_CA_ID,
      name: 'Local test CA',
      csc: { baseUrl: endpoints.cscUrl, version: 'auto' },
      oauth: {
        authorizeUrl: `${endpoints.oauthUrl}/authorize`,
        tokenUrl: `${endpoints.oauthUrl}/token`,
        clientId: 'signstash-backoffice',
        clientSecretEnv: LOCAL_TEST_CA_SECRET_ENV,
        scope: 'openid service',
      },
    },
  ],
});

/**
 * Writes that file into `dir` and returns the environment a certificate service needs for it: the
 * file's path and a client secret made for this run (the mock server accepts any; a fresh one lets
 * a test search logs and answers for it).
 */
export function writeLocalTestCaFile(
  dir: string,
  endpoints: { cscUrl: string; oauthUrl: string } = testEnv(),
): { file: string; clientSecret: string; env: Record<string, string> } {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'certificate-authorities.json');
  writeFileSync(file, `${JSON.stringify(localTestCaFile(endpoints), null, 2)}\n`);
  const clientSecret = `local-test-ca-${randomBytes(12).toString('hex')}`;
  return { file, clientSecret, env: { CERTIFICATE_AUTHORITIES_FILE: file, [LOCAL_TEST_CA_SECRET_ENV]: clientSecret } };
}
