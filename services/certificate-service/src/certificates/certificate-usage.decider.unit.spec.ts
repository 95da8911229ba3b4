import type { CertificateEvent } from './certificate.aggregate';
import {
  spec,
  day,
  inDays,
  now,
  operator,
  registered,
  audit,
  warnCommand,
} from '../testing/certificate-decider.fixture';

const LIMIT = 1_000_000_000;
const grantedAt = registered.data.access.grantedAt;
const check = (signatures: number, at = now, grant = grantedAt) =>
  ({
    type: 'CheckSignatureUsage',
    data: { by: 'system', issuerId: 'issuer-a', at, grantedAt: grant, signatures },
  }) as const;
const later = (days: number) => new Date(now.getTime() + days * day);
const common = (at: Date) => ({
  ...audit('system', at),
  period: 1,
  expiresAt: inDays(90),
  provider: 'Acme CA',
});
const warned = (signatures: number, at = now): CertificateEvent => ({
  type: 'AccessUsageWarned',
  data: { ...common(at), grantedAt, signatures, signatureLimit: LIMIT },
});
const renewed = (at: Date, expiresAt: string): CertificateEvent => ({
  type: 'AccessRenewed',
  data: {
    ...audit(operator, at),
    period: 2,
    previous: registered.data.access,
    access: { ...registered.data.access, grantedAt: at.toISOString(), expiresAt },
    wasExpired: false,
  },
});

describe('certificate decider: the signature limit', () => {
  it('says nothing up to 90 % of the limit', () => spec.given([registered]).when(check(900_000_000)).then([]));

  it('warns on crossing 90 %, not again the same day, again a day later while above', () => {
    spec
      .given([registered])
      .when(check(900_000_001))
      .then([warned(900_000_001)]);
    spec
      .given([registered, warned(900_000_001)])
      .when(check(950_000_000, later(0.9)))
      .then([]);
    spec
      .given([registered, warned(900_000_001)])
      .when(check(950_000_000, later(1)))
      .then([warned(950_000_000, later(1))]);
  });

  it('expires the access at the limit, with the reason, once', () => {
    const expired: CertificateEvent = {
      type: 'AccessExpired',
      data: { ...common(now), reason: 'signatures', signatures: LIMIT, signatureLimit: LIMIT },
    };
    spec
      .given([registered, warned(900_000_001)])
      .when(check(LIMIT))
      .then([expired]);
    spec
      .given([registered, expired])
      .when(check(LIMIT + 5))
      .then([]);
  });

  it("counts against the grant's own limit when it carries one", () =>
    spec
      .given([
        { ...registered, data: { ...registered.data, access: { ...registered.data.access, signatureLimit: 100 } } },
      ])
      .when(check(91))
      .then([
        {
          type: 'AccessUsageWarned',
          data: { ...common(now), grantedAt, signatures: 91, signatureLimit: 100 },
        },
      ]));

  it('ignores a count for an earlier grant: after a renewal the old period is closed', () =>
    spec
      .given([registered, renewed(later(1), inDays(61))])
      .when(check(LIMIT, later(2), grantedAt))
      .then([]));

  it('reads an AccessExpired recorded before the reason as a time expiry (replays, no reason needed)', () =>
    spec
      .given([registered, { type: 'AccessExpired', data: { ...common(later(90)), period: 1 } } as CertificateEvent])
      .when(check(LIMIT, later(91)))
      .then([]));
});

describe('certificate decider: no warning for a threshold a renewal starts inside of', () => {
  it('skips the thresholds the new grant begins within, and warns at the next one', () => {
    const renewedAt = later(1);
    const fiveDays = new Date(renewedAt.getTime() + 5 * day).toISOString();
    spec
      .given([registered, renewed(renewedAt, fiveDays)])
      .when(warnCommand(new Date(renewedAt.getTime() + 60_000), [7, 6, 5, 4, 3, 2, 1]))
      .then([]);
    const atFourDays = new Date(Date.parse(fiveDays) - 4 * day + 60_000);
    spec
      .given([registered, renewed(renewedAt, fiveDays)])
      .when(warnCommand(atFourDays, [7, 6, 5, 4, 3, 2, 1]))
      .then([
        {
          type: 'AccessExpiring',
          data: {
            ...audit('system', atFourDays),
            period: 2,
            thresholdDays: 4,
            daysLeft: 4,
            expiresAt: fiveDays,
            provider: 'Acme CA',
          },
        },
      ]);
  });
});
