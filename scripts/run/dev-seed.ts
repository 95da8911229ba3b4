import 'reflect-metadata';
import { connectMongo } from '@signstash/platform';
import { GatewaySession, makeCertificatePem, waitFor } from '@signstash/testing';
import { publishDemoSignatures } from './demo-signatures';
import {
  OperatorDirectory,
  OperatorDirectoryError,
} from '../../services/backoffice-gateway/src/operators/operator-directory.service';

export const DEMO = {
  issuerId: 'demo-issuer',
  issuerName: 'Demo Issuer, Lda',
  name: 'Dana Demo',
  email: 'operator@demo-issuer.example',
  password: 'signstash-demo',
};

const DAY = 24 * 60 * 60 * 1000;

/**
 * Development data for `npm start`: a demo issuer with an operator, a second operator (so expiry
 * mails have two recipients), and sample certificates in every access state with client services.
 * Runs once per run folder: an existing demo operator means it was seeded before. A sample whose
 * alias is taken is left as it is: the certificates outlive the operator accounts when only the
 * MongoDB data was reset (the event stores keep them), or when a first seeding was interrupted.
 */
export async function seedDemo(
  mongoUrl: string,
  gatewayUrl: string,
  gatewayDatabase = 'backoffice_gateway',
  /** Where the demo's signing side reports the signatures applied (`signstash.signatures.v1`); none: no usage. */
  signing?: { brokers: string[]; topic: string },
): Promise<'seeded' | 'already'> {
  const { client, db } = await connectMongo({ url: mongoUrl, database: gatewayDatabase });
  try {
    const directory = new OperatorDirectory(db);
    await directory.onModuleInit();
    try {
      await directory.create({ ...DEMO, role: 'issuer-operator' });
    } catch (error) {
      if (error instanceof OperatorDirectoryError && error.kind === 'conflict') return 'already';
      throw error;
    }
    await directory.create({
      issuerId: DEMO.issuerId,
      issuerName: DEMO.issuerName,
      name: 'Rui Second',
      email: 'second@demo-issuer.example',
      role: 'issuer-operator',
      password: DEMO.password,
    });
  } finally {
    await client.close();
  }

  const session = await GatewaySession.login(gatewayUrl, DEMO.email, DEMO.password);
  // Registered oldest first, so the newest-first table opens on the interesting ones.
  const samples = [
    ...Array.from({ length: 22 }, (_, i) => ({
      alias: `Branch office ${String(i + 1).padStart(2, '0')}`,
      description: 'Regional office',
      days: 30 + i * 11,
      services: [] as string[],
    })),
    {
      alias: 'Invoices signature',
      description: 'Signs the monthly invoices',
      days: 180,
      services: ['Invoicing API', 'Billing portal'],
    },
    { alias: 'HR contracts', description: 'Employment contracts', days: 25, services: ['HR portal'] },
    { alias: 'Board minutes', description: 'Board of directors minutes', days: 6, services: [] },
    {
      alias: 'Procurement',
      description: 'Purchase orders; its CA access expires two minutes after the first start',
      days: 2 / (24 * 60),
      services: ['Procurement API'],
    },
  ];
  const registered: Array<{ id: string; alias: string }> = [];
  for (const [index, sample] of samples.entries()) {
    const pem = await makeCertificatePem({ commonName: sample.alias, validTo: new Date(Date.now() + 2 * 365 * DAY) });
    const grantedAt = new Date(Date.now() - (index + 1) * 3 * DAY).toISOString();
    const created = await session.post('/api/certificates', {
      alias: sample.alias,
      description: sample.description,
      pem,
      access: {
        provider: index % 2 ? 'Multicert' : 'DigitalSign',
        credentialId: `cred-${1000 + index}`,
        grantedAt,
        expiresAt: new Date(Date.now() + sample.days * DAY).toISOString(),
      },
    });
    if (created.status === 409) continue;
    if (created.status !== 201)
      throw new Error(`seeding ${sample.alias}: ${created.status} ${JSON.stringify(created.body)}`);
    registered.push({ id: created.body.id, alias: sample.alias });
    for (const name of sample.services) {
      await waitFor(
        async () =>
          (await session.post('/api/client-services', { name, certificateId: created.body.id })).status === 201
            ? true
            : undefined,
        15_000,
        200,
      );
    }
  }
  if (signing) await publishDemoSignatures(session, DEMO.issuerId, signing, registered);
  return 'seeded';
}
