import type { ConsoleMessage, Page } from 'playwright-core';
import { makeCertificatePem } from '@signstash/testing';
import { BackofficeBrowser, dayFromToday, seedCertificate, type Account } from '../system/backoffice-browser';

/** What the page scripts below use of the browser (this project's type check has no DOM library). */
interface PageGlobals {
  cspViolations: string[];
  inlineRan?: boolean;
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string }) => void,
    ): void;
    createElement(tag: 'script'): { textContent: string };
    body: { append(node: unknown): void };
  };
}

/**
 * The gateway's headers on pages, assets and the API, the internal services' headers, and the
 * built web UI working in chromium under the gateway's Content-Security-Policy.
 */
describe('security headers and the UI under the CSP (chromium, four services)', () => {
  let backoffice: BackofficeBrowser;
  let operator: Account;
  let certificateId: string;

  beforeAll(async () => {
    backoffice = await BackofficeBrowser.start({ expiryIntervalSeconds: 60 });
    const { session, ...account } = await backoffice.system.newOperator();
    operator = account;
    certificateId = await seedCertificate(session, await makeCertificatePem(), {
      alias: 'Under CSP',
      expiresAt: `${dayFromToday(60)}T00:00:00.000Z`,
    });
  });
  afterAll(async () => backoffice?.stop());

  const gateway = () => backoffice.system.gatewayUrl;

  it.each(['/', '/certificates', '/api/certificates', '/api/nothing-here', '/docs', '/health/live'])(
    'sends the strict headers on %s',
    async (path) => {
      const { headers } = await fetch(`${gateway()}${path}`);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('x-powered-by')).toBeNull();
      // This system's gateway runs with NODE_ENV=development: cookies are not Secure, so no HSTS.
      expect(headers.get('strict-transport-security')).toBeNull();
    },
  );

  it('answers HEAD like GET, without a body', async () => {
    for (const path of ['/', '/certificates/new', '/health/live']) {
      const [get, head] = await Promise.all([
        fetch(`${gateway()}${path}`),
        fetch(`${gateway()}${path}`, { method: 'HEAD' }),
      ]);
      expect([path, head.status, head.headers.get('content-type')]).toEqual([
        path,
        get.status,
        get.headers.get('content-type'),
      ]);
      expect(await head.text()).toBe('');
    }
  });

  it('sends helmet headers and no X-Powered-By from each internal service', async () => {
    const { certificates, clientServices, notifications } = backoffice.system.apps;
    for (const app of [certificates, clientServices, notifications]) {
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const { headers } = await fetch(`${url}/health/live`);
      expect([url, headers.get('x-content-type-options'), headers.get('x-powered-by')]).toEqual([url, 'nosniff', null]);
    }
  });

  const watched = async () => {
    const page = await backoffice.newPage();
    const console: string[] = [];
    // The login page's probe of /api/session is a 401 by design; any other error or CSP report counts.
    page.on('console', (message: ConsoleMessage) => {
      const text = message.text();
      if (/Content.Security.Policy/i.test(text) || (message.type() === 'error' && !/status of 401/.test(text)))
        console.push(text);
    });
    page.on('pageerror', (error) => console.push(error.message));
    await page.addInitScript(() => {
      const page = globalThis as unknown as PageGlobals;
      page.cspViolations = [];
      page.document.addEventListener('securitypolicyviolation', (event) =>
        page.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    return { page, console };
  };
  const violations = (page: Page) => page.evaluate(() => (globalThis as unknown as PageGlobals).cspViolations);

  it('works under the CSP: sign in, list, details, register form; no violation, no console error', async () => {
    const { page, console } = await watched();
    await backoffice.signIn(page, operator);
    // The dashboard's event stream under the CSP's connect-src too.
    await backoffice.untilLive(page);
    await page.getByRole('link', { name: 'Certificates', exact: true }).click();
    await page.getByRole('link', { name: 'Under CSP', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Under CSP' }).waitFor();
    await page.getByText('Certificate Authority access').first().waitFor();
    await page.goto('/certificates/new');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto(`/certificates/${certificateId}`);
    await page.getByRole('heading', { level: 1, name: 'Under CSP' }).waitFor();
    expect(await violations(page)).toEqual([]);
    expect(console).toEqual([]);
  });

  it('blocks an injected inline script, and reports it (the watch above can see a violation)', async () => {
    const { page, console } = await watched();
    await page.goto('/login');
    const ran = await page.evaluate(async () => {
      const page = globalThis as unknown as PageGlobals;
      const script = page.document.createElement('script');
      script.textContent = 'globalThis.inlineRan = true';
      page.document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return page.inlineRan ?? false;
    });
    expect(ran).toBe(false);
    expect(await violations(page)).toEqual([expect.stringMatching(/^script-src/)]);
    expect(console.join('\n')).toMatch(/Content Security Policy/);
  });
});
