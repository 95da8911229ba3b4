import { CaRefusedError, CaUnavailableError } from './ca-errors';
import { caPost } from './ca-http';
import type { CertificateAuthority } from './certificate-authority';
import { CaCredential, credentialIdsOf, credentialOf } from './csc-answers';
import { AuthorizationRequest, authorizationUrl, CaGrant, exchangeCode } from './oauth-client';

export type { CaCredential } from './csc-answers';
export type { AuthorizationRequest, CaGrant } from './oauth-client';

type Spoken = 'v1' | 'v2';

/** v1 pages through `nextPageToken`; a CA that never stops is cut off here. */
const MAX_PAGES = 50;

/**
 * Sign'Stash's side of a CA: the OAuth 2.0 round trip that grants the access, then the CSC API
 * (v2 where the CA's `info` announces it, v1.0.4 otherwise) to list the credentials and read one
 * with its chain. Errors are CaUnavailableError (retry later) or CaRefusedError (the CA's reason).
 */
export class CertificateAuthorityClient {
  /** What each CA speaks, asked once (a failed ask is asked again next time). */
  private readonly spoken = new Map<string, Promise<Spoken>>();

  constructor(private readonly options: { timeoutMs: number } = { timeoutMs: 10_000 }) {}

  authorizationUrl(ca: CertificateAuthority, request: AuthorizationRequest): string {
    return authorizationUrl(ca, request);
  }

  exchangeCode(
    ca: CertificateAuthority,
    exchange: { code: string; codeVerifier: string; redirectUri: string },
  ): Promise<CaGrant> {
    return exchangeCode(ca, exchange, this.options.timeoutMs);
  }

  async listCredentials(ca: CertificateAuthority, grant: CaGrant): Promise<string[]> {
    const version = await this.version(ca);
    const ids: string[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.call<{ nextPageToken?: unknown }>(ca, version, 'credentials/list', grant, {
        ...(pageToken ? { pageToken } : {}),
      });
      ids.push(...credentialIdsOf(ca.id, answer));
      // v2 has no paging; a v1 CA says where the next page starts.
      if (version === 'v2' || typeof answer.nextPageToken !== 'string' || answer.nextPageToken === '') return ids;
      pageToken = answer.nextPageToken;
    }
    throw new CaUnavailableError(ca.id, `credentials/list gave more than ${MAX_PAGES} pages`);
  }

  async credentialInfo(ca: CertificateAuthority, grant: CaGrant, credentialId: string): Promise<CaCredential> {
    const version = await this.version(ca);
    // v2: certInfo gives the CA's status and dates; v1.0.4 servers may not implement it (the local
    // test CA answers 501), so there the dates are read from the certificate itself.
    const answer = await this.call(ca, version, 'credentials/info', grant, {
      credentialID: credentialId,
      certificates: 'chain',
      ...(version === 'v2' ? { certInfo: true } : {}),
    });
    return credentialOf(ca.id, credentialId, answer);
  }

  /** The CA's `info`: v2 where the CA says so, v1.0.4 otherwise (or as configured). */
  version(ca: CertificateAuthority): Promise<Spoken> {
    if (ca.csc.version !== 'auto') return Promise.resolve(ca.csc.version);
    const known = this.spoken.get(ca.id);
    if (known) return known;
    const asking = this.askVersion(ca);
    this.spoken.set(ca.id, asking);
    asking.catch(() => this.spoken.delete(ca.id));
    return asking;
  }

  private async askVersion(ca: CertificateAuthority): Promise<Spoken> {
    try {
      const info = await this.call<{ specs?: unknown }>(ca, 'v2', 'info', undefined, {});
      if (typeof info.specs === 'string' && info.specs.startsWith('2.')) return 'v2';
    } catch (error) {
      // No /csc/v2 at this CA (404, 405, …): a v1 CA. Unreachable stays unreachable.
      if (!(error instanceof CaRefusedError)) throw error;
    }
    const info = await this.call<{ specs?: unknown }>(ca, 'v1', 'info', undefined, {});
    if (typeof info.specs === 'string' && info.specs.startsWith('1.')) return 'v1';
    throw new CaUnavailableError(ca.id, `info announces no CSC API version this client speaks (${String(info.specs)})`);
  }

  private call<T>(ca: CertificateAuthority, version: Spoken, method: string, grant: CaGrant | undefined, json: object) {
    return caPost<T>({
      caId: ca.id,
      url: `${ca.csc.baseUrl.replace(/\/+$/, '')}/csc/${version}/${method}`,
      body: { json },
      bearer: grant?.accessToken,
      timeoutMs: this.options.timeoutMs,
    });
  }
}
