import { X509Certificate, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_TEST_CA_ID, writeLocalTestCaFile } from '@signstash/testing';
import { CaRefusedError, CaUnavailableError } from './ca-errors';
import type { CertificateAuthority } from './certificate-authority';
import { loadCertificateAuthorities } from './certificate-authorities.config';
import { CertificateAuthorityClient } from './csc-client';
import { newPkce } from './pkce';

/**
 * The whole round trip against the local test CA's real servers (the `csc` and `oauth` engines):
 * mock-oauth2-server's login page, its single-use codes and PKCE check, then certomancer-csc-dummy's
 * CSC v1.0.4 credentials/list and credentials/info.
 */
const REDIRECT_URI = 'http://127.0.0.1:9/signstash/ca-callback';

const configDir = mkdtempSync(join(tmpdir(), 'ca-config-'));
afterAll(() => rmSync(configDir, { recursive: true, force: true }));

const localTestCa = (): CertificateAuthority => {
  const { env } = writeLocalTestCaFile(configDir);
  return loadCertificateAuthorities(env).get(LOCAL_TEST_CA_ID)!;
};

/** What a browser does on the CA's page: load it, fill its one form, post it; the CA redirects back. */
async function signInAtCa(authorizationUrl: string, username: string): Promise<URL> {
  const page = await fetch(authorizationUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = /<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  expect(form).not.toBeNull();
  const action = /<form[^>]*action="([^"]*)"/i.exec(html)?.[1];
  const fields = [...form![1].matchAll(/<(?:input|textarea)[^>]*name="([^"]+)"/gi)].map((m) => m[1]);
  expect(fields).toEqual(expect.arrayContaining(['username']));
  const body = new URLSearchParams(fields.map((name): [string, string] => [name, name === 'username' ? username : '']));
  const posted = await fetch(new URL(action ?? '', authorizationUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });
  expect(posted.status).toBe(302);
  return new URL(posted.headers.get('location')!);
}

const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('CertificateAuthorityClient against the local test CA', () => {
  const client = new CertificateAuthorityClient({ timeoutMs: 5000 });
  const ca = localTestCa();

  const authorize = async () => {
    const pkce = newPkce();
    const state = randomBytes(16).toString('base64url');
    const url = client.authorizationUrl(ca, { state, codeChallenge: pkce.challenge, redirectUri: REDIRECT_URI });
    const back = await signInAtCa(url, 'operator@issuer.example');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe(state);
    return { code: back.searchParams.get('code')!, verifier: pkce.verifier };
  };

  it('signs in at the CA, exchanges the code once, lists the credentials and reads one with its chain', async () => {
    const { code, verifier } = await authorize();
    const grant = await client.exchangeCode(ca, { code, codeVerifier: verifier, redirectUri: REDIRECT_URI });
    expect(grant.accessToken).toEqual(expect.any(String));

    const replay = client.exchangeCode(ca, { code, codeVerifier: verifier, redirectUri: REDIRECT_URI });
    await expect(replay).rejects.toBeInstanceOf(CaRefusedError);
    await expect(replay).rejects.toMatchObject({ status: 400, reason: 'invalid_grant' });

    await expect(client.version(ca)).resolves.toBe('v1');
    const ids = await client.listCredentials(ca, grant);
    expect(ids).toEqual(expect.arrayContaining(['local-test-ca/alice', 'local-test-ca/bruno', 'local-test-ca/chloe']));

    const credential = await client.credentialInfo(ca, grant, 'local-test-ca/alice');
    expect(credential.credentialId).toBe('local-test-ca/alice');
    const [signer, root] = credential.certificates.map((pem) => new X509Certificate(pem));
    expect(credential.certificates).toHaveLength(2);
    expect(signer.subject).toContain('CN=Alice Martin');
    expect(signer.issuer).toBe(root.subject);
    expect(signer.verify(root.publicKey)).toBe(true);
    // certomancer says nothing of status or dates: they are read from the signer's certificate.
    expect(credential.status).toBeUndefined();
    expect(credential.validFrom).toBe(new Date(signer.validFrom).toISOString());
    expect(credential.validTo).toBe(new Date(signer.validTo).toISOString());
  });

  it('refuses a code exchanged with another PKCE verifier, and the code is then spent', async () => {
    const { code, verifier } = await authorize();
    const wrong = client.exchangeCode(ca, { code, codeVerifier: newPkce().verifier, redirectUri: REDIRECT_URI });
    await expect(wrong).rejects.toMatchObject({ name: 'CaRefusedError', reason: 'invalid_grant' });
    const late = client.exchangeCode(ca, { code, codeVerifier: verifier, redirectUri: REDIRECT_URI });
    await expect(late).rejects.toBeInstanceOf(CaRefusedError);
  });

  it('answers an unknown credential with the CA refusal (404)', async () => {
    const { code, verifier } = await authorize();
    const grant = await client.exchangeCode(ca, { code, codeVerifier: verifier, redirectUri: REDIRECT_URI });
    const unknown = client.credentialInfo(ca, grant, 'local-test-ca/nobody');
    await expect(unknown).rejects.toMatchObject({ name: 'CaRefusedError', status: 404 });
  });

  it('is CaUnavailableError when the CA is down (a closed port)', async () => {
    const port = await closedPort();
    const down: CertificateAuthority = {
      ...ca,
      id: 'down-ca',
      csc: { baseUrl: `http://127.0.0.1:${port}`, version: 'auto' },
      oauth: { ...ca.oauth, tokenUrl: `http://127.0.0.1:${port}/token` },
    };
    const grant = { accessToken: 'unused' };
    await expect(client.listCredentials(down, grant)).rejects.toBeInstanceOf(CaUnavailableError);
    await expect(client.credentialInfo(down, grant, 'x/y')).rejects.toBeInstanceOf(CaUnavailableError);
    const exchange = client.exchangeCode(down, { code: 'c', codeVerifier: 'v', redirectUri: REDIRECT_URI });
    await expect(exchange).rejects.toBeInstanceOf(CaUnavailableError);
    await expect(exchange).rejects.toThrow(/ECONNREFUSED/);
  });
});
