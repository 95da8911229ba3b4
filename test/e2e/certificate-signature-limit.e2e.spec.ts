import { randomUUID } from 'node:crypto';
import { signatureReportEnvelope } from '@signstash/contracts';
import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { createKafka, KafkaPublisher } from '@signstash/messaging';
import { MailpitClient, makeCertificatePem, testEnv, waitFor } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';

const env = testEnv();
const mailpit = new MailpitClient(env.mailpitApiUrl);
const DAY = 24 * 60 * 60 * 1000;
const MILLION = 1_000_000;

/**
 * Issue 20's signature limit through the four services: the signing side's reports past 90 % mail
 * the issuer's operators once that day; the report that reaches the limit expires the access
 * (reason signatures) and suspends its client services within 2 s; a renewal starts the count at 0
 * and the suspended services come back in one action.
 */
describe('the signature limit, end to end (four services, real engines)', () => {
  jest.setTimeout(240_000);
  let system: SignstashSystem;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    system = await SignstashSystem.start();
    publisher = new KafkaPublisher(createKafka({ clientId: 'signing-side-e2e', brokers: env.kafkaBrokers }));
  });
  afterAll(async () => {
    await publisher?.close();
    await system?.stop();
  });

  it('warns past 90 % once a day, expires at the limit with client services suspended within 2 s, and counts again from 0 after the renewal', async () => {
    const ana = await system.newOperator();
    const colleague = await system.createOperator(ana.issuerId);
    const created = await ana.session.post('/api/certificates', {
      alias: 'Busy signer',
      pem: await makeCertificatePem({ commonName: 'Busy signer' }),
      access: {
        provider: 'Local test CA',
        credentialId: 'cred-busy',
        expiresAt: new Date(Date.now() + 60 * DAY).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const billing = await waitFor(
      async () => {
        const response = await ana.session.post('/api/client-services', { name: 'Billing', certificateId: id });
        return response.status === 201 ? response.body : undefined;
      },
      10_000,
      100,
    );
    const detail = async () => (await ana.session.get(`/api/certificates/${id}`)).body;
    const grant1 = (await detail()).access.grantedAt as string;

    let sequence = 0;
    const report = (grantedAt: string, signatures: number) => {
      const now = new Date().toISOString();
      const envelope = signatureReportEnvelope({
        reportId: randomUUID(),
        sequence: sequence++,
        certificateId: id,
        issuerId: ana.issuerId,
        grantedAt,
        signatures,
        firstAt: now,
        lastAt: now,
      });
      return publisher.publish(system.topics.signatures, [envelope]);
    };

    await report(grant1, 950 * MILLION);
    for (const email of [ana.email, colleague.email]) {
      const [warning] = await mailpit.waitForMessages(`to:"${email}" subject:"Busy signer"`, 1, 60_000);
      expect(warning.Subject).toBe('CA access of certificate "Busy signer": 95 % of its signatures used');
    }
    // More signatures the same day: no second warning.
    await report(grant1, 10 * MILLION);
    await waitFor(async () => ((await detail()).access.signatures.used === 960 * MILLION ? true : undefined), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await mailpit.search(`to:"${ana.email}" subject:"Busy signer"`)).toHaveLength(1);
    const card = await detail();
    expect(card.access.signatures).toMatchObject({ used: 960 * MILLION, limit: 1000 * MILLION, share: 0.96 });

    // The report that reaches the limit.
    const reportedAt = Date.now();
    await report(grant1, 40 * MILLION);
    const clientServiceEvents = system.apps.clientServices.get<EventStore>(EVENT_STORE);
    const suspended = await waitFor(
      async () =>
        (await clientServiceEvents.readStream(`clientservice-${billing.id}`)).find(
          (event) => event.type === 'ClientServiceSuspended',
        ),
      30_000,
      50,
    );
    expect(suspended.recordedAt.getTime() - reportedAt).toBeLessThan(2000);
    const expired = (await system.apps.certificates.get<EventStore>(EVENT_STORE).readStream(`certificate-${id}`)).find(
      (event) => event.type === 'AccessExpired',
    );
    expect(expired?.data).toMatchObject({ reason: 'signatures', signatures: 1000 * MILLION });
    const [expiryMail] = await mailpit.waitForMessages(`to:"${ana.email}" subject:"Busy signer" subject:"expired"`, 1);
    expect(expiryMail.Text).toContain('the limit of 1,000,000,000 signatures since the last grant was reached');
    const blocked = await waitFor(async () => {
      const body = await detail();
      return body.access.state === 'expired' ? body : undefined;
    }, 10_000);
    expect(blocked.access.expiryReason).toBe('signatures');

    // Renewed: the count starts again; a late report of the old grant does not touch it; one action reactivates.
    const renewed = await ana.session.post(
      `/api/certificates/${id}/access/renewals`,
      { expiresAt: new Date(Date.now() + 60 * DAY).toISOString() },
      { 'If-Match': (await ana.session.get(`/api/certificates/${id}`)).etag! },
    );
    expect(renewed.status).toBe(200);
    await report(grant1, 5 * MILLION);
    const fresh = await waitFor(async () => {
      const body = await detail();
      return body.access.state === 'granted' ? body : undefined;
    }, 10_000);
    expect(fresh.access.signatures).toMatchObject({ used: 0, share: 0 });
    const reactivation = await waitFor(
      async () => {
        const response = await ana.session.post(`/api/certificates/${id}/client-services/reactivations`);
        return response.status === 200 && response.body.reactivated === 1 ? response.body : undefined;
      },
      10_000,
      200,
    );
    expect(reactivation.refused).toEqual([]);
    expect((await ana.session.get(`/api/client-services/${billing.id}`)).body.status).toBe('ACTIVE');
  });
});
