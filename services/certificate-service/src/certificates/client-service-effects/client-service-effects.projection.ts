import type { ClientServiceEnvelope } from '@signstash/contracts';
import { createOnce, defineTopicProjection, updateIfNewer } from '@signstash/read-model';
import type { CertificateHistoryDocument } from '../certificate-history/certificate-history.projection';

/** Something that happened to a client service because of its certificate, by whom and when. */
export interface ClientServiceEffect {
  /** The client-service event's id. */
  _id: string;
  type: 'ClientServiceSuspended' | 'ClientServiceActivated' | 'ClientServiceRegistered';
  revision: number;
  at: string;
  by: string;
}

/** A line of a certificate's history about one of its client services (`type` is the client-service event's). */
export type ClientServiceEffectDocument = Omit<CertificateHistoryDocument, 'type'> & {
  type: ClientServiceEffect['type'];
  clientServiceId: string;
  clientServiceName: string;
};

/**
 * This service's view of one client service: enough to name it and to tell a reactivation after an
 * expiry, and the effects of its certificate on it (a line each in the certificate's history).
 */
export interface ClientServiceEffectsDocument {
  _id: string;
  issuerId: string;
  certificateId: string;
  name: string;
  suspendedByExpiry: boolean;
  /** Stream revision of the client-service event applied last. */
  revision: number;
  /** Absent until the first one: FerretDB 1.x drops a top-level empty array from an upserted $setOnInsert. */
  effects?: ClientServiceEffect[];
}

const effectOf = (envelope: ClientServiceEnvelope & { type: ClientServiceEffect['type'] }): ClientServiceEffect => ({
  _id: envelope.eventId,
  type: envelope.type,
  revision: envelope.streamRevision,
  at: envelope.data.at,
  by: envelope.data.by,
});

/**
 * What happened to a certificate's client services because of it, from the client-service service's
 * topic: suspended by the expiry of its access (or registered suspended while it was expired), and
 * reactivated after the renewal. Kafka keys that topic by client service, so one client service's
 * events arrive in order, and its document is revision-guarded: a redelivery writes nothing twice.
 * These lines live beside the certificate history projection, not in it: that one is rebuilt from
 * this service's own event store, which does not hold them.
 */
export const clientServiceEffectsProjection = defineTopicProjection<
  ClientServiceEnvelope,
  ClientServiceEffectsDocument
>({
  name: 'client-service-effects',
  collection: 'certificate_client_services',
  indexes: [{ key: { certificateId: 1 } }],
  apply(envelope) {
    const id = envelope.data.clientServiceId;
    switch (envelope.type) {
      case 'ClientServiceRegistered': {
        const { data } = envelope;
        const suspendedByExpiry = data.status === 'SUSPENDED' && data.suspension?.byAccessExpiry === true;
        return [
          createOnce<ClientServiceEffectsDocument>({
            _id: id,
            issuerId: data.issuerId,
            certificateId: data.certificateId,
            name: data.name,
            suspendedByExpiry,
            revision: envelope.streamRevision,
            ...(suspendedByExpiry ? { effects: [effectOf(envelope)] } : {}),
          }),
        ];
      }
      case 'ClientServiceSuspended':
        return envelope.data.byAccessExpiry === true
          ? [updateIfNewer(id, envelope, { $set: { suspendedByExpiry: true }, $push: { effects: effectOf(envelope) } })]
          : [updateIfNewer(id, envelope, { $set: { suspendedByExpiry: false } })];
      case 'ClientServiceActivated':
        // A reactivation after the expiry's suspension is a line; the second update applies only where the first did not.
        return [
          updateIfNewer(
            id,
            envelope,
            { $set: { suspendedByExpiry: false }, $push: { effects: effectOf(envelope) } },
            { where: { suspendedByExpiry: true } },
          ),
          updateIfNewer(id, envelope, { $set: { suspendedByExpiry: false } }),
        ];
      case 'ClientServiceDeactivated':
        return [updateIfNewer(id, envelope, { $set: { suspendedByExpiry: false } })];
    }
  },
});
