import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { MongoClient } from 'mongodb';
import { applyHttpConventions, loadConfig } from '@signstash/platform';
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

describe('operator sessions (real FerretDB)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    await ensureTopics(createKafka({ clientId: 'session-test', brokers: env.kafkaBrokers }), [
      { topic: Topics.operators, numPartitions: 3, replicationFactor: 1 },
    ]);
    const config = loadConfig('backoffice-gateway', BackofficeGatewayConfig, {
      MONGO_URL: env.mongoUrl,
      MONGO_DB: database,
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      CERTIFICATE_SERVICE_URL: 'http://127.0.0.1:9',
      CLIENT_SERVICE_SERVICE_URL: 'http://127.0.0.1:9',
      NOTIFICATION_SERVICE_URL: 'http://127.0.0.1:9',
      NODE_ENV: 'development',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = applyHttpConventions(moduleRef.createNestApplication());
    await app.init();
    const directory = app.get(OperatorDirectory);
    await directory.create({ issuerId: 'issuer-a', issuerName: 'Issuer A', name: 'Ana', email: 'ana@a.example', role: 'issuer-operator', password });
    await directory.create({ issuerId: 'issuer-a', issuerName: 'Issuer A', name: 'Vic', email: 'vic@a.example', role: 'viewer', password });
  });

  afterAll(async () => {
    await app?.close();
    const client = await MongoClient.connect(env.mongoUrl);
    await client.db(database).dropDatabase();
    await client.close();
  });

  const login = (email: string, pass = password) => request(app.getHttpServer()).post('/api/session').send({ email, password: pass });

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
    expect(response.body.message).toBe('wrong e-mail or password');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('rejects unknown fields and malformed input with 400 naming the field', async () => {
    const response = await request(app.getHttpServer()).post('/api/session').send({ email: 'not-an-email', password, admin: true }).expect(400);
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
    await request(app.getHttpServer()).delete('/api/session').set('Cookie', cookie).set('X-CSRF-Token', 'forged-token-of-some-length').expect(403);
    await request(app.getHttpServer()).delete('/api/session').set('Cookie', cookie).set('X-CSRF-Token', response.body.csrfToken).expect(204);
    await request(app.getHttpServer()).get('/api/session').set('Cookie', cookie).expect(401);
  });

  it('a logged-in non-operator gets 403 from the certificate and client-service functions', async () => {
    const response = await login('vic@a.example').expect(200);
    const cookie = response.headers['set-cookie'][0];
    await request(app.getHttpServer()).get('/api/session').set('Cookie', cookie).expect(200);
    const denied = await request(app.getHttpServer()).get('/api/certificates').set('Cookie', cookie).expect(403);
    expect(denied.body.message).toMatch(/only issuer operators/);
    await request(app.getHttpServer()).get('/api/client-services').set('Cookie', cookie).expect(403);
  });

  it('throttles repeated failed logins for an e-mail', async () => {
    const email = 'nobody@a.example';
    for (let attempt = 0; attempt < MAX_FAILURES; attempt++) await login(email, 'wrong password!').expect(401);
    const throttled = await login(email, 'wrong password!').expect(429);
    expect(throttled.headers['retry-after']).toEqual(expect.any(String));
    expect(throttled.body.message).toMatch(/too many failed logins/);
  });
});
