import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { X509Certificate } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { REGULATORY_ACCESS_RULES } from '@signstash/contracts';
import { makeCertificatePem } from '@signstash/testing';
import { CaRefusedError, CaUnavailableError } from './ca-errors';
import type { CertificateAuthority } from './certificate-authority';
import { CertificateAuthorityClient } from './csc-client';

/**
 * What the local test CA (CSC v1.0.4) cannot show: a CSC v2 server. Its answers are written from the
 * CSC API v2.0.0.2 specification (§11.1 info, §11.4 credentials/list, §11.5 credentials/info, §10.1
 * error bodies) and served by a real HTTP server in this test, so the client's real HTTP calls run.
 */
type Answer = { status?: number; json?: unknown; text?: string };
/** A route answers, or leaves the request hanging (a CA that does not answer). */
type Route = (body: Record<string, unknown>) => Answer | 'no answer';

const der = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

describe('CertificateAuthorityClient speaking CSC v2', () => {
  let server: Server;
  let baseUrl: string;
  let routes: Record<string, Route>;
  const seen: { path: string; body: Record<string, unknown>; authorization?: string }[] = [];
  let signerPem: string;
  let rootPem: string;

  const ca = (version: CertificateAuthority['csc']['version'] = 'auto'): CertificateAuthority => ({
    id: 'spec-ca',
    name: 'Spec CA',
    csc: { baseUrl, version },
    oauth: {
      authorizeUrl: `${baseUrl}/oauth2/authorize`,
      tokenUrl: `${baseUrl}/oauth2/token`,
      clientId: 'signstash',
      clientSecret: 'secret-of-the-test',
      scope: 'service',
    },
    rules: REGULATORY_ACCESS_RULES,
  });
  const grant = { accessToken: 'access-token-of-the-test' };

  const v2Info = {
    specs: '2.0.0.2',
    name: 'Spec CA',
    logo: 'https://ca.example/logo.png',
    region: 'PT',
    lang: 'en-US',
    description: 'A remote signing service',
    authType: ['oauth2code'],
    oauth2: 'https://ca.example/oauth2',
    methods: ['credentials/list', 'credentials/info', 'credentials/authorize', 'signatures/signHash'],
  };

  beforeAll(async () => {
    signerPem = await makeCertificatePem({ commonName: 'Alice Martin' });
    rootPem = await makeCertificatePem({ commonName: 'Spec CA Root' });
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      request.on('end', () => {
        const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
        const path = request.url ?? '';
        seen.push({ path, body, authorization: request.headers.authorization });
        const route = routes[`${request.method} ${path}`];
        const answer = route ? route(body) : { status: 404 };
        if (answer === 'no answer') return;
        const json = answer.json === undefined ? {} : { 'content-type': 'application/json' };
        response.writeHead(answer.status ?? 200, json);
        response.end(answer.json === undefined ? (answer.text ?? '') : JSON.stringify(answer.json));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    seen.length = 0;
    routes = {
      'POST /csc/v2/info': () => ({ json: v2Info }),
      'POST /csc/v2/credentials/list': () => ({
        json: {
          credentialIDs: ['cred-alice', 'cred-alice-old'],
          credentialInfos: [
            { credentialID: 'cred-alice', key: { status: 'enabled', algo: ['1.2.840.10045.4.3.2'], len: 256 } },
          ],
          onlyValid: false,
        },
      }),
      'POST /csc/v2/credentials/info': (body) =>
        body.credentialID === 'cred-alice'
          ? {
              json: {
                description: 'Alice signing key',
                signatureQualifier: 'eu_eidas_qes',
                key: { status: 'enabled', algo: ['1.2.840.10045.4.3.2'], len: 256, curve: '1.2.840.10045.3.1.7' },
                cert: {
                  status: 'suspended',
                  certificates: [der(signerPem), der(rootPem)],
                  issuerDN: 'CN=Spec CA Root',
                  serialNumber: '5AAC41CD8FA22B953640',
                  subjectDN: 'CN=Alice Martin',
                  validFrom: '20260115093000Z',
                  validTo: '20280115093000Z',
                },
                auth: { mode: 'explicit', objects: [{ type: 'Password', id: 'PIN', format: 'N' }] },
                multisign: 1,
                lang: 'en-US',
              },
            }
          : { status: 400, json: { error: 'invalid_request', error_description: 'Invalid parameter credentialID' } },
    };
  });

  it('asks info once, then speaks /csc/v2 with the bearer token', async () => {
    const client = new CertificateAuthorityClient({ timeoutMs: 2000 });
    await expect(client.listCredentials(ca(), grant)).resolves.toEqual(['cred-alice', 'cred-alice-old']);
    await client.listCredentials(ca(), grant);
    expect(seen.map((request) => request.path)).toEqual([
      '/csc/v2/info',
      '/csc/v2/credentials/list',
      '/csc/v2/credentials/list',
    ]);
    expect(seen[0].authorization).toBeUndefined();
    expect(seen[1].authorization).toBe('Bearer access-token-of-the-test');
  });

  it("reads credentials/info's cert.status, validFrom and validTo, and the chain signer first", async () => {
    const client = new CertificateAuthorityClient({ timeoutMs: 2000 });
    const credential = await client.credentialInfo(ca(), grant, 'cred-alice');
    expect(seen.at(-1)!.body).toEqual({ credentialID: 'cred-alice', certificates: 'chain', certInfo: true });
    expect(credential).toEqual({
      credentialId: 'cred-alice',
      certificates: [expect.stringContaining('BEGIN CERTIFICATE'), expect.stringContaining('BEGIN CERTIFICATE')],
      status: 'suspended',
      validFrom: '2026-01-15T09:30:00.000Z',
      validTo: '2028-01-15T09:30:00.000Z',
      description: 'Alice signing key',
    });
    expect(new X509Certificate(credential.certificates[0]).subject).toContain('CN=Alice Martin');
    expect(new X509Certificate(credential.certificates[1]).subject).toContain('CN=Spec CA Root');
  });

  it("refuses with the CA's JSON error body (error and error_description)", async () => {
    const client = new CertificateAuthorityClient({ timeoutMs: 2000 });
    const refused = client.credentialInfo(ca(), grant, 'cred-nobody');
    await expect(refused).rejects.toBeInstanceOf(CaRefusedError);
    await expect(refused).rejects.toMatchObject({
      status: 400,
      reason: 'invalid_request',
      description: 'Invalid parameter credentialID',
    });
  });

  it('refuses an expired access token (401 invalid_token) without naming the token', async () => {
    routes['POST /csc/v2/credentials/list'] = () => ({
      status: 401,
      json: { error: 'invalid_token', error_description: 'The access token is expired' },
    });
    const client = new CertificateAuthorityClient({ timeoutMs: 2000 });
    const refused = client.listCredentials(ca('v2'), grant);
    await expect(refused).rejects.toMatchObject({ name: 'CaRefusedError', status: 401, reason: 'invalid_token' });
    await expect(refused).rejects.not.toThrow(/access-token-of-the-test/);
  });

  it('is unavailable on a 5xx, on an answer that is not JSON, and when the CA does not answer in time', async () => {
    const client = new CertificateAuthorityClient({ timeoutMs: 300 });
    routes['POST /csc/v2/credentials/list'] = () => ({ status: 503, json: { error: 'temporarily_unavailable' } });
    await expect(client.listCredentials(ca('v2'), grant)).rejects.toBeInstanceOf(CaUnavailableError);
    routes['POST /csc/v2/credentials/list'] = () => ({ status: 200, json: { credentialIDs: 'not a list' } });
    await expect(client.listCredentials(ca('v2'), grant)).rejects.toBeInstanceOf(CaUnavailableError);
    routes['POST /csc/v2/credentials/list'] = () => ({ status: 200, text: '<html>maintenance</html>' });
    await expect(client.listCredentials(ca('v2'), grant)).rejects.toThrow(/not JSON/);
    routes['POST /csc/v2/credentials/list'] = () => 'no answer';
    await expect(client.listCredentials(ca('v2'), grant)).rejects.toThrow(/no answer within 300 ms/);
  });

  it('speaks v1 where info announces no v2, and where the configuration says v1', async () => {
    routes['POST /csc/v2/info'] = () => ({ status: 404 });
    routes['POST /csc/v1/info'] = () => ({ json: { ...v2Info, specs: '1.0.4.0' } });
    routes['POST /csc/v1/credentials/list'] = () => ({ json: { credentialIDs: ['v1-cred'] } });
    await expect(new CertificateAuthorityClient().listCredentials(ca(), grant)).resolves.toEqual(['v1-cred']);
    seen.length = 0;
    await expect(new CertificateAuthorityClient().listCredentials(ca('v1'), grant)).resolves.toEqual(['v1-cred']);
    expect(seen.map((request) => request.path)).toEqual(['/csc/v1/credentials/list']);
  });

  it('follows v1 pages (nextPageToken) to the last one', async () => {
    routes['POST /csc/v1/credentials/list'] = (body) =>
      body.pageToken === undefined
        ? { json: { credentialIDs: ['first'], nextPageToken: 'page-2' } }
        : { json: { credentialIDs: [`after-${String(body.pageToken)}`] } };
    await expect(new CertificateAuthorityClient().listCredentials(ca('v1'), grant)).resolves.toEqual([
      'first',
      'after-page-2',
    ]);
  });
});
