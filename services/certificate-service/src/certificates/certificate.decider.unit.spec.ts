import type { CertificateEvent } from './certificate.aggregate';
import { DomainError } from '@signstash/contracts';
import { foldEvents } from '@signstash/event-store';
import { certificateDecider } from './certificate.decider';
import type { CertificateCommand, ManualAccessTerms } from './certificate.commands';
import {
  spec,
  now,
  inDays,
  operator,
  facts,
  registerCommand,
  registered,
  audit,
  caGrant,
  legacyRegistered,
} from '../testing/certificate-decider.fixture';

const manual: ManualAccessTerms = {
  kind: 'manual',
  caName: 'Acme CA',
  credentialId: 'cred-1',
  grantedAt: inDays(-1),
  expiresAt: inDays(90),
};
const renewManually = (
  at: Date,
  terms: Partial<ManualAccessTerms>,
  confirmEarlierExpiry?: boolean,
): CertificateCommand => ({
  type: 'RenewAccess',
  data: {
    access: { ...manual, caName: '', credentialId: '', grantedAt: at.toISOString(), ...terms },
    ...(confirmEarlierExpiry === undefined ? {} : { confirmEarlierExpiry }),
    by: operator,
    issuerId: 'issuer-a',
    at,
  },
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

    describe('with a grant at a configured CA', () => {
      it('records the grant from now for the CA period, with the signature limit in force', () =>
        spec
          .given([])
          .when(registerCommand({ access: caGrant }))
          .then([
            {
              ...registered,
              data: {
                ...registered.data,
                access: {
                  ca: 'local-test-ca',
                  caName: 'Local test CA',
                  credentialId: 'cred-1',
                  grantedAt: now.toISOString(),
                  expiresAt: inDays(60),
                  signatureLimit: 1_000_000_000,
                },
              },
            },
          ]));

      it('ends the access with the certificate when the certificate ends first', () => {
        const validTo = inDays(20);
        const [event] = certificateDecider.decide(
          registerCommand({ access: caGrant, certificate: { ...facts, validTo } }) as never,
          foldEvents(certificateDecider, []),
        );
        expect(event.type === 'CertificateRegistered' && event.data.access.expiresAt).toBe(validTo);
      });
    });

    it('replays a registration stored with a free-text provider as a manual access under that name', () => {
      const state = foldEvents(certificateDecider, [legacyRegistered]);
      expect(state.status === 'registered' && state.access).toEqual({
        ...registered.data.access,
        state: 'granted',
        period: 1,
        warnedThresholds: [],
      });
    });

    it.each([
      ['an empty alias', { alias: '   ' }, 'alias', 'invalid'],
      ['a certificate already past its validity', { certificate: { ...facts, validTo: inDays(-1) } }, 'pem', 'rule'],
      ['an access already expired', { access: { ...manual, expiresAt: inDays(-1) } }, 'access.expiresAt', 'rule'],
      [
        'an access outlasting the certificate',
        { access: { ...manual, expiresAt: '2029-01-01T00:00:00Z' } },
        'access.expiresAt',
        'rule',
      ],
      ['an access granted in the future', { access: { ...manual, grantedAt: inDays(1) } }, 'access.grantedAt', 'rule'],
      ['a missing credential id', { access: { ...manual, credentialId: ' ' } }, 'access.credentialId', 'invalid'],
      [
        'a CA grant without a credential',
        { access: { ...caGrant, credentialId: '' } },
        'access.credentialId',
        'invalid',
      ],
      ['a missing CA name', { access: { ...manual, caName: '' } }, 'access.provider', 'invalid'],
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

    it('records the new grant at the CA: from now for the CA period, also after the access expired', () => {
      const grantedAtCa = {
        ...registered,
        data: {
          ...registered.data,
          access: { ...registered.data.access, ca: 'local-test-ca', caName: 'Local test CA' },
        },
      };
      return spec
        .given([grantedAtCa, expired])
        .when({ type: 'RenewAccess', data: { access: caGrant, by: operator, issuerId: 'issuer-a', at } })
        .then([
          {
            type: 'AccessRenewed',
            data: {
              ...audit(operator, at),
              period: 2,
              previous: grantedAtCa.data.access,
              access: {
                ca: 'local-test-ca',
                caName: 'Local test CA',
                credentialId: 'cred-1',
                grantedAt: at.toISOString(),
                expiresAt: inDays(60, at),
                signatureLimit: 1_000_000_000,
              },
              wasExpired: true,
            },
          },
        ]);
    });

    it.each([
      ['at another CA', { ca: 'other-ca' }],
      ['for another credential', { credentialId: 'cred-9' }],
    ])('refuses a grant %s, naming the CA and credential to renew', (_case, terms) => {
      const grantedAtCa = {
        ...registered,
        data: {
          ...registered.data,
          access: { ...registered.data.access, ca: 'local-test-ca', caName: 'Local test CA' },
        },
      };
      return spec
        .given([grantedAtCa])
        .when({
          type: 'RenewAccess',
          data: { access: { ...caGrant, ...terms }, by: operator, issuerId: 'issuer-a', at: now },
        })
        .thenThrows(
          (e) =>
            e instanceof DomainError &&
            e.kind === 'conflict' &&
            e.message ===
              'This access was granted at Local test CA for the credential cred-1: renew it there, for that credential.',
        );
    });

    it('refuses a typed expiry for an access granted at a CA', () =>
      spec
        .given([
          { ...registered, data: { ...registered.data, access: { ...registered.data.access, ca: 'local-test-ca' } } },
        ])
        .when(renewManually(now, { expiresAt: inDays(120) }))
        .thenThrows(
          (e) => e instanceof DomainError && e.kind === 'conflict' && /renew it through the CA/.test(e.message),
        ));

    it('another issuer renewing is told the certificate does not exist', () =>
      spec
        .given([registered])
        .when({ type: 'RenewAccess', data: { access: caGrant, by: operator, issuerId: 'issuer-b', at: now } })
        .thenThrows((e) => e instanceof DomainError && e.kind === 'not-found'));

    it('renews a manual access by hand, also after the access expired, keeping the CA name', () =>
      spec
        .given([registered, expired])
        .when(renewManually(at, { expiresAt: inDays(180), credentialId: 'cred-2' }))
        .then([
          {
            type: 'AccessRenewed',
            data: {
              ...audit(operator, at),
              period: 2,
              previous: registered.data.access,
              access: {
                ca: 'manual',
                caName: 'Acme CA',
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
        .when(renewManually(now, { expiresAt }))
        .thenThrows((e) => (e as { field: string }).field === 'expiresAt'),
    );

    describe('to an expiration earlier than the current one (30 Aug 2026, 10:00 UTC)', () => {
      const earlier = '2026-07-14T00:00:00.000Z';

      it('refuses it with a conflict naming the confirmation and both dates', () =>
        spec
          .given([registered])
          .when(renewManually(now, { expiresAt: earlier }))
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
          .when(renewManually(now, { expiresAt: earlier }, true))
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
            renewManually(now, { expiresAt }),
            foldEvents(certificateDecider, [registered]),
          );
          expect(event.type).toBe('AccessRenewed');
        }
      });
    });
  });
});
