import { composeAccessExpired, composeAccessExpiring, ExpiringMailFacts } from './expiry-mail.composer';

const expiresAt = '2026-12-24T18:30:00.000Z';
/** The warning issued `ms` before the expiry. */
const warnedBefore = (ms: number) => new Date(Date.parse(expiresAt) - ms).toISOString();
const HOUR = 3_600_000;
const operator = { operatorName: 'Ana', canRenew: true, settingsUrl: 'http://localhost:3000/settings' };
const viewer = { operatorName: 'Vera', canRenew: false, settingsUrl: 'http://localhost:3000/settings' };
const expiring = (facts: Partial<ExpiringMailFacts>) =>
  composeAccessExpiring({
    ...operator,
    alias: 'Invoices',
    provider: 'Multicert',
    expiresAt,
    warnedAt: warnedBefore(3 * 24 * HOUR),
    clientServicesToSuspend: [],
    certificateUrl: 'http://localhost:3000/certificates/c-1',
    ...facts,
  });

describe('expiry mails', () => {
  it('warns with alias, CA, the instant in UTC, the time left, what happens at expiry and a link', () => {
    const mail = expiring({ alias: 'Invoices <main>' });
    expect(mail.subject).toBe('CA access of certificate "Invoices <main>" expires in 3 days');
    expect(mail.text).toContain(
      '"Invoices <main>" (CA: Multicert) expires on 24 December 2026 at 18:30 UTC, in 3 days.',
    );
    expect(mail.text).toContain('every active client service using it is suspended automatically');
    expect(mail.text).toContain('Renew the CA access before then: http://localhost:3000/certificates/c-1');
    expect(mail.html).toContain('<strong>Invoices &lt;main&gt;</strong>');
    expect(mail.html).toContain('<strong>24 December 2026 at 18:30 UTC</strong>, in 3 days.');
    expect(mail.html).toContain('href="http://localhost:3000/certificates/c-1"');
  });

  it('says the time left from the instant of the warning in the unit that fits, in the subject too', () => {
    const hours = expiring({ warnedAt: warnedBefore(5 * HOUR + 20 * 60_000) });
    expect(hours.subject).toBe('CA access of certificate "Invoices" expires in 5 hours');
    expect(hours.text).toContain('at 18:30 UTC, in 5 hours.');
    const seconds = expiring({ warnedAt: warnedBefore(40_000) });
    expect(seconds.subject).toBe('CA access of certificate "Invoices" expires in less than a minute');
    expect(seconds.text).toContain('at 18:30 UTC, in less than a minute.');
    expect(expiring({ warnedAt: warnedBefore(2 * 24 * HOUR + HOUR) }).subject).toContain('expires in 3 days');
  });

  it('names the active client services the expiry will suspend, escaped in HTML, or says there is none', () => {
    const mail = expiring({ clientServicesToSuspend: ['Billing API', 'Payroll & <HR>'] });
    expect(mail.text).toContain('These client services will be suspended:\n  - Billing API\n  - Payroll & <HR>\n');
    expect(mail.html).toContain('<ul><li>Billing API</li><li>Payroll &amp; &lt;HR&gt;</li></ul>');
    const none = expiring({ clientServicesToSuspend: [] });
    expect(none.text).toContain('No active client service uses it now, so none will be suspended.');
    expect(none.html).not.toContain('<ul>');
  });

  const expired = (reader = operator) =>
    composeAccessExpired({
      ...reader,
      alias: 'Invoices',
      provider: 'Multicert',
      expiresAt,
      suspendedClientServices: ['Billing API', 'Payroll <HR>'],
      certificateUrl: 'http://localhost:3000/certificates/c-1',
      clientServicesUrl: 'http://localhost:3000/client-services',
    });

  it('says which client services were suspended and how to renew and reactivate', () => {
    const mail = expired();
    expect(mail.subject).toBe('CA access of certificate "Invoices" expired: client services suspended');
    expect(mail.text).toContain('expired on 24 December 2026 at 18:30 UTC');
    expect(mail.text).toContain('  - Billing API\n  - Payroll <HR>');
    expect(mail.text).toContain('1. Renew the CA access of the certificate: http://localhost:3000/certificates/c-1');
    expect(mail.text).toContain('2. Reactivate the suspended client services');
    expect(mail.html).toContain('<li>Billing API</li><li>Payroll &lt;HR&gt;</li>');
    expect(mail.html).toContain('href="http://localhost:3000/certificates/c-1"');
  });

  it("tells a viewer that renewing is the operators' to do, and every reader where to choose these mails", () => {
    for (const mail of [expiring({ ...viewer }), expired(viewer)]) {
      expect(mail.text).toContain("Your issuer's operators are told too: renewing the access is theirs to do.");
      expect(mail.text).not.toContain('Renew the CA access');
      expect(mail.text).toContain('on the Settings page: http://localhost:3000/settings');
    }
    expect(expiring({}).text).toContain('on the Settings page: http://localhost:3000/settings');
    expect(expired().html).toContain('<a href="http://localhost:3000/settings">Settings</a>');
  });

  it('uses singular words for one day', () => {
    expect(expiring({ warnedAt: warnedBefore(24 * HOUR) }).subject).toContain('expires in 1 day');
  });
});
