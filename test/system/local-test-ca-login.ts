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
