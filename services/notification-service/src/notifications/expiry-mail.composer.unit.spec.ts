import { composeAccessExpired, composeAccessExpiring } from './expiry-mail.composer';

describe('expiry mails', () => {
  it('warns with alias, CA, expiration date, days left, what happens at expiry, usage and a link', () => {
    const mail = composeAccessExpiring({
      operatorName: 'Ana',
      alias: 'Invoices <main>',
      provider: 'Multicert',
      expiresAt: '2026-12-24T18:30:00.000Z',
      daysLeft: 7,
      clientServiceCount: 2,
      certificateUrl: 'http://localhost:3000/certificates/c-1',
    });
    expect(mail.subject).toBe('CA access of certificate "Invoices <main>" expires in 7 days');
    expect(mail.text).toContain(
      '"Invoices <main>" (CA: Multicert) expires on 24 December 2026 at 18:30 UTC, in 7 days',
    );
    expect(mail.text).toContain('every client service using it is suspended automatically');
    expect(mail.text).toContain('2 client services use this certificate');
    expect(mail.text).toContain('http://localhost:3000/certificates/c-1');
    expect(mail.html).toContain('<strong>Invoices &lt;main&gt;</strong>');
    expect(mail.html).toContain('href="http://localhost:3000/certificates/c-1"');
  });

  it('says which client services were suspended and how to renew and reactivate', () => {
    const mail = composeAccessExpired({
      operatorName: 'Ana',
      alias: 'Invoices',
      provider: 'Multicert',
      expiresAt: '2026-12-24T18:30:00.000Z',
      suspendedClientServices: ['Billing API', 'Payroll'],
      certificateUrl: 'http://localhost:3000/certificates/c-1',
      clientServicesUrl: 'http://localhost:3000/client-services',
    });
    expect(mail.subject).toContain('expired');
    expect(mail.text).toContain('  - Billing API\n  - Payroll');
    expect(mail.text).toContain('1. Renew the CA access of the certificate: http://localhost:3000/certificates/c-1');
    expect(mail.text).toContain('2. Reactivate the suspended client services');
    expect(mail.html).toContain('<li>Billing API</li><li>Payroll</li>');
  });

  it('uses singular words for one day and one client service', () => {
    const mail = composeAccessExpiring({
      operatorName: 'Ana',
      alias: 'A',
      provider: 'P',
      expiresAt: '2026-12-24T18:30:00.000Z',
      daysLeft: 1,
      clientServiceCount: 1,
      certificateUrl: 'u',
    });
    expect(mail.subject).toContain('in 1 day');
    expect(mail.text).toContain('1 client service uses this certificate');
  });
});
