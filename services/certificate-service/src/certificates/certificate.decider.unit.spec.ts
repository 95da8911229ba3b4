import { deciderSpec } from '@signstash/event-store';
import type { CertificateEvent, CertificateFacts, CertificateRegistered } from './certificate.aggregate';
import { certificateDecider, CertificateCommand } from './certificate.decider';

const spec = deciderSpec(certificateDecider);

const day = 24 * 60 * 60 * 1000;
const now = new Date('2026-06-01T10:00:00.000Z');
const inDays = (days: number, from = now) => new Date(from.getTime() + days * day).toISOString();
const operator = 'operator-1';

const facts: CertificateFacts = {
  subject: 'CN=Acme Signing',
  issuingCa: 'CN=Acme CA',
  serialNumber: '0A1B',
  validFrom: '2026-01-01T00:00:00.000Z',
  validTo: '2028-01-01T00:00:00.000Z',
  fingerprintSha256: 'AB:CD',
  keyUsage: ['1.3.6.1.5.5.7.3.36'],
  pem: '-----BEGIN CERTIFICATE-----…',
};

const registerCommand = (
  overrides: Partial<Extract<CertificateCommand, { type: 'RegisterCertificate' }>['data']> = {},
): CertificateCommand => ({
  type: 'RegisterCertificate',
  data: {
    certificateId: 'cert-1',
    issuerId: 'issuer-a',
    alias: '  Main signing  ',
    description: 'Used by the invoicing API',
    certificate: facts,
    access: { provider: 'Acme CA', credentialId: 'cred-1', grantedAt: inDays(-1), expiresAt: inDays(90) },
    by: operator,
    at: now,
    ...overrides,
  },
});

const registered: CertificateRegistered = {
  type: 'CertificateRegistered',
  data: {
    certificateId: 'cert-1',
    issuerId: 'issuer-a',
    by: operator,
    at: now.toISOString(),
    alias: 'Main signing',
    description: 'Used by the invoicing API',
    certificate: facts,
    access: { provider: 'Acme CA', credentialId: 'cred-1', grantedAt: inDays(-1), expiresAt: inDays(90) },
  },
};

const audit = (by: string, at: Date) => ({ certificateId: 'cert-1', issuerId: 'issuer-a', by, at: at.toISOString() });
const warnCommand = (at: Date, thresholdsDays = [30, 7, 1]): CertificateCommand => ({
  type: 'IssueAccessExpiryWarning',
  data: { thresholdsDays, by: 'system', at },
});
const expiring = (at: Date, thresholdDays: number, daysLeft: number, period = 1): CertificateEvent => ({
  type: 'AccessExpiring',
  data: { ...audit('system', at), period, thresholdDays, daysLeft, expiresAt: inDays(90), provider: 'Acme CA' },
});

describe('certificate decider', () => {
  describe('RegisterCertificate', () => {
    it('registers with a trimmed alias, the parsed certificate and the CA access', () =>
      spec.given([]).when(registerCommand()).then([registered]));

    it('refuses a second registration of the same certificate', () =>
      spec
        .given([registered])
        .when(registerCommand())
        .thenThrows((e) => (e as { kind: string }).kind === 'conflict'));

    it.each([
      ['an empty alias', { alias: '   ' }, 'alias'],
      ['a certificate already past its validity', { certificate: { ...facts, validTo: inDays(-1) } }, 'pem'],
      [
        'an access already expired',
        { access: { ...registered.data.access, expiresAt: inDays(-1) } },
        'access.expiresAt',
      ],
      [
        'an access outlasting the certificate',
        { access: { ...registered.data.access, expiresAt: '2029-01-01T00:00:00Z' } },
        'access.expiresAt',
      ],
      [
        'an access granted in the future',
        { access: { ...registered.data.access, grantedAt: inDays(1) } },
        'access.grantedAt',
      ],
      ['a missing credential id', { access: { ...registered.data.access, credentialId: ' ' } }, 'access.credentialId'],
      ['a missing CA name', { access: { ...registered.data.access, provider: '' } }, 'access.provider'],
    ])('rejects %s, naming the field', (_case, overrides, field) =>
      spec
        .given([])
        .when(registerCommand(overrides as never))
        .thenThrows(
          (e) => (e as { kind: string; field: string }).kind === 'invalid' && (e as { field: string }).field === field,
        ),
    );
  });

  describe('ChangeCertificateDetails', () => {
    const later = new Date(now.getTime() + 1000);

    it('records who changed what, before and after', () =>
      spec
        .given([registered])
        .when({
          type: 'ChangeCertificateDetails',
          data: { alias: 'Invoices', description: 'Invoices only', by: 'operator-2', at: later },
        })
        .then([
          {
            type: 'CertificateDetailsChanged',
            data: {
              ...audit('operator-2', later),
              alias: { from: 'Main signing', to: 'Invoices' },
              description: { from: 'Used by the invoicing API', to: 'Invoices only' },
            },
          },
        ]));

    it('records only the fields that changed, and nothing when nothing did', () => {
      spec
        .given([registered])
        .when({
          type: 'ChangeCertificateDetails',
          data: { alias: 'Main signing', description: 'New', by: operator, at: later },
        })
        .then([
          {
            type: 'CertificateDetailsChanged',
            data: { ...audit(operator, later), description: { from: 'Used by the invoicing API', to: 'New' } },
          },
        ]);
      spec
        .given([registered])
        .when({ type: 'ChangeCertificateDetails', data: { alias: ' Main signing ', by: operator, at: later } })
        .then([]);
    });

    it('is refused for a certificate that does not exist', () =>
      spec
        .given([])
        .when({ type: 'ChangeCertificateDetails', data: { alias: 'x', by: operator, at: later } })
        .thenThrows((e) => (e as { kind: string }).kind === 'not-found'));
  });

  describe('ChangeCertificateStatus', () => {
    it('deactivates with a reason', () =>
      spec
        .given([registered])
        .when({
          type: 'ChangeCertificateStatus',
          data: { status: 'inactive', reason: 'compromised key', by: operator, at: now },
        })
        .then([
          {
            type: 'CertificateStatusChanged',
            data: { ...audit(operator, now), from: 'active', to: 'inactive', reason: 'compromised key' },
          },
        ]));

    it('requires a reason and ignores a change to the same status', () => {
      spec
        .given([registered])
        .when({ type: 'ChangeCertificateStatus', data: { status: 'inactive', reason: ' ', by: operator, at: now } })
        .thenThrows((e) => (e as { field: string }).field === 'reason');
      spec
        .given([registered])
        .when({ type: 'ChangeCertificateStatus', data: { status: 'active', reason: 'again', by: operator, at: now } })
        .then([]);
    });
  });

  describe('RenewAccess', () => {
    const expired: CertificateEvent = {
      type: 'AccessExpired',
      data: { ...audit('system', new Date(inDays(90))), period: 1, expiresAt: inDays(90), provider: 'Acme CA' },
    };
    const at = new Date(inDays(91));

    it('starts a new access period, also after the access expired', () =>
      spec
        .given([registered, expired])
        .when({ type: 'RenewAccess', data: { expiresAt: inDays(180), credentialId: 'cred-2', by: operator, at } })
        .then([
          {
            type: 'AccessRenewed',
            data: {
              ...audit(operator, at),
              period: 2,
              previous: registered.data.access,
              access: {
                provider: 'Acme CA',
                credentialId: 'cred-2',
                grantedAt: at.toISOString(),
                expiresAt: inDays(180),
              },
              wasExpired: true,
            },
          },
        ]));

    it.each([
      ['in the past', inDays(-1)],
      ['after the certificate validity', '2028-06-01T00:00:00.000Z'],
    ])('rejects a new expiration %s', (_case, expiresAt) =>
      spec
        .given([registered])
        .when({ type: 'RenewAccess', data: { expiresAt, by: operator, at: now } })
        .thenThrows((e) => (e as { field: string }).field === 'expiresAt'),
    );
  });

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
      const inNewPeriod = new Date(Date.parse(inDays(100)) - 29 * day);
      spec
        .given([registered, expiring(at(30), 30, 30), expiring(at(6), 7, 6), renewed])
        .when(warnCommand(inNewPeriod))
        .then([
          {
            type: 'AccessExpiring',
            data: {
              ...audit('system', inNewPeriod),
              period: 2,
              thresholdDays: 30,
              daysLeft: 29,
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
      data: { ...audit('system', expiry), period: 1, expiresAt: inDays(90), provider: 'Acme CA' },
    };

    it('expires the access at the expiration instant', () =>
      spec
        .given([registered])
        .when({ type: 'ExpireAccess', data: { by: 'system', at: expiry } })
        .then([expired]));

    it('expires once', () =>
      spec
        .given([registered, expired])
        .when({ type: 'ExpireAccess', data: { by: 'system', at: new Date(inDays(91)) } })
        .then([]));

    it('refuses to expire early', () =>
      spec
        .given([registered])
        .when({ type: 'ExpireAccess', data: { by: 'system', at: new Date(inDays(89)) } })
        .thenThrows((e) => (e as { kind: string }).kind === 'conflict'));

    it('does not warn about an expired access', () =>
      spec
        .given([registered, expired])
        .when(warnCommand(new Date(inDays(91))))
        .then([]));
  });
});
