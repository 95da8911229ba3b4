import type { CertificateEvent } from './certificate.aggregate';
import { DomainError } from '@signstash/contracts';
import { foldEvents } from '@signstash/event-store';
import { certificateDecider } from './certificate.decider';
import {
  spec,
  now,
  inDays,
  operator,
  facts,
  registerCommand,
  registered,
  audit,
} from '../testing/certificate-decider.fixtures';

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
      ['an empty alias', { alias: '   ' }, 'alias', 'invalid'],
      ['a certificate already past its validity', { certificate: { ...facts, validTo: inDays(-1) } }, 'pem', 'rule'],
      [
        'an access already expired',
        { access: { ...registered.data.access, expiresAt: inDays(-1) } },
        'access.expiresAt',
        'rule',
      ],
      [
        'an access outlasting the certificate',
        { access: { ...registered.data.access, expiresAt: '2029-01-01T00:00:00Z' } },
        'access.expiresAt',
        'rule',
      ],
      [
        'an access granted in the future',
        { access: { ...registered.data.access, grantedAt: inDays(1) } },
        'access.grantedAt',
        'rule',
      ],
      [
        'a missing credential id',
        { access: { ...registered.data.access, credentialId: ' ' } },
        'access.credentialId',
        'invalid',
      ],
      ['a missing CA name', { access: { ...registered.data.access, provider: '' } }, 'access.provider', 'invalid'],
    ])('rejects %s, naming the field (a business rule no schema states is a `rule`)', (_case, overrides, field, kind) =>
      spec
        .given([])
        .when(registerCommand(overrides as never))
        .thenThrows(
          (e) => (e as { kind: string; field: string }).kind === kind && (e as { field: string }).field === field,
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
          data: { alias: 'Invoices', description: 'Invoices only', by: 'operator-2', issuerId: 'issuer-a', at: later },
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
          data: { alias: 'Main signing', description: 'New', by: operator, issuerId: 'issuer-a', at: later },
        })
        .then([
          {
            type: 'CertificateDetailsChanged',
            data: { ...audit(operator, later), description: { from: 'Used by the invoicing API', to: 'New' } },
          },
        ]);
      spec
        .given([registered])
        .when({
          type: 'ChangeCertificateDetails',
          data: { alias: ' Main signing ', by: operator, issuerId: 'issuer-a', at: later },
        })
        .then([]);
    });

    it('is refused for a certificate that does not exist', () =>
      spec
        .given([])
        .when({ type: 'ChangeCertificateDetails', data: { alias: 'x', by: operator, issuerId: 'issuer-a', at: later } })
        .thenThrows((e) => (e as { kind: string }).kind === 'not-found'));
  });

  describe('ChangeCertificateStatus', () => {
    it('deactivates with a reason', () =>
      spec
        .given([registered])
        .when({
          type: 'ChangeCertificateStatus',
          data: { status: 'inactive', reason: 'compromised key', by: operator, issuerId: 'issuer-a', at: now },
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
        .when({
          type: 'ChangeCertificateStatus',
          data: { status: 'inactive', reason: ' ', by: operator, issuerId: 'issuer-a', at: now },
        })
        .thenThrows((e) => (e as { field: string }).field === 'reason');
      spec
        .given([registered])
        .when({
          type: 'ChangeCertificateStatus',
          data: { status: 'active', reason: 'again', by: operator, issuerId: 'issuer-a', at: now },
        })
        .then([]);
    });
  });

  it.each([
    ['ChangeCertificateStatus', { status: 'inactive', reason: 'mine now' }],
    ['RenewAccess', { expiresAt: inDays(180) }],
    ['IssueAccessExpiryWarning', { thresholdsDays: [30] }],
  ])("answers another issuer's %s as not found, as for a missing certificate", (type, data) =>
    spec
      .given([registered])
      .when({ type, data: { ...data, by: 'operator-b', issuerId: 'issuer-b', at: now } } as never)
      .thenThrows((e) => (e as { kind: string }).kind === 'not-found'),
  );

  describe('RenewAccess', () => {
    const expired: CertificateEvent = {
      type: 'AccessExpired',
      data: { ...audit('system', new Date(inDays(90))), period: 1, expiresAt: inDays(90), provider: 'Acme CA' },
    };
    const at = new Date(inDays(91));

    it('starts a new access period, also after the access expired', () =>
      spec
        .given([registered, expired])
        .when({
          type: 'RenewAccess',
          data: { expiresAt: inDays(180), credentialId: 'cred-2', by: operator, issuerId: 'issuer-a', at },
        })
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
        .when({ type: 'RenewAccess', data: { expiresAt, by: operator, issuerId: 'issuer-a', at: now } })
        .thenThrows((e) => (e as { field: string }).field === 'expiresAt'),
    );

    describe('to an expiration earlier than the current one (30 Aug 2026, 10:00 UTC)', () => {
      const earlier = '2026-07-14T00:00:00.000Z';

      it('refuses it with a conflict naming the confirmation and both dates', () =>
        spec
          .given([registered])
          .when({ type: 'RenewAccess', data: { expiresAt: earlier, by: operator, issuerId: 'issuer-a', at: now } })
          .thenThrows(
            (e) =>
              e instanceof DomainError &&
              e.kind === 'conflict' &&
              e.field === 'confirmEarlierExpiry' &&
              e.message ===
                'The new expiration date (14 Jul 2026) is earlier than the current one (30 Aug 2026, 10:00 UTC): ' +
                  'confirm to shorten the CA access.',
          ));

      it('renews when the operator confirmed it', () =>
        spec
          .given([registered])
          .when({
            type: 'RenewAccess',
            data: { expiresAt: earlier, confirmEarlierExpiry: true, by: operator, issuerId: 'issuer-a', at: now },
          })
          .then([
            {
              type: 'AccessRenewed',
              data: {
                ...audit(operator, now),
                period: 2,
                previous: registered.data.access,
                access: { ...registered.data.access, grantedAt: now.toISOString(), expiresAt: earlier },
                wasExpired: false,
              },
            },
          ]));

      it('needs no confirmation for the same expiration or a later one', () => {
        for (const expiresAt of [inDays(90), inDays(91)]) {
          const [event] = certificateDecider.decide(
            { type: 'RenewAccess', data: { expiresAt, by: operator, issuerId: 'issuer-a', at: now } },
            foldEvents(certificateDecider, [registered]),
          );
          expect(event.type).toBe('AccessRenewed');
        }
      });
    });
  });
});
