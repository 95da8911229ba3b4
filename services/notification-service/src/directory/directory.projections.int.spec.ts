import type {
  CertificateIntegrationEvent,
  ClientServiceIntegrationEvent,
  EnvelopeOf,
  OperatorIntegrationEvent,
} from '@signstash/contracts';
import type { RecordedEvent } from '@signstash/event-store';
import { defineProjection } from '@signstash/read-model';
import { GivenEvent, projectionSpec } from '@signstash/read-model/testing';
import { specDatabase } from '@signstash/testing';
import {
  certificateDirectory,
  CertificateView,
  ClientServiceView,
  OperatorView,
  clientServiceDirectory,
  DirectoryProjection,
  operatorDirectory,
} from './directory.projections';

type Event = { type: string; data: Record<string, unknown> };

/**
 * A directory as a projection of recorded events, for projectionSpec: each event becomes the
 * envelope the directory gets from Kafka (the stream is the aggregate, its revision the envelope's).
 */
const asProjection = <E extends Event, Doc extends { _id: string }>(
  directory: DirectoryProjection<EnvelopeOf<E>, Doc>,
) =>
  defineProjection<E & RecordedEvent, Doc>({
    name: directory.collection,
    version: 1,
    collection: directory.collection,
    filter: {},
    apply: (event) =>
      directory.apply({
        eventId: event.eventId,
        schemaVersion: 1,
        occurredAt: event.recordedAt.toISOString(),
        issuerId: 'issuer-a',
        aggregateId: event.streamId,
        streamRevision: event.revision,
        ...({ type: event.type, data: event.data } as E),
      }),
  });

const given = <E extends Event>(streamId: string, revision: number, event: E) =>
  ({ ...event, streamId, revision, eventId: `${streamId}-${revision}` }) as GivenEvent<E & RecordedEvent>;

describe('notification directories (real FerretDB)', () => {
  const db = specDatabase('notification_directory_spec');
  const ana = {
    operatorId: 'op-1',
    issuerId: 'issuer-a',
    name: 'Ana',
    email: 'ana@acme.example',
    role: 'issuer-operator' as const,
  };

  it('operators: the latest snapshot of each, a removed one gone, whatever is applied twice', () =>
    projectionSpec(asProjection<OperatorIntegrationEvent, OperatorView>(operatorDirectory), db())
      .given(
        given('op-1', 0, { type: 'OperatorCreated', data: { ...ana, name: 'Ana B.' } }),
        given('op-2', 0, { type: 'OperatorCreated', data: { ...ana, operatorId: 'op-2', name: 'Bo' } }),
        given('op-1', 1, { type: 'OperatorChanged', data: ana }),
        given('op-2', 1, { type: 'OperatorRemoved', data: { operatorId: 'op-2', issuerId: 'issuer-a' } }),
      )
      .then([{ _id: 'op-1', ...ana }]));

  it('operators: a snapshot without mail choices leaves none of the earlier ones behind', () =>
    projectionSpec(asProjection<OperatorIntegrationEvent, OperatorView>(operatorDirectory), db())
      .given(
        given('op-1', 0, { type: 'OperatorCreated', data: { ...ana, mail: { warnings: false, expiries: true } } }),
        given('op-1', 1, { type: 'OperatorChanged', data: ana }),
        given('op-1', 1, { type: 'OperatorChanged', data: ana }),
      )
      .then([{ _id: 'op-1', ...ana }]));

  it('certificates: the alias of the newest change, a late older change ignored', () => {
    const fact = { certificateId: 'cert-1', issuerId: 'issuer-a', by: 'op-1', at: '2026-06-01T10:00:00.000Z' };
    const rename = (revision: number, from: string, to: string) =>
      given<CertificateIntegrationEvent>('cert-1', revision, {
        type: 'CertificateDetailsChanged',
        data: { ...fact, alias: { from, to } },
      });
    const registered = given<CertificateIntegrationEvent>('cert-1', 0, {
      type: 'CertificateRegistered',
      data: {
        ...fact,
        alias: 'Main signing',
        description: '',
        certificate: {
          subject: 'CN=A',
          issuingCa: 'CN=CA',
          serialNumber: '01',
          validFrom: fact.at,
          validTo: fact.at,
          fingerprintSha256: 'AB',
        },
        access: { provider: 'Acme CA', credentialId: 'c', grantedAt: fact.at, expiresAt: fact.at },
      },
    });
    return projectionSpec(asProjection<CertificateIntegrationEvent, CertificateView>(certificateDirectory), db())
      .given(
        registered,
        rename(1, 'Main signing', 'Invoices'),
        rename(2, 'Invoices', 'Billing'),
        rename(1, 'Main signing', 'Invoices'),
      )
      .then([{ _id: 'cert-1', issuerId: 'issuer-a', alias: 'Billing', revision: 2 }]);
  });

  it('client services: the newest status and the suspending event, a late suspension ignored', () => {
    const fact = {
      clientServiceId: 'cs-1',
      issuerId: 'issuer-a',
      certificateId: 'cert-1',
      by: 'system',
      at: '2026-06-01T10:00:00.000Z',
    };
    const suspended = given<ClientServiceIntegrationEvent>('cs-1', 1, {
      type: 'ClientServiceSuspended',
      data: { ...fact, reason: 'certificate access expired', byAccessExpiry: true, causeEventId: 'e9' },
    });
    return projectionSpec(asProjection<ClientServiceIntegrationEvent, ClientServiceView>(clientServiceDirectory), db())
      .given(
        given<ClientServiceIntegrationEvent>('cs-1', 0, {
          type: 'ClientServiceRegistered',
          data: { ...fact, name: 'Invoicing API', status: 'ACTIVE' },
        }),
        suspended,
        given<ClientServiceIntegrationEvent>('cs-1', 2, { type: 'ClientServiceActivated', data: fact }),
        suspended,
      )
      .then([
        {
          _id: 'cs-1',
          issuerId: 'issuer-a',
          certificateId: 'cert-1',
          name: 'Invoicing API',
          status: 'ACTIVE',
          causeEventId: 'e9',
          revision: 2,
        },
      ]);
  });
});
