import { makeCertificatePem, waitFor } from '@signstash/testing';
import { BackofficeBrowser, dayFromToday } from '../system/backoffice-browser';

it('debug', async () => {
  const b = await BackofficeBrowser.start({ expiryIntervalSeconds: 60 });
  try {
    const { session, ...account } = await b.system.newOperator();
    const pem = await makeCertificatePem({ commonName: 'Invoice Signer' });
    const created = await session.post('/api/certificates', { alias: 'Signing key', description: 'd', pem, access: { provider: 'Multicert', credentialId: 'c', expiresAt: `${dayFromToday(90)}T00:00:00.000Z` } });
    const page = await b.signedInPage(account);
    let requests: string[] = [];
    page.on('request', (r) => requests.push(r.method() + ' ' + r.url().replace(b.system.gatewayUrl, '')));
    page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
    await page.goto(`/certificates/${created.body.id}`);
    await new Promise((r) => setTimeout(r, 3000));
    console.log(requests.length, requests.slice(0, 30).join('\n'));
    console.log((await page.locator('main').innerHTML()).slice(0, 3000));
    console.log(JSON.stringify((await session.get(`/api/certificates/${created.body.id}/history`)).body));
  } finally { await b.stop(); }
});
