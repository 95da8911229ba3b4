import { readFile } from 'node:fs/promises';
import { eventually, GatewaySession, makeCertificatePem, saveScreenshot } from '@signstash/testing';
import { expectAccessible } from '../system/accessibility';
import { BackofficeBrowser, seedCertificate, type Account } from '../system/backoffice-browser';

const CERTIFICATES = 105;
const aliasOf = (i: number) => `Picker ${String(i).padStart(3, '0')}`;

/**
 * Past the hundredth certificate, in chromium: the client service form's certificate picker finds any
 * certificate by part of its alias (server-side) and is driven by the keyboard; opened from a
 * certificate it is preselected. The list's "Export CSV" downloads the filtered list, read back here.
 */
describe('backoffice: certificate picker and CSV export (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account;
  let session: GatewaySession;
  const ids: string[] = [];

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 3600 });
    ({ session, ...operator } = await backoffice.system.newOperator());
    const expiresAt = new Date(Date.now() + 200 * 24 * 60 * 60 * 1000).toISOString();
    for (let i = 0; i < CERTIFICATES; i += 5) {
      const batch = Array.from({ length: Math.min(5, CERTIFICATES - i) }, async (_, k) =>
        seedCertificate(session, await makeCertificatePem(), { alias: aliasOf(i + k), expiresAt }),
      );
      ids.push(...(await Promise.all(batch)));
    }
  });
  afterAll(async () => backoffice?.stop());

  it('chooses the 105th certificate by typing part of its alias, with the keyboard only', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.goto('/client-services');
    await page.getByRole('button', { name: 'Register client service' }).click();
    const form = page.getByRole('form', { name: 'Register client service' });
    await form.getByLabel('Name').fill('Signing robot');
    const picker = form.getByRole('combobox', { name: 'Certificate' });
    await picker.focus();
    const listbox = form.getByRole('listbox');
    await listbox.getByRole('option', { name: aliasOf(0), exact: true }).waitFor();
    // Only the first options are listed; the rest are reached by searching.
    await listbox.getByText(`${CERTIFICATES - 20} more: type more of the alias.`).waitFor();
    await expectAccessible(page, 'the certificate picker open');

    await picker.pressSequentially('icker 104');
    const last = listbox.getByRole('option', { name: aliasOf(104), exact: true });
    await last.waitFor();
    expect(await listbox.getByRole('option').allTextContents()).toEqual([aliasOf(104)]);
    await picker.press('ArrowDown');
    expect(await picker.getAttribute('aria-activedescendant')).toBe(await last.getAttribute('id'));
    await picker.press('Enter');
    await listbox.waitFor({ state: 'hidden' });
    expect(await picker.inputValue()).toBe(aliasOf(104));
    await saveScreenshot(page, 'certificate-picker');
    await expectAccessible(page, 'the certificate chosen in the picker');

    await form.getByRole('button', { name: 'Register client service' }).click();
    await page.getByText('Client service “Signing robot” registered.').waitFor();
    const registered = await session.get(`/api/client-services?certificateId=${ids[104]}`);
    expect(registered.body.items.map((item: { name: string }) => item.name)).toEqual(['Signing robot']);
  });

  it('says when no alias matches, and is preselected when opened from a certificate', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.goto('/client-services');
    await page.getByRole('button', { name: 'Register client service' }).click();
    // Scoped to the form: the list's filter above it is a "Certificate" drop-down too.
    const form = page.getByRole('form', { name: 'Register client service' });
    const picker = form.getByRole('combobox', { name: 'Certificate' });
    await picker.fill('no such alias');
    await page.getByText('No certificate’s alias contains “no such alias”.').waitFor();
    await picker.press('Escape');
    await form.getByRole('listbox').waitFor({ state: 'hidden' });
    await picker.press('Escape');
    expect(await picker.inputValue()).toBe('');

    await page.goto(`/client-services?certificateId=${ids[101]}`);
    await page.getByRole('button', { name: 'Register client service' }).click();
    await eventually(async () => expect(await picker.inputValue()).toBe(aliasOf(101)));
    await expectAccessible(page, 'the client service form opened from a certificate');
  });

  it('exports the filtered list as a CSV download, every page of it', async () => {
    const page = await backoffice.signedInPage(operator);
    await page.getByLabel('Alias').fill('picker 0');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/alias=picker/);
    const button = page.getByRole('link', { name: 'Export CSV' });
    // The link follows the URL's filters on the next render, not in the same tick as the URL.
    await eventually(async () =>
      expect(await button.getAttribute('href')).toBe(
        '/api/certificates.csv?alias=picker+0&sort=registeredAt&order=desc',
      ),
    );
    // Once the filtered page replaced the faded previous one (shown while the search loads).
    await page.getByRole('cell', { name: aliasOf(99), exact: true }).waitFor();
    await eventually(() => expectAccessible(page, 'the filtered list with its export button'), 10_000, 250);
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^certificates-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, 'utf8')).split('\r\n');
    expect(lines[0]).toBe('id,alias,status,registeredAt,provider,accessExpiresAt,accessState,accessPeriod,validTo');
    // "picker 0" matches Picker 000..099: 100 rows, five pages of the list, in its order (newest first).
    const aliases = lines.slice(1, -1).map((line) => line.split(',')[1]);
    expect(aliases).toHaveLength(100);
    expect([...aliases].sort()).toEqual([...Array(100).keys()].map(aliasOf));
    expect(lines.at(-1)).toBe('');
  });
});
