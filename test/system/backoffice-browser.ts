import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { GatewaySession, launchBrowser, SCREENSHOT_DIR, waitFor } from '@signstash/testing';
import { formatDate } from '../../services/backoffice-gateway/web/src/ui/format';
import { SignstashSystem, type SystemOptions } from './signstash-system';

const WEB_INDEX = resolve(__dirname, '../../services/backoffice-gateway/web/dist/index.html');

export interface Account {
  email: string;
  password: string;
}

/** The four services plus a chromium pointed at the gateway, which serves the built web UI. */
export class BackofficeBrowser {
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly system: SignstashSystem,
    private readonly browser: Browser,
  ) {}

  static async start(options: SystemOptions = {}): Promise<BackofficeBrowser> {
    if (!existsSync(WEB_INDEX))
      throw new Error(`The web UI is not built (${WEB_INDEX} is missing): run npm run web:build`);
    const [system, browser] = await Promise.allSettled([SignstashSystem.start(options), launchBrowser()]);
    if (system.status === 'fulfilled' && browser.status === 'fulfilled')
      return new BackofficeBrowser(system.value, browser.value);
    // Whatever did start is stopped again, so a failed beforeAll leaves nothing open.
    if (system.status === 'fulfilled') await system.value.stop().catch(() => undefined);
    if (browser.status === 'fulfilled') await browser.value.close().catch(() => undefined);
    throw system.status === 'rejected' ? system.reason : (browser as PromiseRejectedResult).reason;
  }

  /** A fresh browser profile (no cookies) at the given width; UTC so the dates shown match the API's days. */
  async newPage(width = 1280): Promise<Page> {
    const context = await this.browser.newContext({
      baseURL: this.system.gatewayUrl,
      viewport: { width, height: 900 },
      timezoneId: 'UTC',
      locale: 'en-GB',
    });
    context.setDefaultTimeout(10_000);
    this.contexts.push(context);
    return context.newPage();
  }

  /** Signs in and waits for the first page: "Needs attention" for issuer operators, "Settings" for viewers. */
  async signIn(page: Page, account: Account, landing = 'Needs attention'): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: landing }).waitFor();
  }

  /** A page already signed in and showing the certificates list (from the menu, as an operator goes there). */
  async signedInPage(account: Account, width = 1280): Promise<Page> {
    const page = await this.newPage(width);
    await this.signIn(page, account);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Certificates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    return page;
  }

  /** Until the page's live updates are on: from then on, changes reach it without a reload. */
  async untilLive(page: Page): Promise<void> {
    await page.locator('.app[data-live="live"]').waitFor();
  }

  async stop(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
    await this.system.stop();
  }
}

/** The cell texts of a table's body rows. */
export function rowTexts(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? '')),
    );
}

/** A details card's term → definition pairs. */
export function detailItems(section: Locator): Promise<Record<string, string>> {
  return section
    .locator('.detail-item')
    .evaluateAll((items) =>
      Object.fromEntries(
        items.map((item) => [
          item.querySelector('dt')?.textContent?.trim(),
          item.querySelector('dd')?.textContent?.trim(),
        ]),
      ),
    );
}

/** A day as the UI shows it ("06 Sep 2026"), by the UI's own formatting (Intl's en-GB would write "Sept"). */
export async function shownDay(_page: Page, iso: string): Promise<string> {
  return formatDate(iso);
}

/** YYYY-MM-DD of the UTC day `days` from today, as a date input takes it. */
export const dayFromToday = (days: number): string =>
  new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** Registers a certificate through the public API (provider "Multicert"): a browser test's data. */
export async function seedCertificate(
  session: GatewaySession,
  pem: string,
  seed: { alias: string; expiresAt: string; description?: string; credentialId?: string },
): Promise<string> {
  const { alias, expiresAt, description, credentialId = `cred-${alias}` } = seed;
  const access = { provider: 'Multicert', credentialId, expiresAt };
  const response = await session.post('/api/certificates', { alias, description, pem, access });
  if (response.status !== 201) throw new Error(`seeding ${alias}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

/** Registers a client service, once the client-service service has heard of the certificate. */
export function seedClientService(session: GatewaySession, name: string, certificateId: string): Promise<string> {
  return waitFor(
    async () => {
      const response = await session.post('/api/client-services', { name, certificateId });
      return response.status === 201 ? (response.body.id as string) : undefined;
    },
    10_000,
    100,
  );
}

/**
 * Nothing when the page does not scroll sideways at `width` pixels; otherwise the elements reaching past
 * that width, named by tag and class, to tell what overflows.
 */
export const horizontalOverflow = (page: Page, width: number): Promise<string[]> =>
  page.locator('html').evaluate((html, limit) => {
    if (html.scrollWidth <= limit) return [];
    return [...html.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > limit + 0.5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}`);
  }, width);

/** The first screen only (what a person sees before scrolling), beside the full-page screenshots. */
export async function saveFirstScreen(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
