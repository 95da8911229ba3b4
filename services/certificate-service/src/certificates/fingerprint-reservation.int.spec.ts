import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EVENT_STORE, EventStore, ExpectedRevision } from '@signstash/event-store';
import { createTestDatabase, makeCertificatePem, TestDatabase, uniqueName, waitFor } from '@signstash/testing';
import { CertificateServiceTestbed } from '../testing/certificate-service.fixture';
import { certificateDecider } from './certificate.decider';
import { certificateStreamId } from './certificate.stream';
import { fingerprintStreamId } from './fingerprint-reservation.decider';
import { parseCertificatePem } from './register-certificate/certificate-pem.parser';

const DAY = 24 * 60 * 60 * 1000;

/** The same PEM twice for one issuer, on each event store a replica can share: two instances of the service, one store. */
describe.each(['sqlite', 'postgres'] as const)(
  'duplicate PEM refusal (real %s event store, FerretDB, Kafka)',
  (kind) => {
    const testbed = new CertificateServiceTestbed(`fingerprint_${kind}`);
    let database: TestDatabase | undefined;
    let replicas: INestApplication[] = [];
    const issuer = uniqueName('issuer');

    const register = (alias: string, pem: string, issuerId = issuer, replica = replicas[0]) =>
      request(replica.getHttpServer())
        .post(`/issuers/${issuerId}/certificates`)
        .set('X-Operator-Id', `operator-of-${issuerId}`)
        .send({
          alias,
          pem,
          access: {
            provider: 'Multicert',
            credentialId: `cred-${alias}`,
            expiresAt: new Date(Date.now() + 90 * DAY).toISOString(),
          },
        });

    beforeAll(async () => {
      await testbed.createTopics(3);
      database = kind === 'postgres' ? await createTestDatabase('fingerprint') : undefined;
      const env = database ? { EVENT_STORE: 'postgres', POSTGRES_URL: database.url } : undefined;
      replicas = [await testbed.start({ env }), await testbed.start({ env })];
    });
    afterAll(async () => {
      for (const replica of replicas) await replica.close();
      await testbed.dispose();
      await database?.drop();
    });

    it('refuses a PEM already registered for the issuer with 409 naming the alias holding it; another issuer may hold it too', async () => {
      const pem = await makeCertificatePem({ commonName: 'Held once' });
      const first = await register('Holder', pem).expect(201);
      const again = await register('Copy', pem).expect(409);
      expect(again.body.fields).toEqual([
        { field: 'pem', reason: 'this certificate (PEM) is already registered as "Holder"' },
      ]);
      // The refused registration left its alias free.
      await register('Copy', await makeCertificatePem({ commonName: 'Another' })).expect(201);

      await request(replicas[1].getHttpServer())
        .patch(`/issuers/${issuer}/certificates/${first.body.id}/details`)
        .set('X-Operator-Id', `operator-of-${issuer}`)
        .send({ alias: 'Holder renamed' })
        .expect(200);
      const renamed = await register('Copy 2', pem, issuer, replicas[1]).expect(409);
      expect(renamed.body.message).toBe('this certificate (PEM) is already registered as "Holder renamed"');

      const otherIssuer = uniqueName('issuer');
      const other = await register('Holder', pem, otherIssuer).expect(201);
      // The other issuer's own copy is refused naming its own alias only.
      const otherAgain = await register('Other copy', pem, otherIssuer).expect(409);
      expect(otherAgain.body.message).toBe('this certificate (PEM) is already registered as "Holder"');
      expect(other.body.id).not.toBe(first.body.id);
    });

    it('gives the PEM back when the alias is refused (both are claimed at once), and the alias 409 answers', async () => {
      await register('Taken alias', await makeCertificatePem({ commonName: 'First holder' })).expect(201);
      const pem = await makeCertificatePem({ commonName: 'Claimed and given back' });
      const refused = await register('TAKEN ALIAS', pem).expect(409);
      expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'alias' })]);
      const { fingerprintSha256 } = parseCertificatePem(pem);
      const claims = await replicas[0]
        .get<EventStore>(EVENT_STORE)
        .readStream(fingerprintStreamId(issuer, fingerprintSha256));
      expect(claims.map((e) => e.type)).toEqual(['FingerprintReserved', 'FingerprintReleased']);

      await register('Free alias', pem).expect(201);
    });

    it('lets exactly one of concurrent registrations of the same PEM win, on either replica', async () => {
      const pem = await makeCertificatePem({ commonName: 'Raced' });
      const attempts = Array.from({ length: 8 }, (_, i) => register(`Racer ${i}`, pem, issuer, replicas[i % 2]));
      const results = await Promise.all(attempts);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      const winner = results.findIndex((r) => r.status === 201);
      for (const loser of results.filter((r) => r.status === 409)) {
        expect(loser.body.fields).toEqual([
          { field: 'pem', reason: `this certificate (PEM) is already registered as "Racer ${winner}"` },
        ]);
      }
      // The losers' aliases were given back.
      await register(`Racer ${(winner + 1) % 8}`, await makeCertificatePem()).expect(201);
    });

    it("covers the certificates registered before fingerprints were reserved, at the issuer's first registration", async () => {
      // An issuer this process has not registered for yet: older certificates are covered at its first registration.
      const issuer = uniqueName('issuer');
      const store = replicas[0].get<EventStore>(EVENT_STORE);
      // As the service appended registrations before this change: the certificate stream only.
      const appendOlder = async (alias: string, pem: string) => {
        const certificateId = randomUUID();
        const [registered] = certificateDecider.decide(
          {
            type: 'RegisterCertificate',
            data: {
              certificateId,
              issuerId: issuer,
              alias,
              description: '',
              certificate: parseCertificatePem(pem),
              access: {
                kind: 'manual',
                caName: 'Multicert',
                credentialId: 'old',
                grantedAt: new Date(Date.now() - DAY).toISOString(),
                expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
              },
              by: 'operator',
              at: new Date(),
            },
          },
          certificateDecider.initialState(),
        );
        await store.appendToStream(
          certificateStreamId(certificateId),
          [{ eventId: randomUUID(), ...registered }],
          ExpectedRevision.noStream,
        );
        return certificateId;
      };
      const claimsOn = async (pem: string) =>
        (await store.readStream(fingerprintStreamId(issuer, parseCertificatePem(pem).fingerprintSha256))).map((e) => [
          e.type,
          (e.data as { certificateId: string }).certificateId,
        ]);
      const [pem, otherPem] = [
        await makeCertificatePem({ commonName: 'Registered long ago' }),
        await makeCertificatePem({ commonName: 'Another old one' }),
      ];
      const oldTimer = await appendOlder('Old timer', pem);
      // Before the rule, the same PEM could be registered twice: the first holds it, the second is let be.
      const twin = await appendOlder('Old twin', pem);
      const other = await appendOlder('Old other', otherPem);
      expect(await claimsOn(pem)).toEqual([]);
      await waitFor(async () =>
        (
          await request(replicas[0].getHttpServer())
            .get(`/issuers/${issuer}/certificates/${other}`)
            .set('X-Operator-Id', 'operator')
        ).status === 200
          ? true
          : undefined,
      );

      const refused = await register('New timer', pem, issuer).expect(409);
      // The old certificates now hold their reservations (of the twins, the one the read model gave first):
      // the event store alone decides from here on.
      const [[type, holder], ...more] = await claimsOn(pem);
      expect([type, more]).toEqual(['FingerprintReserved', []]);
      expect([oldTimer, twin]).toContain(holder);
      const holderAlias = holder === oldTimer ? 'Old timer' : 'Old twin';
      expect(refused.body.message).toBe(`this certificate (PEM) is already registered as "${holderAlias}"`);
      expect(await claimsOn(otherPem)).toEqual([['FingerprintReserved', other]]);
      await register('New other', otherPem, issuer).expect(409);
    });
  },
);
