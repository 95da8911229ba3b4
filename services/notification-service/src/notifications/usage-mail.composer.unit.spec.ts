import { composeAccessExpired } from './expiry-mail.composer';
import { composeAccessUsageWarned } from './usage-mail.composer';

const reader = { operatorName: 'Ana', canRenew: true, settingsUrl: 'http://localhost:3000/settings' };
const facts = {
  ...reader,
  alias: 'Invoices',
  provider: 'Local test CA',
  expiresAt: '2026-12-24T18:30:00.000Z',
  certificateUrl: 'http://localhost:3000/certificates/c-1',
};

describe('signature limit mails', () => {
  it('warns with the signatures used, the share of the limit, what happens at the limit and a link', () => {
    const mail = composeAccessUsageWarned({
      ...facts,
      signatures: 999_999_999,
      signatureLimit: 1_000_000_000,
      clientServicesToSuspend: ['Billing <api>'],
    });
    // Rounded down: an access one signature short of its limit is not "100 %" used.
    expect(mail.subject).toBe('CA access of certificate "Invoices": 99.9 % of its signatures used');
    expect(mail.text).toContain(
      "Sign'Stash has applied 999,999,999 of the 1,000,000,000 signatures (99.9 %) that the Certificate Authority allows since the last grant",
    );
    expect(mail.text).toContain('or on 24 December 2026 at 18:30 UTC at the latest');
    expect(mail.text).toContain('  - Billing <api>');
    expect(mail.text).toContain('Renew the CA access before then: http://localhost:3000/certificates/c-1');
    expect(mail.html).toContain('<li>Billing &lt;api&gt;</li>');
  });

  it('says an access blocked by the signature limit was blocked by it, not by the time', () => {
    const mail = composeAccessExpired({
      ...facts,
      signatureLimit: 1_000_000_000,
      expiredAt: '2026-11-02T09:15:00.000Z',
      suspendedClientServices: [],
      clientServicesUrl: 'http://localhost:3000/client-services',
    });
    expect(mail.text).toContain(
      '(CA: Local test CA) was blocked on 2 November 2026 at 09:15 UTC: the limit of 1,000,000,000 signatures since the last grant was reached.',
    );
    expect(mail.text).not.toContain('expired on');
  });
});
