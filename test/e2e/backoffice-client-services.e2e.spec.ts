import type { Page } from 'playwright-core';
import { eventually, GatewaySession, makeCertificatePem, saveScreenshot, waitFor } from '@signstash/testing';
import {
  BackofficeBrowser,
  dayFromToday,
  detailItems,
  rowTexts,
  seedCertificate,
  seedClientService,
  type Account,
} from '../system/backoffice-browser';
import { expectAccessible } from '../system/accessibility';

/**
 * Client services after an expiry, in chromium: the CA access of two certificates expires a few
 * seconds after registration, which suspends their client services. Activating one while the access
 * is expired is refused with the reason; renewing the other offers to reactivate its services.
 */
describe('backoffice: client services and reactivation after an expiry (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account;
  let session: GatewaySession;
  const ids = { renewed: '', billing: '' };

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 1 });
    ({ session, ...operator } = await backoffice.system.newOperator());
    const expiresAt = new Date(Date.now() + 6000).toISOString();
    const register = async (alias: string) =>
      seedCertificate(session, await makeCertificatePem(), { alias, expiresAt });
    ids.renewed = await register('Renewed soon');
    const lapsed = await register('Left to lapse');
    ids.billing = await seedClientService(session, 'Billing', ids.renewed);
    const archive = await seedClientService(session, 'Archive feed', lapsed);
    for (const id of [ids.billing, archive]) {
      await waitFor(
        async () => ((await session.get(`/api/client-services/${id}`)).body.status === 'SUSPENDED' ? true : undefined),
        30_000,
        250,
      );
    }
  });
  afterAll(async () => backoffice?.stop());

  const services = (page: Page, caption: string) => page.getByRole('table', { name: caption, exact: true });
  const statusOf = async (page: Page, caption: string, name: string) =>
    (await rowTexts(services(page, caption))).find((cells) => cells[0] === name);

  it('lists the suspended client services and refuses to activate one while its access is expired', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Client services' }).click();
    await page.getByRole('heading', { level: 1, name: 'Client services' }).waitFor();
    await eventually(async () =>
      expect(await statusOf(page, 'Client services', 'Archive feed')).toEqual([
        'Archive feed',
        'Left to lapse',
        'Suspended',
        'The CA access of its certificate expired',
        'Change status',
      ]),
    );
    await page.getByLabel('Status', { exact: true }).selectOption('SUSPENDED');
    await eventually(async () =>
      expect((await rowTexts(services(page, 'Client services'))).map(([name]) => name).sort()).toEqual([
        'Archive feed',
        'Billing',
      ]),
    );
    await saveScreenshot(page, 'client-services');
    await expectAccessible(page, 'the client services list');

    await page.getByRole('button', { name: 'Change status of Archive feed' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change status of Archive feed' });
    expect(await dialog.getByLabel('New status').inputValue()).toBe('ACTIVE');
    await expectAccessible(page, 'the change status dialog');
    await dialog.getByRole('button', { name: 'Save status' }).click();
    const refusal = dialog.getByRole('alert');
    await refusal.getByText('The status change was refused.').waitFor();
    expect(await refusal.textContent()).toMatch(
      /This client service cannot be activated: the CA access of its certificate expired\. Renew the access first\./,
    );
    await expectAccessible(page, 'the change status dialog with a refusal');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await statusOf(page, 'Client services', 'Archive feed')).toEqual(expect.arrayContaining(['Suspended']));
  });

  it('renews the access and, on the prompt, reactivates the client services the expiry suspended', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.goto(`/certificates/${ids.renewed}`);
    await page.getByRole('heading', { level: 1, name: 'Certificate Renewed soon' }).waitFor();
    const access = page.getByRole('region', { name: 'Certificate Authority Access' });
    await page.getByRole('alert').filter({ hasText: 'The CA access has expired.' }).waitFor();
    await eventually(async () =>
      expect(await statusOf(page, 'Client services using this certificate', 'Billing')).toEqual([
        'Billing',
        'Suspended',
        'The CA access of its certificate expired',
      ]),
    );
    await expectAccessible(page, 'the details page of an expired access with its client services');

    // "Manage client services" opens the list filtered on this certificate, named by its alias.
    await page.getByRole('link', { name: 'Manage client services' }).click();
    await page.getByRole('heading', { level: 1, name: 'Client services' }).waitFor();
    const filter = page.getByRole('search', { name: 'Filter client services' });
    await eventually(async () =>
      expect(await filter.getByRole('combobox', { name: 'Certificate' }).inputValue()).toBe('Renewed soon'),
    );
    // Clearing the filters clears the certificate the picker shows.
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await eventually(async () =>
      expect(await filter.getByRole('combobox', { name: 'Certificate' }).inputValue()).toBe(''),
    );
    await page.goBack();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Certificate Renewed soon' }).waitFor();

    await access.getByRole('button', { name: 'Renew CA access' }).click();
    await access.getByLabel('New expiration date').fill(dayFromToday(60));
    await access.getByRole('button', { name: 'Renew access' }).click();
    const prompt = page.getByRole('dialog', { name: 'Reactivate client services' });
    await prompt.getByText('1 client service was suspended when the access expired. Reactivate it now?').waitFor();
    await expectAccessible(page, 'the reactivation prompt');
    await prompt.getByRole('button', { name: 'Reactivate now' }).click();
    await prompt.waitFor({ state: 'hidden' });

    await access.getByText('The CA access was renewed and 1 client service was reactivated.').waitFor();
    expect(await detailItems(access)).toMatchObject({ 'Time left': '60 days', 'CA access': 'Granted' });
    await eventually(async () =>
      expect(await statusOf(page, 'Client services using this certificate', 'Billing')).toEqual([
        'Billing',
        'Active',
        '',
      ]),
    );
    expect((await session.get(`/api/client-services/${ids.billing}`)).body.status).toBe('ACTIVE');
    await expectAccessible(page, 'the details page after the reactivation');
  });
});
