import type { CertificateEvent } from './certificate.aggregate';
import {
  spec,
  day,
  inDays,
  operator,
  registered,
  audit,
  warnCommand,
  expiring,
} from '../testing/certificate-decider.fixture';

describe('certificate decider: CA access expiry', () => {
  describe('IssueAccessExpiryWarning', () => {
    const at = (daysBeforeExpiry: number) => new Date(Date.parse(inDays(90)) - daysBeforeExpiry * day);

    it('warns nothing before the first threshold', () =>
      spec
        .given([registered])
        .when(warnCommand(at(31)))
        .then([]));

    it('warns once per threshold', () => {
      spec
        .given([registered])
        .when(warnCommand(at(30)))
        .then([expiring(at(30), 30, 30)]);
      spec
        .given([registered, expiring(at(30), 30, 30)])
        .when(warnCommand(at(20)))
        .then([]);
      spec
        .given([registered, expiring(at(30), 30, 30)])
        .when(warnCommand(at(6.5)))
        .then([expiring(at(6.5), 7, 7)]);
    });

    it('catches up a missed run with only the latest threshold crossed', () =>
      spec
        .given([registered])
        .when(warnCommand(at(0.5)))
        .then([expiring(at(0.5), 1, 1)]));

    it('never warns for an earlier threshold after a later one', () =>
      spec
        .given([registered, expiring(at(0.5), 1, 1)])
        .when(warnCommand(at(0.4)))
        .then([]));

    it('starts counting again in the access period a renewal opens', () => {
      const renewed: CertificateEvent = {
        type: 'AccessRenewed',
        data: {
          ...audit(operator, at(5)),
          period: 2,
          previous: registered.data.access,
          access: { ...registered.data.access, grantedAt: at(5).toISOString(), expiresAt: inDays(100) },
          wasExpired: false,
        },
      };
      // The 15-day grant starts inside the 30-day threshold (no warning for it); the 7-day one warns again.
      const inNewPeriod = new Date(Date.parse(inDays(100)) - 6.5 * day);
      spec
        .given([registered, expiring(at(30), 30, 30), expiring(at(6), 7, 6), renewed])
        .when(warnCommand(inNewPeriod))
        .then([
          {
            type: 'AccessExpiring',
            data: {
              ...audit('system', inNewPeriod),
              period: 2,
              thresholdDays: 7,
              daysLeft: 7,
              expiresAt: inDays(100),
              provider: 'Acme CA',
            },
          },
        ]);
    });

    it('honours configured thresholds', () =>
      spec
        .given([registered])
        .when(warnCommand(at(13), [14, 3]))
        .then([expiring(at(13), 14, 13)]));
  });

  describe('ExpireAccess', () => {
    const expiry = new Date(inDays(90));
    const expired: CertificateEvent = {
      type: 'AccessExpired',
      data: { ...audit('system', expiry), period: 1, expiresAt: inDays(90), provider: 'Acme CA', reason: 'time' },
    };

    it('expires the access at the expiration instant', () =>
      spec
        .given([registered])
        .when({ type: 'ExpireAccess', data: { by: 'system', issuerId: 'issuer-a', at: expiry } })
        .then([expired]));

    it('expires once', () =>
      spec
        .given([registered, expired])
        .when({ type: 'ExpireAccess', data: { by: 'system', issuerId: 'issuer-a', at: new Date(inDays(91)) } })
        .then([]));

    it('refuses to expire early', () =>
      spec
        .given([registered])
        .when({ type: 'ExpireAccess', data: { by: 'system', issuerId: 'issuer-a', at: new Date(inDays(89)) } })
        .thenThrows((e) => (e as { kind: string }).kind === 'conflict'));

    it('does not warn about an expired access', () =>
      spec
        .given([registered, expired])
        .when(warnCommand(new Date(inDays(91))))
        .then([]));
  });
});
