import type { Page } from 'playwright-core';
import { eventually, makeCertificatePem, saveScreenshot, waitFor } from '@signstash/testing';
import {
  BackofficeBrowser,
  dayFromToday,
  horizontalOverflow,
  rowTexts,
  saveFirstScreen,
  seedCertificate,
  type Account,
} from '../system/backoffice-browser';
import { expectAccessible } from '../system/accessibility';

const DAY = 24 * 60 * 60 * 1000;
const COUNT = 25;
const widths = [
  ['laptop', 1366, 900],
  ['phone', 390, 844],
] as const;

/** What has focus, named as a test reads it: a field's name, a link's text, or the element's tag and class. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const element = document.activeElement;
    if (!element) return 'none';
    const name = element.getAttribute('name') ?? element.getAttribute('aria-label') ?? element.textContent.trim();
    return element.tagName.toLowerCase() + (element.className ? '.' + element.className : '') + ': ' + name;
  })()`);

/**
 * The certificates list as an operator meets it on a 1366 px laptop and on a 390 px phone: the eye icon
 * in view and clickable without scrolling sideways, the alias as a link, the next page opening at its
 * top, where focus lands after navigating and after "Search", one Tab stop per date field in the app's
 * date format, an invalid range said on the field with no results that contradict it, and on the phone
 * the filters folded away until asked for.
 */
describe('backoffice: the certificates list at 1366 and 390 px (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account;

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 60 });
    const { session, ...account } = await backoffice.system.newOperator();
    operator = account;
    const pem = () => makeCertificatePem({ validFrom: new Date(Date.now() - 30 * DAY) });
    for (let n = 1; n <= COUNT; n++) {
      const alias = `Invoices signing certificate ${String(n).padStart(2, '0')}`;
      // Some accesses end at a time of day, some on a day: the list writes both the same way.
      const expiresAt =
        n % 2 ? new Date(Date.now() + (40 + n) * DAY).toISOString() : `${dayFromToday(40 + n)}T00:00:00.000Z`;
      await seedCertificate(session, await pem(), { alias, expiresAt });
    }
    await waitFor(async () => ((await session.get('/api/certificates')).body.total === COUNT ? true : undefined));
  });
  afterAll(async () => backoffice?.stop());

  const open = async (width: number, height: number) => {
    const page = await backoffice.signedInPage(operator, width);
    await page.setViewportSize({ width, height });
    await page.getByRole('table', { name: 'Registered certificates' }).waitFor();
    return page;
  };
  const firstAlias = 'Invoices signing certificate 25';

  it.each(widths)(
    'shows the eye icon in view and clickable without scrolling sideways (%s)',
    async (name, width, height) => {
      const page = await open(width, height);
      const eye = page.getByRole('link', { name: `View details of ${firstAlias}` });
      await eye.evaluate((element) => element.scrollIntoView({ block: 'center', inline: 'nearest' }));
      const box = (await eye.boundingBox())!;
      const area = (await page.locator('.table-scroll').boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(area.x);
      expect(box.x + box.width).toBeLessThanOrEqual(Math.min(area.x + area.width, width));
      expect(await page.evaluate('window.scrollX')).toBe(0);
      expect(await page.locator('.table-scroll').evaluate((element) => element.scrollLeft)).toBe(0);
      expect(await horizontalOverflow(page, width)).toEqual([]);
      // Nothing covers the icon: a click at its centre, with no scrolling by the test tool, opens the details.
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.getByRole('heading', { level: 1, name: `Certificate ${firstAlias}` }).waitFor();
      expect(await focused(page)).toBe(`h1.page-title: Certificate ${firstAlias}`);

      // The alias is a link to the same page.
      await page.goBack();
      await page
        .getByRole('table', { name: 'Registered certificates' })
        .getByRole('link', { name: firstAlias, exact: true })
        .click();
      await page.getByRole('heading', { level: 1, name: `Certificate ${firstAlias}` }).waitFor();

      await page.goBack();
      await page.getByRole('table', { name: 'Registered certificates' }).waitFor();
      const expiries = (await rowTexts(page.getByRole('table', { name: 'Registered certificates' }))).map(
        (row) => row[3],
      );
      // One date format in the column, whether the access ends at midnight or at a time of day.
      for (const expiry of expiries) expect(expiry).toMatch(/^\d{2} [A-Z][a-z]{2} \d{4}$/);
      await page.evaluate('window.scrollTo(0, 0)');
      await saveScreenshot(page, `issue21-list-${width}px`);
      await saveFirstScreen(page, `issue21-list-${width}px-first-screen`);
      await expectAccessible(page, `the list at ${width} px (${name})`);
    },
  );

  it.each(widths)('opens the next page at its top, with the table focused (%s)', async (_name, width, height) => {
    const page = await open(width, height);
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await page.getByRole('button', { name: 'Next' }).click();
    await eventually(async () =>
      expect(await page.locator('.pagination-summary').textContent()).toMatch(/^Showing 21–25 of 25/),
    );
    await page.locator('.data-table:not([aria-busy])').waitFor();
    const table = (await page.locator('.table-block').boundingBox())!;
    expect(table.y).toBeGreaterThanOrEqual(-1);
    expect(table.y).toBeLessThan(height / 2);
    const firstRow = (await page.locator('.data-table tbody tr').first().boundingBox())!;
    expect(firstRow.y + firstRow.height).toBeLessThanOrEqual(height);
    expect(await focused(page)).toBe('div.table-scroll: Registered certificates');
    await expectAccessible(page, `page 2 at ${width} px`);
  });

  it('keeps focus on the menu entry when the menu opens a page, and puts it on the title after a link in the page', async () => {
    const page = await open(1366, 900);
    const menu = page.getByRole('navigation', { name: 'Main menu' });
    await menu.getByRole('link', { name: 'Client services' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Client services' }).waitFor();
    expect(await focused(page)).toBe('a.active: Client services');
    expect(await page.locator('#route-announcer').textContent()).toBe('Client services');
    // The other entries are a Tab away, the page after them.
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('a: Certificates');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    expect(await focused(page)).toBe('a.active: Certificates');

    // From the Alias filter to the first eye icon: one stop per field, the sort buttons, the table, the alias link.
    await page.getByLabel('Alias').focus();
    const stops: string[] = [];
    while (stops.length < 30 && !stops.at(-1)?.endsWith(`View details of ${firstAlias}`)) {
      await page.keyboard.press('Tab');
      stops.push(await focused(page));
    }
    process.stdout.write(`Tab stops from Alias to the first eye icon: ${stops.length}\n${stops.join('\n')}\n`);
    expect(stops.length).toBeLessThanOrEqual(11);

    await page.getByRole('link', { name: firstAlias, exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Certificate ${firstAlias}` }).waitFor();
    expect(await focused(page)).toBe(`h1.page-title: Certificate ${firstAlias}`);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('a: Settings');
  });

  it.each(widths)(
    'searches with the keyboard: one Tab stop per date field, focus on the results (%s)',
    async (name, width, height) => {
      const page = await open(width, height);
      if (width < 760) {
        // On a phone the filters are folded away at first: the list starts on the first screen.
        const toggle = page.getByRole('button', { name: 'Show filters' });
        expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        expect(await page.getByLabel('Alias').isVisible()).toBe(false);
        const firstCard = (await page.locator('.data-table tbody tr').first().boundingBox())!;
        expect(firstCard.y).toBeLessThan(height / 2);
        await toggle.click();
        await expectAccessible(page, 'the filters opened on a phone');
      }
      await page.getByLabel('Alias').focus();
      const stops: string[] = [];
      for (let i = 0; i < 4; i++) {
        await page.keyboard.press('Tab');
        stops.push(await focused(page));
      }
      expect(stops).toEqual([
        expect.stringMatching(/: registeredFrom$/),
        expect.stringMatching(/: registeredTo$/),
        expect.stringMatching(/: access$/),
        expect.stringMatching(/: Search$/),
      ]);
      // The app's own date format, whatever the browser's locale; the ISO day is accepted too.
      await page.getByLabel('Registered from').fill(dayFromToday(-1));
      await page.getByLabel('Alias').fill('certificate 1');
      expect(await page.getByLabel('Registered from').inputValue()).toMatch(/^\d{2} [A-Z][a-z]{2} \d{4}$/);
      await page.getByLabel('Alias').press('Enter');
      await eventually(async () =>
        expect(await page.locator('.pagination-summary').textContent()).toBe('Showing 1–10 of 10 certificates'),
      );
      expect(await focused(page)).toMatch(/^section\.results: /);
      expect(new URL(page.url()).searchParams.get('registeredFrom')).toBe(dayFromToday(-1));
      await expectAccessible(page, `the results of a search at ${width} px (${name})`);

      // A "to" before the "from": said on the field, and no results that the fields do not describe.
      await page.getByLabel('Registered from').fill(dayFromToday(1));
      await page.getByLabel('Registered to').fill(dayFromToday(-1));
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('The "to" date must be on or after the "from" date.').waitFor();
      await page.getByText('No search with these filters.').waitFor();
      expect(await page.getByRole('table', { name: 'Registered certificates' }).count()).toBe(0);
      expect(await page.getByLabel('Registered to').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, `an invalid date range at ${width} px`);

      // "Clear filters" too leaves focus on what it shows.
      await page.getByRole('link', { name: 'Clear filters' }).click();
      await eventually(async () =>
        expect(await page.locator('.pagination-summary').textContent()).toBe('Showing 1–20 of 25 certificates'),
      );
      expect(await focused(page)).toMatch(/^section\.results: /);
    },
  );
});
