import { connectMongo } from '@signstash/platform';
import { testEnv, waitFor } from '@signstash/testing';
import { DEMO, seedDemo } from '../../scripts/run/dev-seed';
import { OPERATORS_COLLECTION } from '../../services/backoffice-gateway/src/operators/operator.document';
import { SignstashSystem } from '../system/signstash-system';

/** `npm start`'s demo data, against the four services on the real engines. */
describe('demo seed of npm start (real engines)', () => {
  let system: SignstashSystem;
  const gatewayDatabase = () => `${system.run}_gw`;

  beforeAll(async () => {
    system = await SignstashSystem.start();
  });

  afterAll(async () => {
    await system?.stop();
  });

  const aliases = async () => {
    const session = await system.login(DEMO.email, DEMO.password);
    const response = await session.get('/api/certificates?pageSize=100');
    return (response.body as { items: Array<{ alias: string }> }).items.map((item) => item.alias).sort();
  };

  it('seeds once, and after the operator accounts were lost (the certificates kept) seeds them again without failing', async () => {
    const signing = { brokers: testEnv().kafkaBrokers, topic: system.topics.signatures };
    expect(await seedDemo(testEnv().mongoUrl, system.gatewayUrl, gatewayDatabase(), signing)).toBe('seeded');
    const seeded = await aliases();
    expect(seeded).toHaveLength(26);
    // The demo's signing side reported usage: the invoices certificate is past 90 % of its signatures.
    const session = await system.login(DEMO.email, DEMO.password);
    const invoices = (await session.get('/api/certificates?pageSize=100')).body.items.find(
      (item: { alias: string }) => item.alias === 'Invoices signature',
    );
    const signatures = await waitFor(
      async () => {
        const { body } = await session.get(`/api/certificates/${invoices.id}`);
        return body.access.signatures.used === 930_000_000 ? body.access.signatures : undefined;
      },
      30_000,
      250,
    );
    expect(signatures).toMatchObject({ limit: 1_000_000_000, share: 0.93 });
    expect(await seedDemo(testEnv().mongoUrl, system.gatewayUrl, gatewayDatabase())).toBe('already');

    const { client, db } = await connectMongo({ url: testEnv().mongoUrl, database: gatewayDatabase() });
    await db.collection(OPERATORS_COLLECTION).deleteMany({});
    await client.close();

    expect(await seedDemo(testEnv().mongoUrl, system.gatewayUrl, gatewayDatabase())).toBe('seeded');
    expect(await aliases()).toEqual(seeded);
  }, 120_000);
});
