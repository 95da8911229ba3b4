import { randomBytes } from 'node:crypto';
import { connectMongo } from '@signstash/platform';
import { testEnv, uniqueName } from '@signstash/testing';
import type { Db, MongoClient } from 'mongodb';
import {
  CaAuthorizationDocument,
  CaAuthorizations,
  newAuthorizationState as randomToken,
} from './ca-authorization.store';
import { CaTokens } from './ca-token.store';
import { TokenCipher } from './ca-token.cipher';

const authorization = (state: string, createdAt = new Date()): CaAuthorizationDocument => ({
  _id: state,
  issuerId: 'issuer-a',
  operatorId: 'operator-1',
  sessionBinding: 'a'.repeat(64),
  ca: 'local-test-ca',
  purpose: { kind: 'register' },
  codeVerifier: randomToken(),
  redirectUri: 'http://localhost:3000/certificates/ca-return',
  createdAt,
});

describe('CA authorizations and tokens (real FerretDB)', () => {
  let mongo: { client: MongoClient; db: Db };
  let replica: { client: MongoClient; db: Db };
  let authorizations: CaAuthorizations;

  beforeAll(async () => {
    const database = uniqueName('ca_auth_it');
    mongo = await connectMongo({ url: testEnv().mongoUrl, database });
    replica = await connectMongo({ url: testEnv().mongoUrl, database });
    authorizations = new CaAuthorizations(mongo.db);
    await authorizations.onModuleInit();
  });

  afterAll(async () => {
    await mongo?.db.dropDatabase();
    await mongo?.client.close();
    await replica?.client.close();
  });

  it('lets exactly one of two replicas take a return, in every one of 50 forced races', async () => {
    const other = new CaAuthorizations(replica.db);
    for (let race = 0; race < 50; race++) {
      const state = randomToken();
      await authorizations.start(authorization(state));
      const taken = await Promise.all([
        authorizations.take(state, 'return', new Date()),
        other.take(state, 'return', new Date()),
      ]);
      expect(taken.filter(Boolean)).toHaveLength(1);
    }
  });

  it('takes each step once, and a released step again', async () => {
    const state = randomToken();
    await authorizations.start(authorization(state));
    expect(await authorizations.take(state, 'return', new Date())).toBe(true);
    expect(await authorizations.take(state, 'register', new Date())).toBe(true);
    expect(await authorizations.take(state, 'register', new Date())).toBe(false);
    await authorizations.release(state, 'register');
    expect(await authorizations.take(state, 'register', new Date())).toBe(true);
    expect(await authorizations.take(state, 'return', new Date())).toBe(false);
  });

  it('sweeps authorizations a day old when a new one starts', async () => {
    const old = randomToken();
    await authorizations.start(authorization(old, new Date(Date.now() - 25 * 60 * 60 * 1000)));
    await authorizations.start(authorization(randomToken()));
    expect(await authorizations.find(old)).toBeNull();
  });

  it('keeps a grant sealed, and only the period in force once a renewal is recorded', async () => {
    const cipher = new TokenCipher(randomBytes(32).toString('base64'));
    const tokens = new CaTokens(mongo.db);
    const stored = (period: number, token: string) => ({
      certificateId: 'cert-1',
      issuerId: 'issuer-a',
      ca: 'local-test-ca',
      credentialId: 'signer1',
      period,
      grant: cipher.seal(JSON.stringify({ accessToken: token }), 'cert-1'),
      storedAt: new Date(),
    });
    await tokens.put(stored(1, 'first-token'));
    await tokens.put(stored(2, 'second-token'));
    await tokens.keepOnly('cert-1', 2);
    expect(await tokens.find('cert-1', 1)).toBeNull();
    const kept = await tokens.find('cert-1', 2);
    expect(JSON.stringify(kept)).not.toContain('second-token');
    expect(JSON.parse(cipher.open(kept!.grant, 'cert-1'))).toEqual({ accessToken: 'second-token' });
  });
});
