import type { Page } from 'playwright-core';
import { eventually, makeCertificatePem, MailpitClient, saveScreenshot, testEnv } from '@signstash/testing';
import { expectAccessible } from '../system/accessibility';
import { BackofficeBrowser, rowTexts, seedCertificate, type Account } from '../system/backoffice-browser';

const mailpit = new MailpitClient(testEnv().mailpitApiUrl);
const DAY = 24 * 60 * 60 * 1000;

/**
 * Issue 15's "who is told what" in chromium: the issuer's warning thresholds, each operator's own
 * e-mails (a viewer gets nothing unless they opt in), a test e-mail read back from Mailpit, and the
 * changes listed with who made them; then a warning mailed at the new threshold to exactly those who chose it.
 */
describe('backoffice: settings, who is told what (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let issuerId: string;
  let operator: Account & { name: string };
  let colleague: Account & { name: string };
  let viewer: Account & { name: string };
  let operatorPage: Page;

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 1 });
    ({ issuerId, ...operator } = await backoffice.system.newOperator(undefined, 'Ana Ferreira'));
    colleague = await backoffice.system.createOperator(issuerId, 'issuer-operator', 'Bruno Costa');
    viewer = await backoffice.system.createOperator(issuerId, 'viewer', 'Vera Lopes');
  });
  afterAll(async () => backoffice?.stop());

  const settingsOf = async (account: Account) => {
    const page = await backoffice.newPage();
    await backoffice.signIn(page, account);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    return page;
  };
  /** A viewer lands on the settings, the one page for them, with nothing else in the menu. */
  const viewerSettings = async () => {
    const page = await backoffice.newPage();
    await backoffice.signIn(page, viewer, 'Settings');
    expect(await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link').allTextContents()).toEqual([
      'Settings',
    ]);
    await page.goto('/certificates');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    return page;
  };
  const thresholds = (page: Page) => page.getByRole('region', { name: 'Warnings before an access expires' });
  const myMails = (page: Page) => page.getByRole('region', { name: 'Your e-mails' });
  const changes = async (page: Page) =>
    (await rowTexts(page.getByRole('table', { name: 'Changes of these settings' }))).map(([, ...cells]) =>
      cells.join(' · '),
    );

  it("changes the issuer's warning thresholds, refusing what is not a list of days, and lists the change", async () => {
    operatorPage = await settingsOf(operator);
    const section = thresholds(operatorPage);
    expect(await section.textContent()).toContain(
      'e-mailed when a CA access has 7, 6, 5, 4, 3, 2 and 1 days left, for every certificate of your issuer. These are Sign’Stash’s defaults.',
    );
    await expectAccessible(operatorPage, 'the settings page with the defaults');
    const field = section.getByLabel('Days before expiry');
    expect(await field.inputValue()).toBe('7, 6, 5, 4, 3, 2, 1');

    await field.fill('60, soon');
    await section.getByRole('button', { name: 'Save thresholds' }).click();
    await section.getByText('Enter whole numbers of days, separated by commas, e.g. 30, 7, 1.').waitFor();
    await field.fill('14, 400');
    await section.getByRole('button', { name: 'Save thresholds' }).click();
    await section.getByText('Each number of days must be between 1 and 365.').waitFor();
    await expectAccessible(operatorPage, 'the thresholds refused');

    await field.fill('14, 60');
    await section.getByRole('button', { name: 'Save thresholds' }).click();
    await section
      .getByRole('status')
      .filter({ hasText: 'Saved. Operators will be warned 60 and 14 days before an access expires.' })
      .waitFor();
    expect(await field.inputValue()).toBe('60, 14');
    expect(await changes(operatorPage)).toEqual([
      `${operator.name} · Warning thresholds (whole issuer) · 7, 6, 5, 4, 3, 2 and 1 days · 60 and 14 days`,
    ]);
  });

  it('keeps the expiry notice for issuer operators, lets each choose the warnings, and a viewer opt in', async () => {
    const mails = myMails(operatorPage);
    const expiries = mails.getByLabel('Notice when a CA access expired and its client services were suspended');
    expect([await expiries.isChecked(), await expiries.isDisabled()]).toEqual([true, true]);
    expect(await mails.textContent()).toContain(
      'Always sent to issuer operators: someone who can renew must hear of an expiry.',
    );
    await mails.getByLabel('Warnings before a CA access expires').uncheck();
    await mails.getByRole('button', { name: 'Save my e-mails' }).click();
    await mails.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    const viewerPage = await viewerSettings();
    expect(await thresholds(viewerPage).textContent()).toContain('Only issuer operators can change them.');
    expect(await thresholds(viewerPage).getByRole('button', { name: 'Save thresholds' }).count()).toBe(0);
    const viewerMails = myMails(viewerPage);
    const viewerWarnings = viewerMails.getByLabel('Warnings before a CA access expires');
    const viewerExpiries = viewerMails.getByLabel(
      'Notice when a CA access expired and its client services were suspended',
    );
    // A viewer receives nothing until they choose to.
    expect([
      await viewerWarnings.isChecked(),
      await viewerExpiries.isChecked(),
      await viewerExpiries.isDisabled(),
    ]).toEqual([false, false, false]);
    await viewerWarnings.check();
    await viewerMails.getByRole('button', { name: 'Save my e-mails' }).click();
    await viewerMails.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expectAccessible(viewerPage, "a viewer's settings");
    await saveScreenshot(viewerPage, 'settings-viewer');

    await viewerPage.reload();
    await eventually(async () =>
      expect(await changes(viewerPage)).toEqual([
        `${viewer.name} · Own warning e-mails · Off · On`,
        `${operator.name} · Own warning e-mails · On · Off`,
        `${operator.name} · Warning thresholds (whole issuer) · 7, 6, 5, 4, 3, 2 and 1 days · 60 and 14 days`,
      ]),
    );
  });

  it('sends a test e-mail, shows it delivered, and refuses another one at once', async () => {
    const section = operatorPage.getByRole('region', { name: 'Test e-mail' });
    await section.getByRole('button', { name: 'Send me a test e-mail' }).click();
    await section.getByText('Delivered', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await section.textContent()).toContain(`The mail server accepted the test e-mail for ${operator.email}`);
    const [mail] = await mailpit.waitForMessages(`to:"${operator.email}" subject:"test e-mail"`, 1, 20_000);
    expect(mail.Subject).toBe("Sign'Stash test e-mail");
    await saveScreenshot(operatorPage, 'settings-test-mail-delivered');
    await expectAccessible(operatorPage, 'the test e-mail delivered');

    await section.getByRole('button', { name: 'Send me a test e-mail' }).click();
    await section.getByRole('alert').waitFor();
    expect(await section.getByRole('alert').textContent()).toMatch(/30 s|seconds/);
  });

  it('warns at the new threshold exactly those who chose the warnings', async () => {
    await backoffice.system.publishOperatorChanges();
    const session = await backoffice.system.login(operator.email, operator.password);
    const alias = 'Warned at sixty days';
    // 50 days left: past the issuer's new 60-day threshold, long before the defaults' 30 days.
    await seedCertificate(session, await makeCertificatePem(), {
      alias,
      expiresAt: new Date(Date.now() + 50 * DAY).toISOString(),
    });
    for (const account of [colleague, viewer]) {
      const [warning] = await mailpit.waitForMessages(`to:"${account.email}" subject:"${alias}"`, 1, 30_000);
      expect(warning.Subject).toBe(`CA access of certificate "${alias}" expires in 50 days`);
    }
    // The colleague's warning is out, so the one mail the operator could have had was decided already.
    expect(await mailpit.search(`to:"${operator.email}" subject:"${alias}"`)).toHaveLength(0);
  });
});
