import { EVENT_STORE, EventStore } from '@signstash/event-store';
import { createKafka, KafkaPublisher } from '@signstash/messaging';
import { MailpitClient, makeCertificatePem, testEnv, waitFor } from '@signstash/testing';
import { toCertificateEnvelope } from '../../services/certificate-service/src/certificates/relay/certificate-envelope.mapper';
import type { CertificateEvent } from '../../services/certificate-service/src/certificates/certificate.aggregate';
import { SignstashSystem, SystemOptions } from '../system/signstash-system';

const env = testEnv();
const mailpit = new MailpitClient(env.mailpitApiUrl);
const DAY = 24 * 60 * 60 * 1000;

/**
 * Issue 5's expiry flow through the public API: the access of one certificate expires; exactly the
 * ACTIVE client services using it are suspended, its issuer's operators are mailed, activation is
 * refused until the renewal, and one action reactivates them. Redelivered events change nothing.
 * One *.e2e.spec.ts per event store of the event-sourced services runs it.
 */
export const certificateExpiryStory = (eventStore: NonNullable<SystemOptions['eventStore']>) =>
  describe(`certificate access expiry, end to end (four services, real engines, ${eventStore} event store)`, () => {
    // Generous: on a loaded 2-core machine FerretDB writes (inbox, read models, outbox) slow every hop.
    jest.setTimeout(240_000);
    let system: SignstashSystem;
    let pem: string;

    beforeAll(async () => {
      pem = await makeCertificatePem({ commonName: 'Expiry E2E' });
      system = await SignstashSystem.start({ expiryIntervalSeconds: 1, eventStore });
    });
    afterAll(async () => system?.stop());

    it('suspends exactly the right client services, mails the operators once, and reactivates after renewal', async () => {
      const ana = await system.newOperator();
      const colleague = await system.createOperator(ana.issuerId);
      const other = await system.newOperator();
      const register = async (session: typeof ana.session, alias: string, expiresInMs: number) =>
        session.post('/api/certificates', {
          alias,
          pem: await makeCertificatePem({ commonName: alias }),
          access: {
            provider: 'Multicert',
            credentialId: `cred-${alias}`,
            expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
          },
        });

      const expiring = await register(ana.session, 'Expiring', 9000);
      const lasting = await register(ana.session, 'Lasting', 90 * DAY);
      const othersExpiring = await register(other.session, 'Other issuer', 9000);
      expect([expiring.status, lasting.status, othersExpiring.status]).toEqual([201, 201, 201]);

      const registerService = (session: typeof ana.session, name: string, certificateId: string) =>
        waitFor(
          async () => {
            const response = await session.post('/api/client-services', { name, certificateId });
            return response.status === 201 ? response.body : undefined;
          },
          10_000,
          100,
        );
      const billing = await registerService(ana.session, 'Billing', expiring.body.id);
      const retired = await registerService(ana.session, 'Retired', expiring.body.id);
      const payroll = await registerService(ana.session, 'Payroll', lasting.body.id);
      const foreign = await registerService(other.session, 'Foreign', othersExpiring.body.id);
      expect(
        await ana.session.put(`/api/client-services/${retired.id}/status`, { status: 'INACTIVE', reason: 'retired' }),
      ).toMatchObject({ status: 200 });

      const statusOf = async (session: typeof ana.session, id: string) =>
        (await session.get(`/api/client-services/${id}`)).body;
      const suspended = await waitFor(
        async () => {
          const service = await statusOf(ana.session, billing.id);
          return service.status === 'SUSPENDED' ? service : undefined;
        },
        20_000,
        200,
      );
      expect(suspended).toMatchObject({ statusReason: 'certificate access expired', suspendedByExpiry: true });
      expect((await statusOf(ana.session, retired.id)).status).toBe('INACTIVE');
      expect((await statusOf(ana.session, payroll.id)).status).toBe('ACTIVE');
      // The other issuer's certificate expired too: its own service is suspended, ours untouched by its expiry.
      await waitFor(
        async () => ((await statusOf(other.session, foreign.id)).status === 'SUSPENDED' ? true : undefined),
        20_000,
        200,
      );
      expect((await other.session.get(`/api/client-services/${billing.id}`)).status).toBe(404);

      for (const email of [ana.email, colleague.email]) {
        const [warning] = await mailpit
          .waitForMessages(`to:"${email}" subject:"Expiring"`, 2, 90_000)
          .then((m) => m.filter((x) => x.Subject.includes('expires in')));
        // Warned at registration, 9 s before the expiry: the time left as it is, not rounded up to a day.
        expect(warning.Subject).toBe('CA access of certificate "Expiring" expires in less than a minute');
        const [expired] = await mailpit.waitForMessages(`to:"${email}" subject:"expired"`, 1, 20_000);
        expect(expired.Text).toContain('  - Billing');
        expect(expired.Text).not.toContain('Retired');
      }
      expect(await mailpit.search(`to:"${other.email}" subject:"Expiring"`)).toHaveLength(0);

      const refused = await ana.session.put(`/api/client-services/${billing.id}/status`, { status: 'ACTIVE' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/the CA access of its certificate expired. Renew the access first/);

      const detail = await ana.session.get(`/api/certificates/${expiring.body.id}`);
      expect(detail.body.access.state).toBe('expired');
      const renewed = await ana.session.post(
        `/api/certificates/${expiring.body.id}/access/renewals`,
        { expiresAt: new Date(Date.now() + 60 * DAY).toISOString() },
        { 'If-Match': detail.etag! },
      );
      expect(renewed.status).toBe(200);
      expect((await ana.session.get(`/api/certificates/${expiring.body.id}`)).body.access).toMatchObject({
        state: 'granted',
        daysLeft: 60,
      });

      const reactivation = await waitFor(
        async () => {
          const response = await ana.session.post(
            `/api/certificates/${expiring.body.id}/client-services/reactivations`,
          );
          return response.status === 200 && response.body.reactivated === 1 ? response.body : undefined;
        },
        10_000,
        200,
      );
      expect(reactivation.refused).toEqual([]);
      expect((await statusOf(ana.session, billing.id)).status).toBe('ACTIVE');
      expect((await statusOf(ana.session, retired.id)).status).toBe('INACTIVE');

      const certificateMails = await ana.session.get(`/api/certificates/${expiring.body.id}/notifications`);
      expect(certificateMails.body.items.filter((n: { status: string }) => n.status === 'sent')).toHaveLength(4);
    });

    it('absorbs redelivered certificate events: one suspension, one mail per recipient', async () => {
      const ana = await system.newOperator();
      const expiring = await ana.session.post('/api/certificates', {
        alias: 'Redelivered',
        pem,
        access: { provider: 'Multicert', credentialId: 'c', expiresAt: new Date(Date.now() + 6000).toISOString() },
      });
      const service = await waitFor(
        async () => {
          const response = await ana.session.post('/api/client-services', {
            name: 'Redelivered service',
            certificateId: expiring.body.id,
          });
          return response.status === 201 ? response.body : undefined;
        },
        10_000,
        100,
      );
      await waitFor(
        async () =>
          (await ana.session.get(`/api/client-services/${service.id}`)).body.status === 'SUSPENDED' ? true : undefined,
        20_000,
        200,
      );
      await mailpit.waitForMessages(`to:"${ana.email}" subject:"Redelivered" subject:"expired"`, 1, 90_000);
      // The warning mail depends on the scheduler seeing the access before it expires (seconds here);
      // what matters below is that redelivery adds none.
      const mailsBefore = (await mailpit.search(`to:"${ana.email}" subject:"Redelivered"`)).length;

      const certificateEvents = await system.apps.certificates
        .get<EventStore>(EVENT_STORE)
        .readStream<CertificateEvent>(`certificate-${expiring.body.id}`);
      const publisher = new KafkaPublisher(createKafka({ clientId: 'redelivery', brokers: env.kafkaBrokers }));
      await publisher.publish(
        system.topics.certificates,
        certificateEvents.map((event) => toCertificateEnvelope(event)),
      );
      await publisher.publish(
        system.topics.certificates,
        certificateEvents.map((event) => toCertificateEnvelope(event)),
      );
      await publisher.close();
      await new Promise((resolve) => setTimeout(resolve, 4000));

      const clientServiceEvents = await system.apps.clientServices
        .get<EventStore>(EVENT_STORE)
        .readStream(`clientservice-${service.id}`);
      expect(clientServiceEvents.map((e) => e.type)).toEqual(['ClientServiceRegistered', 'ClientServiceSuspended']);
      expect(await mailpit.search(`to:"${ana.email}" subject:"Redelivered"`)).toHaveLength(mailsBefore);
    });
  });
