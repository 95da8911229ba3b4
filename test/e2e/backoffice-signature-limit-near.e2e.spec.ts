import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signatureReportEnvelope } from '@signstash/contracts';
import { createKafka, KafkaPublisher } from '@signstash/messaging';
import { GatewaySession, makeCertificatePem, saveScreenshot, testEnv, waitFor } from '@signstash/testing';
import {
  BackofficeBrowser,
  dayFromToday,
  detailItems,
  seedCertificate,
  type Account,
} from '../system/backoffice-browser';
import { expectAccessible } from '../system/accessibility';

/**
 * Issue 20: past 90 % of the signature limit the CA access card says the limit is near (beside the
 * access badge, which still reads "Granted" by its date), as the usage warning mail did; a
 * certificate with few signatures shows the plain badge only.
 */
describe('backoffice: a CA access near its signature limit (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account;
  let session: GatewaySession;
  let issuerId: string;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start();
    ({ session, issuerId, ...operator } = await backoffice.system.newOperator());
    publisher = new KafkaPublisher(createKafka({ clientId: 'signing-side-e2e', brokers: testEnv().kafkaBrokers }));
  });
  afterAll(async () => {
    await publisher?.close();
    await backoffice?.stop();
  });

  /** A report of the signing side, as it publishes them, for the certificate's current grant. */
  const report = async (certificateId: string, signatures: number) => {
    const { access } = (await session.get(`/api/certificates/${certificateId}`)).body;
    const now = new Date().toISOString();
    const envelope = signatureReportEnvelope({
      reportId: randomUUID(),
      sequence: 0,
      certificateId,
      issuerId,
      grantedAt: access.grantedAt,
      signatures,
      firstAt: now,
      lastAt: now,
    });
    await publisher.publish(backoffice.system.topics.signatures, [envelope]);
  };

  const access = (page: Page) => page.getByRole('region', { name: 'Certificate Authority Access' });

  it('says the signature limit is near past 90 %, and not below it', async () => {
    const expiresAt = `${dayFromToday(50)}T00:00:00.000Z`;
    const busy = await seedCertificate(session, await makeCertificatePem(), { alias: 'Busy signer', expiresAt });
    const quiet = await seedCertificate(session, await makeCertificatePem(), { alias: 'Quiet signer', expiresAt });
    await report(busy, 950_000_000);
    await report(quiet, 10_000_000);
    await waitFor(async () => {
      const [busyAccess, quietAccess] = await Promise.all(
        [busy, quiet].map(async (id) => (await session.get(`/api/certificates/${id}`)).body.access),
      );
      return busyAccess.usageWarnedAt && quietAccess.signatures.used === 10_000_000 ? true : undefined;
    }, 30_000);

    const page = await backoffice.newPage();
    await backoffice.signIn(page, operator);
    await page.goto(`/certificates/${busy}`);
    await page.getByRole('heading', { level: 1, name: 'Certificate Busy signer' }).waitFor();
    const items = await detailItems(access(page));
    expect(items['CA access']).toBe(
      'Granted Signature limit near' +
        'The access is about to reach its signature limit: renew it before then, or the client services using this certificate will be suspended.',
    );
    expect(items['Signatures used']).toMatch(/^950,000,000 of 1,000,000,000 \(95 %\)/);
    await expect(page.locator('.title-badges').innerText()).resolves.toMatch(/Signature limit near/);
    await expectAccessible(page);
    await saveScreenshot(page, 'certificate-signature-limit-near');

    await page.goto(`/certificates/${quiet}`);
    await page.getByRole('heading', { level: 1, name: 'Certificate Quiet signer' }).waitFor();
    expect((await detailItems(access(page)))['CA access']).toBe('Granted');
    expect(await page.getByText('Signature limit near').count()).toBe(0);
  });
});
