import { makeCertificatePem } from '@signstash/testing';
import { SignstashSystem } from '../system/signstash-system';

const PAIRS = 200;
const CONCURRENCY = 8;
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

/**
 * Issue 23 item 2: a client service registered right after its certificate is accepted whatever the
 * lag of the client-service service's certificate view (fed by Kafka): the gateway passes the
 * certificate's revision at its owner and that service waits for its view to reach it. Eight
 * operators' scripts run side by side, while another keeps renaming certificates (more Kafka traffic,
 * more work for the view) and a third reads the lists.
 */
describe('read-your-writes across services (four services, real Kafka)', () => {
  let system: SignstashSystem;

  beforeAll(async () => {
    system = await SignstashSystem.start();
  });
  afterAll(async () => system?.stop());

  it(`registers a certificate and its client service back to back ${PAIRS} times under load: ${PAIRS} × 201`, async () => {
    const { session } = await system.newOperator();
    const pems = await Promise.all(Array.from({ length: PAIRS }, () => makeCertificatePem()));
    const statuses: number[] = [];
    const refusals: string[] = [];
    let done = false;

    const registerPairs = async (worker: number) => {
      for (let index = worker; index < PAIRS; index += CONCURRENCY) {
        const certificate = await session.post('/api/certificates', {
          alias: `Back to back ${index}`,
          pem: pems[index],
          access: { provider: 'Multicert', credentialId: `cred-${index}`, expiresAt: inDays(90) },
        });
        expect(certificate.status).toBe(201);
        const service = await session.post('/api/client-services', {
          name: `Service ${index}`,
          certificateId: certificate.body.id,
        });
        statuses.push(service.status);
        if (service.status !== 201) refusals.push(`${service.status} ${JSON.stringify(service.body)}`);
      }
    };
    const renameAll = async () => {
      for (let round = 0; !done; round++) {
        const page = await session.get('/api/certificates?pageSize=20&sort=registeredAt&order=desc');
        for (const row of (page.body.items ?? []) as Array<{ id: string }>) {
          if (done) return;
          await session.patch(`/api/certificates/${row.id}/details`, { description: `round ${round}` });
        }
      }
    };
    const readLists = async () => {
      while (!done) await session.get('/api/client-services?pageSize=50');
    };

    const load = Promise.all([renameAll(), readLists()]);
    const started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, worker) => registerPairs(worker))).finally(() => {
      done = true;
    });
    await load;
    process.stdout.write(
      `${PAIRS} back-to-back registrations (${CONCURRENCY} at a time, under load) in ${Date.now() - started} ms: ` +
        `${statuses.filter((status) => status === 201).length} × 201\n`,
    );
    expect(refusals).toEqual([]);
    expect(statuses).toEqual(Array(PAIRS).fill(201));
  }, 300_000);
});
