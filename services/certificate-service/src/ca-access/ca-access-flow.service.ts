import { Inject, Injectable } from '@nestjs/common';
import { aggregateStream, EVENT_STORE, EventStore, nameBasedUuid } from '@signstash/event-store';
import { conflict, ruleBroken } from '@signstash/contracts';
import { Actor, CLOCK, Clock } from '@signstash/platform';
import { CertificateCommands, CommandOutcome } from '../certificates/certificate-commands.service';
import { certificateDecider } from '../certificates/certificate.decider';
import type { CaGrantTerms } from '../certificates/certificate.commands';
import { certificateStreamId } from '../certificates/certificate.stream';
import { MANUAL_CA } from '../certificates/certificate.aggregate';
import { parseCertificatePem } from '../certificates/register-certificate/certificate-pem.parser';
import {
  AUTHORIZATION_LIFETIME_MS,
  CaAuthorizationDocument,
  CaAuthorizations,
  newAuthorizationState,
  PICK_LIFETIME_MS,
} from './ca-authorization.store';
import { CaTokens } from './ca-token.store';
import { TokenCipher } from './ca-token.cipher';
import { CA_CLIENT, CA_DIRECTORY, CaClient, CaDirectory, CaGrant, ConfiguredCa } from './certificate-authority.port';
import { newPkce } from '../certificate-authorities/pkce';
import { refusals } from './ca-access-refusals';
import { callCa } from './ca-calls';
import { CredentialChoice, describeCredential, signsDocuments } from './credential-choice';

export const TOKEN_CIPHER = Symbol('TOKEN_CIPHER');

export interface CaReturn {
  sessionBinding: string;
  code?: string;
  error?: string;
  errorDescription?: string;
}

export type ReturnOutcome =
  | { purpose: 'register'; ca: string; caName: string; credentials: CredentialChoice[] }
  | { purpose: 'renew'; certificateId: string; outcome: CommandOutcome };

/**
 * Registering and renewing through the CA: the authorization (OAuth 2.0 code with PKCE, `state` bound
 * to the session), the single code exchange, the credentials the CA offers, and the certificate
 * recorded as the CA returned it with the grant sealed beside it.
 */
@Injectable()
export class CaAccessFlow {
  constructor(
    @Inject(CA_DIRECTORY) private readonly cas: CaDirectory,
    @Inject(CA_CLIENT) private readonly client: CaClient,
    @Inject(TOKEN_CIPHER) private readonly cipher: TokenCipher,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly authorizations: CaAuthorizations,
    private readonly tokens: CaTokens,
    private readonly commands: CertificateCommands,
  ) {}

  async start(
    actor: Actor,
    request: { ca: string; certificateId?: string; sessionBinding: string; redirectUri: string },
  ): Promise<{ authorizationUrl: string }> {
    const ca = this.cas.get(request.ca);
    if (!ca) throw ruleBroken('ca', 'Choose one of the Certificate Authorities listed.');
    let credentialId: string | undefined;
    if (request.certificateId) {
      const access = await this.accessOf(actor, request.certificateId);
      if (access.ca === MANUAL_CA)
        throw conflict(
          `This access was recorded by hand (${access.caName} has no CSC API here): renew it with its new expiry date.`,
        );
      if (access.ca !== ca.id)
        throw ruleBroken('ca', `This certificate's access was granted at ${access.caName}: renew it there.`);
      credentialId = access.credentialId;
    }
    const state = newAuthorizationState();
    const { verifier: codeVerifier, challenge } = newPkce();
    await this.authorizations.start({
      _id: state,
      issuerId: actor.issuerId,
      operatorId: actor.operatorId,
      sessionBinding: request.sessionBinding,
      ca: ca.id,
      purpose: request.certificateId ? { kind: 'renew', certificateId: request.certificateId } : { kind: 'register' },
      codeVerifier,
      redirectUri: request.redirectUri,
      createdAt: this.clock.now(),
    });
    const authorizationUrl = this.client.authorizationUrl(ca, {
      state,
      codeChallenge: challenge,
      redirectUri: request.redirectUri,
      ...(credentialId ? { credentialId } : {}),
    });
    return { authorizationUrl };
  }

  /** Back from the CA: the code exchanged once, then the credentials to pick from, or the renewal recorded. */
  async complete(actor: Actor, state: string, back: CaReturn): Promise<ReturnOutcome> {
    const authorization = await this.own(actor, state, back.sessionBinding);
    const ca = this.caOf(authorization);
    const now = this.clock.now();
    if (!(await this.authorizations.take(state, 'return', now))) throw refusals.used();
    if (back.error) throw refusals.denied(ca.name, back.error, back.errorDescription);
    if (now.getTime() - authorization.createdAt.getTime() > AUTHORIZATION_LIFETIME_MS) throw refusals.expired();
    if (!back.code) throw ruleBroken('code', 'The Certificate Authority sent no authorization code back: start again.');
    const { codeVerifier, redirectUri } = authorization;
    const code = back.code;
    const grant = await callCa(ca, () => this.client.exchangeCode(ca, { code, codeVerifier, redirectUri }));
    const listed = await callCa(ca, () => this.client.listCredentials(ca, grant));
    if (authorization.purpose.kind === 'renew')
      return this.renew(actor, ca, authorization.purpose.certificateId, grant, listed);
    const offered = await Promise.all(
      listed.map((credentialId) => callCa(ca, () => this.client.credentialInfo(ca, grant, credentialId))),
    );
    const usable = offered.filter(signsDocuments);
    await this.authorizations.holdGrant(state, now, this.cipher.seal(JSON.stringify(grant), state), usable);
    return { purpose: 'register', ca: ca.id, caName: ca.name, credentials: usable.map(describeCredential) };
  }

  /** The operator picked a credential of the grant and named it: the certificate is registered with its access. */
  async register(
    actor: Actor,
    state: string,
    pick: { sessionBinding: string; credentialId: string; alias: string; description?: string },
  ): Promise<CommandOutcome> {
    const authorization = await this.own(actor, state, pick.sessionBinding);
    const ca = this.caOf(authorization);
    const now = this.clock.now();
    if (authorization.purpose.kind !== 'register' || !authorization.returnedAt) throw refusals.foreign();
    if (!authorization.grant) throw refusals.used();
    if (now.getTime() - authorization.returnedAt.getTime() > PICK_LIFETIME_MS) throw refusals.pickExpired();
    const offered = authorization.offered?.find((credential) => credential.credentialId === pick.credentialId);
    if (!offered) throw ruleBroken('credentialId', 'Choose one of the credentials the Certificate Authority offered.');
    const certificate = parseCertificatePem(offered.certificates[0]);
    // One certificate per authorization: a second submission finds the step taken (or the stream written).
    if (!(await this.authorizations.take(state, 'register', now))) throw refusals.used();
    const certificateId = nameBasedUuid(`ca-authorization/${state}`);
    const grant = this.cipher.open(authorization.grant, state);
    await this.tokens.put({
      certificateId,
      issuerId: actor.issuerId,
      ca: ca.id,
      credentialId: offered.credentialId,
      period: 1,
      grant: this.cipher.seal(grant, certificateId),
      storedAt: now,
    });
    try {
      const details = { alias: pick.alias, description: pick.description ?? '' };
      const outcome = await this.commands.register(
        actor,
        details,
        certificate,
        terms(ca, offered.credentialId),
        certificateId,
      );
      await this.authorizations.dropGrant(state);
      return outcome;
    } catch (error) {
      // Not registered (a taken alias, the same certificate registered already): the operator may try again.
      await this.tokens.remove(certificateId, 1);
      await this.authorizations.release(state, 'register');
      throw error;
    }
  }

  private async renew(actor: Actor, ca: ConfiguredCa, certificateId: string, grant: CaGrant, listed: string[]) {
    const access = await this.accessOf(actor, certificateId);
    if (!listed.includes(access.credentialId)) {
      throw conflict(
        `The access granted at ${ca.name} does not include the credential ${access.credentialId} of this certificate. Nothing changed; start again and grant that credential.`,
      );
    }
    const period = access.period + 1;
    const sealed = this.cipher.seal(JSON.stringify(grant), certificateId);
    const at = this.clock.now();
    await this.tokens.put({
      certificateId,
      issuerId: actor.issuerId,
      ca: ca.id,
      credentialId: access.credentialId,
      period,
      grant: sealed,
      storedAt: at,
    });
    let outcome: CommandOutcome;
    try {
      outcome = await this.commands.renewAccess(actor, certificateId, terms(ca, access.credentialId), {
        ifMatch: access.revision,
      });
    } catch (error) {
      await this.tokens.remove(certificateId, period);
      throw error;
    }
    await this.tokens.keepOnly(certificateId, period);
    return { purpose: 'renew' as const, certificateId, outcome };
  }

  private async own(actor: Actor, state: string, sessionBinding: string): Promise<CaAuthorizationDocument> {
    const authorization = await this.authorizations.find(state);
    if (!authorization || authorization.issuerId !== actor.issuerId || authorization.sessionBinding !== sessionBinding)
      throw refusals.foreign();
    return authorization;
  }

  private caOf(authorization: CaAuthorizationDocument): ConfiguredCa {
    const ca = this.cas.get(authorization.ca);
    if (!ca) throw refusals.foreign();
    return ca;
  }

  /** The certificate's access as its stream holds it now (404 for another issuer's, or none). */
  private async accessOf(actor: Actor, certificateId: string) {
    const { state, events } = await aggregateStream(this.store, certificateStreamId(certificateId), certificateDecider);
    if (state.status !== 'registered' || state.issuerId !== actor.issuerId) throw refusals.certificate();
    return { ...state.access, revision: events.length - 1 };
  }
}

const terms = (ca: ConfiguredCa, credentialId: string): CaGrantTerms => ({
  kind: 'ca',
  ca: ca.id,
  caName: ca.name,
  credentialId,
  periodDays: ca.rules.periodDays,
  signatureLimit: ca.rules.signatureLimit,
});
