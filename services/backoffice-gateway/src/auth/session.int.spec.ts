import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createHash } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { applyHttpConventions, JsonLogger, loadConfig, MONGO_DB } from '@signstash/platform';
import type { Db } from 'mongodb';
import { testEnv, uniqueName } from '@signstash/testing';
import { Topics } from '@signstash/contracts';
import { createKafka, ensureTopics } from '@signstash/messaging';
import { AppModule } from '../app.module';
import { BackofficeGatewayConfig } from '../backoffice-gateway.config';
import { OperatorDirectory } from '../operators/operator-directory.service';
import { MAX_FAILURES } from './login-throttle';

const env = testEnv();
const database = uniqueName('gateway_session');
const password = 'a long enough password';

/** The gateway app alone (the services it calls are unreachable), with its JSON log lines kept. */
async function startGateway(database: string, nodeEnv: 'development' | 'production', lines: string[]) {
  const config = loadConfig('backoffice-gateway', BackofficeGatewayConfig, {
    MONGO_URL: env.mongoUrl,
    MONGO_DB: database,
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    CERTIFICATE_SERVICE_URL: 'http://127.0.0.1:9',
    CLIENT_SERVICE_SERVICE_URL: 'http://127.0.0.1:9',
    NOTIFICATION_SERVICE_URL: 'http://127.0.0.1:9',
    NODE_ENV: nodeEnv,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = applyHttpConventions(
    moduleRef.createNestApplication({ logger: new JsonLogger('backoffice-gateway', (line) => lines.push(line)) }),
  );
  await app.init();
  return app;
}

describe('operator sessions (real FerretDB)', () => {
  let app: INestApplication;
  const logLines: string[] = [];

  beforeAll(async () => {
    await ensureTopics(createKafka({ clientId: 'session-test', brokers: env.kafkaBrokers }), [
      { topic: Topics.operators, numPartitions: 3, replicationFactor: 1 },
    ]);
    app = await startGateway(database, 'development', logLines);
    const directory = app.get(OperatorDirectory);
    await directory.create({
      issuerId: 'issuer-a',
      issuerName: 'Issuer A',
      name: 'Ana',
      email: 'ana@a.example',
      role: 'issuer-operator',
      password,
    });
    await directory.create({
      issuerId: 'issuer-a',
      issuerName: 'Issuer A',
      name: 'Vic',
      email: 'vic@a.example',
      role: 'viewer',
      password,
    });
  });

  afterAll(async () => {
    await app?.close();
    const client = await MongoClient.connect(env.mongoUrl);
    await client.db(database).dropDatabase();
    await client.close();
  });

  const login = (email: string, pass = password) =>
    request(app.getHttpServer()).post('/api/session').send({ email, password: pass });

  it('logs in with an httpOnly, SameSite session cookie and returns the CSRF token', async () => {
    const response = await login('ANA@a.example').expect(200);
    expect(response.body.operator).toMatchObject({ name: 'Ana', issuerId: 'issuer-a', role: 'issuer-operator' });
    expect(response.body.csrfToken).toEqual(expect.any(String));
    const cookie = response.headers['set-cookie'][0];
    expect(cookie).toMatch(/^signstash_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const current = await request(app.getHttpServer()).get('/api/session').set('Cookie', cookie).expect(200);
    expect(current.body.operator.email).toBe('ana@a.example');
  });

  it('refuses a wrong password with a clear 401 and no cookie', async () => {
    const response = await login('ana@a.example', 'wrong password!').expect(401);
    expect(response.body.message).toBe('Wrong e-mail or password.');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('rejects unknown fields and malformed input with 400 naming the field', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/session')
      .send({ email: 'not-an-email', password, admin: true })
      .expect(400);
    expect(response.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['admin', 'email']);
  });

  it('anonymous calls get 401', async () => {
    await request(app.getHttpServer()).get('/api/certificates').expect(401);
    await request(app.getHttpServer()).get('/api/session').expect(401);
  });

  it('a state-changing request without the CSRF token gets 403, and logout with it ends the session', async () => {
    const response = await login('ana@a.example').expect(200);
    const cookie = response.headers['set-cookie'][0];
    const denied = await request(app.getHttpServer()).delete('/api/session').set('Cookie', cookie).expect(403);
    expect(denied.body.message).toMatch(/CSRF/);
    await request(app.getHttpServer())
      .delete('/api/session')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', 'forged-token-of-some-length')
      .expect(403);
    await request(app.getHttpServer())
      .delete('/api/session')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', response.body.csrfToken)
      .expect(204);
    await request(app.getHttpServer()).get('/api/session').set('Cookie', cookie).expect(401);
  });

  it('a logged-in non-operator gets 403 from the certificate and client-service functions', async () => {
    const response = await login('vic@a.example').expect(200);
    const cookie = response.headers['set-cookie'][0];
    await request(app.getHttpServer()).get('/api/session').set('Cookie', cookie).expect(200);
    const denied = await request(app.getHttpServer()).get('/api/certificates').set('Cookie', cookie).expect(403);
    expect(denied.body.message).toMatch(/Only issuer operators/);
    await request(app.getHttpServer()).get('/api/client-services').set('Cookie', cookie).expect(403);
  });

  const cookieOf = async (email: string) => (await login(email).expect(200)).headers['set-cookie'][0].split(';')[0];
  const sessions = () => app.get<Db>(MONGO_DB).collection('sessions');
  // The services behind are unreachable: a live operator session gets past the guard to a 502.
  const guarded = (cookie: string) => request(app.getHttpServer()).get('/api/certificates').set('Cookie', cookie);

  const idOf = (cookie: string) =>
    createHash('sha256')
      .update(decodeURIComponent(cookie.split('=')[1]))
      .digest('hex');

  it('ends a session when idle too long and at its absolute end, extending it on use only up to that end', async () => {
    const idle = await cookieOf('ana@a.example');
    const ending = await cookieOf('ana@a.example');
    const created = (await sessions().findOne({ _id: idOf(ending) as never }))!;
    expect(created.endsAt.getTime() - created.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(created.expiresAt.getTime() - created.createdAt.getTime()).toBe(8 * 3_600_000);
    await sessions().updateOne({ _id: idOf(idle) as never }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await sessions().updateOne(
      { _id: idOf(ending) as never },
      { $set: { endsAt: new Date(Date.now() + 5 * 60_000), expiresAt: new Date(Date.now() + 1000) } },
    );
    await guarded(idle).expect(401);
    await guarded(ending).expect(502);
    const extended = (await sessions().findOne({ _id: idOf(ending) as never }))!;
    expect(extended.expiresAt.getTime()).toBe(extended.endsAt.getTime());
    await sessions().updateOne({ _id: idOf(ending) as never }, { $set: { endsAt: new Date(Date.now() - 1000) } });
    await guarded(ending).expect(401);
  });

  it('ends every session of an operator whose role changes or who is removed', async () => {
    const directory = app.get(OperatorDirectory);
    const operator = await directory.create({
      issuerId: 'issuer-a',
      issuerName: 'Issuer A',
      name: 'Rita',
      email: 'rita@a.example',
      role: 'issuer-operator',
      password,
    });
    const [one, two] = [await cookieOf('rita@a.example'), await cookieOf('rita@a.example')];
    await directory.change(operator._id, { name: 'Rita R.' });
    await guarded(one).expect(502);
    await directory.change(operator._id, { role: 'viewer' });
    for (const cookie of [one, two]) await guarded(cookie).expect(401);
    const again = await cookieOf('rita@a.example');
    await request(app.getHttpServer()).get('/api/session').set('Cookie', again).expect(200);
    await directory.remove(operator._id);
    await request(app.getHttpServer()).get('/api/session').set('Cookie', again).expect(401);
    expect(await sessions().countDocuments({ operatorId: operator._id })).toBe(0);
  });

  it('logs logins, failed logins and logouts with the operator id and client address, never the password', async () => {
    logLines.length = 0;
    const response = await login('ana@a.example').expect(200);
    await login('ana@a.example', 'a wrong password here').expect(401);
    await login('nobody-else@a.example', 'another wrong one').expect(401);
    await request(app.getHttpServer())
      .delete('/api/session')
      .set('Cookie', response.headers['set-cookie'][0])
      .set('X-CSRF-Token', response.body.csrfToken)
      .expect(204);
    const events = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.context === 'session');
    const ana = response.body.operator.id;
    expect(events).toEqual([
      expect.objectContaining({
        level: 'info',
        event: 'login',
        operatorId: ana,
        address: expect.stringMatching(/127\.0\.0\.1/),
      }),
      expect.objectContaining({ level: 'warn', event: 'login-failed', operatorId: ana, address: expect.any(String) }),
      expect.objectContaining({ level: 'warn', event: 'login-failed', operatorId: null, address: expect.any(String) }),
      expect.objectContaining({ level: 'info', event: 'logout', operatorId: ana, address: expect.any(String) }),
    ]);
    expect(logLines.join('\n')).not.toMatch(/wrong|a long enough password/);
  });

  it('names the cookie __Host- and makes it Secure when the gateway is served over HTTPS only', async () => {
    const secureDatabase = `${database}_https`;
    const secure = await startGateway(secureDatabase, 'production', []);
    try {
      await secure.get(OperatorDirectory).create({
        issuerId: 'issuer-s',
        issuerName: 'S',
        name: 'Sam',
        email: 'sam@s.example',
        role: 'issuer-operator',
        password,
      });
      const response = await request(secure.getHttpServer())
        .post('/api/session')
        .send({ email: 'sam@s.example', password })
        .expect(200);
      const cookie = response.headers['set-cookie'][0];
      expect(cookie).toMatch(/^__Host-signstash_session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
      await request(secure.getHttpServer()).get('/api/session').set('Cookie', cookie.split(';')[0]).expect(200);
      await request(secure.getHttpServer())
        .get('/api/session')
        .set('Cookie', cookie.split(';')[0].replace('__Host-', ''))
        .expect(401);
    } finally {
      await secure.close();
      const client = await MongoClient.connect(env.mongoUrl);
      await client.db(secureDatabase).dropDatabase();
      await client.close();
    }
  });

  it('throttles repeated failed logins for an e-mail', async () => {
    const email = 'nobody@a.example';
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) await login(email, 'wrong password!').expect(401);
    const throttled = await login(email, 'wrong password!').expect(429);
    expect(throttled.headers['retry-after']).toEqual(expect.any(String));
    expect(throttled.body.message).toMatch(/Too many failed sign-ins/);
  });
});
