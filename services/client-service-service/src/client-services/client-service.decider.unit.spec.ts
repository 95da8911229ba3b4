import { deciderSpec } from '@signstash/event-store/testing';
import type { ClientServiceEvent } from './client-service.aggregate';
import { ACCESS_EXPIRED_REASON, CertificateView, clientServiceDecider } from './client-service.decider';

const spec = deciderSpec(clientServiceDecider);
const at = new Date('2026-06-01T10:00:00.000Z');
const certificate: CertificateView = {
  certificateId: 'cert-1',
  issuerId: 'issuer-a',
  status: 'active',
  accessState: 'granted',
};
const expiredCertificate: CertificateView = { ...certificate, accessState: 'expired' };
const audit = (by = 'op-1') => ({
  clientServiceId: 'cs-1',
  issuerId: 'issuer-a',
  certificateId: 'cert-1',
  by,
  at: at.toISOString(),
});
const register = (view: CertificateView | undefined, name = ' Invoicing API ') =>
  ({
    type: 'RegisterClientService',
    data: { clientServiceId: 'cs-1', issuerId: 'issuer-a', name, certificate: view, by: 'op-1', at },
  }) as const;
const registered: ClientServiceEvent = {
  type: 'ClientServiceRegistered',
  data: { ...audit(), name: 'Invoicing API', status: 'ACTIVE' },
};
const suspendedByExpiry: ClientServiceEvent = {
  type: 'ClientServiceSuspended',
  data: { ...audit('system'), reason: ACCESS_EXPIRED_REASON, causeEventId: 'evt-9', byAccessExpiry: true },
};
const kind = (expected: string, field?: string) => (error: unknown) =>
  (error as { kind: string }).kind === expected &&
  (field === undefined || (error as { field?: string }).field === field);

describe('client service decider', () => {
  it('registers ACTIVE on a certificate with a granted access', () =>
    spec.given([]).when(register(certificate)).then([registered]));

  it('registers SUSPENDED, with the reason, on a certificate whose access expired', () =>
    spec
      .given([])
      .when(register(expiredCertificate))
      .then([
        {
          type: 'ClientServiceRegistered',
          data: {
            ...audit(),
            name: 'Invoicing API',
            status: 'SUSPENDED',
            suspension: { reason: ACCESS_EXPIRED_REASON, byAccessExpiry: true },
          },
        },
      ]));

  it('registers SUSPENDED on an inactive certificate', () =>
    spec
      .given([])
      .when(register({ ...certificate, status: 'inactive' }))
      .then([
        {
          type: 'ClientServiceRegistered',
          data: {
            ...audit(),
            name: 'Invoicing API',
            status: 'SUSPENDED',
            suspension: { reason: 'certificate is inactive', byAccessExpiry: false },
          },
        },
      ]));

  it.each([
    ['an unknown certificate', undefined, 'certificateId'],
    ["another issuer's certificate", { ...certificate, issuerId: 'issuer-b' }, 'certificateId'],
  ])('refuses %s', (_case, view, field) => spec.given([]).when(register(view)).thenThrows(kind('invalid', field)));

  it('refuses an empty name', () =>
    spec.given([]).when(register(certificate, '  ')).thenThrows(kind('invalid', 'name')));

  it('suspends an ACTIVE client service once, recording the cause', () => {
    const suspend = {
      type: 'SuspendClientService',
      data: {
        reason: ACCESS_EXPIRED_REASON,
        causeEventId: 'evt-9',
        byAccessExpiry: true,
        by: 'system',
        issuerId: 'issuer-a',
        at,
      },
    } as const;
    spec.given([registered]).when(suspend).then([suspendedByExpiry]);
    spec.given([registered, suspendedByExpiry]).when(suspend).then([]);
  });

  it('does not suspend a deactivated client service', () =>
    spec
      .given([registered, { type: 'ClientServiceDeactivated', data: { ...audit(), reason: 'retired' } }])
      .when({
        type: 'SuspendClientService',
        data: { reason: ACCESS_EXPIRED_REASON, by: 'system', issuerId: 'issuer-a', at },
      })
      .then([]));

  it('refuses activation with a clear reason while the access is expired, and allows it after renewal', () => {
    spec
      .given([registered, suspendedByExpiry])
      .when({
        type: 'ActivateClientService',
        data: { certificate: expiredCertificate, by: 'op-1', issuerId: 'issuer-a', at },
      })
      .thenThrows(
        (error) => kind('conflict')(error) && /CA access of its certificate expired/.test((error as Error).message),
      );
    spec
      .given([registered, suspendedByExpiry])
      .when({ type: 'ActivateClientService', data: { certificate, by: 'op-1', issuerId: 'issuer-a', at } })
      .then([{ type: 'ClientServiceActivated', data: audit() }]);
  });

  it('refuses activation while the certificate is inactive', () =>
    spec
      .given([registered, suspendedByExpiry])
      .when({
        type: 'ActivateClientService',
        data: { certificate: { ...certificate, status: 'inactive' }, by: 'op-1', issuerId: 'issuer-a', at },
      })
      .thenThrows(kind('conflict')));

  it('deactivates with a default reason, once', () => {
    const deactivated: ClientServiceEvent = {
      type: 'ClientServiceDeactivated',
      data: { ...audit(), reason: 'deactivated by an operator' },
    };
    spec
      .given([registered])
      .when({ type: 'DeactivateClientService', data: { by: 'op-1', issuerId: 'issuer-a', at } })
      .then([deactivated]);
    spec
      .given([registered, deactivated])
      .when({ type: 'DeactivateClientService', data: { by: 'op-1', issuerId: 'issuer-a', at } })
      .then([]);
  });

  it('is not found before registration', () =>
    spec
      .given([])
      .when({ type: 'DeactivateClientService', data: { by: 'op-1', issuerId: 'issuer-a', at } })
      .thenThrows(kind('not-found')));

  it("answers another issuer's command on this client service as not found", () =>
    spec
      .given([registered])
      .when({ type: 'DeactivateClientService', data: { by: 'op-2', issuerId: 'issuer-b', at } })
      .thenThrows(kind('not-found')));
});
