import type { Page } from 'playwright-core';
import type { GatewaySession } from '@signstash/testing';

/**
 * What a browser does on the Local test CA's sign-in page (mock-oauth2-server): post its one form
 * with a user name; the CA answers with the redirect back to the backoffice (`code` and `state`).
 * For the API-level refusal tests; the browser tests fill the page itself.
 */
export async function signInAtLocalTestCa(authorizationUrl: string, username = 'ana'): Promise<URL> {
  const page = await fetch(authorizationUrl);
  if (page.status !== 200) throw new Error(`the CA's sign-in page answered ${page.status}`);
  const posted = await fetch(authorizationUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, claims: '' }),
    redirect: 'manual',
  });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location) throw new Error(`the CA's sign-in answered ${posted.status}`);
  return new URL(location);
}

/** Starts adding a certificate (or renewing one) at the Local test CA and signs in there: what it sends back. */
export async function authorizedAtLocalTestCa(
  session: GatewaySession,
  body: { certificateId?: string } = {},
): Promise<{ code: string; state: string }> {
  const started = await session.post('/api/ca-authorizations', { ca: 'local-test-ca', ...body });
  if (started.status !== 201) throw new Error(`the authorization did not start: ${started.status}`);
  const back = await signInAtLocalTestCa(started.body.authorizationUrl);
  return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
}

/** In chromium, on the CA's own page (another origin): sign in as the certificate's client account, and back. */
export async function signInAtLocalTestCaPage(page: Page): Promise<void> {
  await page.waitForURL((url) => url.pathname.endsWith('/authorize'), { waitUntil: 'domcontentloaded' });
  await page.locator('input[name="username"]').fill('ana.client');
  await page.locator('input[type="submit"]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/certificates/'));
}
