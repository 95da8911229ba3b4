import type { AnyBulkWriteOperation } from 'mongodb';
import type {
  CertificateEnvelope,
  ClientServiceEnvelope,
  ClientServiceStatus,
  OperatorEnvelope,
  OperatorSnapshot,
} from '@signstash/contracts';
import { createOnce } from '@signstash/read-model';

export interface OperatorView extends OperatorSnapshot {
  _id: string;
}

export interface CertificateView {
  _id: string;
  issuerId: string;
  alias: string;
  revision: number;
}

export interface ClientServiceView {
  _id: string;
  issuerId: string;
  certificateId: string;
  name: string;
  status: ClientServiceStatus;
  /** The certificate event that suspended it, when one did. */
  causeEventId?: string;
  revision: number;
}

/** One of the directory's collections, kept from one or two topics' envelopes by write operations only. */
export interface DirectoryProjection<Envelope, Doc extends { _id: string }> {
  collection: string;
  apply(envelope: Envelope): AnyBulkWriteOperation<Doc>[];
}

/** Changes a document only when the envelope is newer than what it last applied (by stream revision). */
const ifNewer = <Doc extends { _id: string }>(
  id: string,
  revision: number,
  $set: Partial<Doc>,
): AnyBulkWriteOperation<Doc> => ({
  updateOne: { filter: { _id: id, revision: { $lt: revision } } as never, update: { $set: { ...$set, revision } } },
});

/**
 * Operators, from the gateway's compacted topic: each event is the operator's whole snapshot, so it
 * replaces the document; a field the snapshot no longer has (such as `mail`) is gone, not kept stale.
 */
export const operatorDirectory: DirectoryProjection<OperatorEnvelope, OperatorView> = {
  collection: 'directory_operators',
  apply: (envelope) =>
    envelope.type === 'OperatorRemoved'
      ? [{ deleteOne: { filter: { _id: envelope.data.operatorId } } }]
      : [{ replaceOne: { filter: { _id: envelope.data.operatorId }, replacement: envelope.data, upsert: true } }],
};

/** Certificate aliases, for the mails' wording. */
export const certificateDirectory: DirectoryProjection<CertificateEnvelope, CertificateView> = {
  collection: 'directory_certificates',
  apply(envelope) {
    const { certificateId, issuerId } = envelope.data;
    if (envelope.type === 'CertificateRegistered') {
      const { alias } = envelope.data;
      return [createOnce<CertificateView>({ _id: certificateId, issuerId, alias, revision: envelope.streamRevision })];
    }
    if (envelope.type === 'CertificateDetailsChanged' && envelope.data.alias) {
      return [ifNewer<CertificateView>(certificateId, envelope.streamRevision, { alias: envelope.data.alias.to })];
    }
    return [];
  },
};

const statusAfter = {
  ClientServiceSuspended: 'SUSPENDED',
  ClientServiceActivated: 'ACTIVE',
  ClientServiceDeactivated: 'INACTIVE',
} as const;

/** Client services' names and statuses, for the mails' lists of what an expiry suspends. */
export const clientServiceDirectory: DirectoryProjection<ClientServiceEnvelope, ClientServiceView> = {
  collection: 'directory_client_services',
  apply(envelope) {
    const { clientServiceId, issuerId, certificateId } = envelope.data;
    const revision = envelope.streamRevision;
    if (envelope.type === 'ClientServiceRegistered') {
      const { name, status } = envelope.data;
      return [createOnce<ClientServiceView>({ _id: clientServiceId, issuerId, certificateId, name, status, revision })];
    }
    const cause =
      envelope.type === 'ClientServiceSuspended' && envelope.data.causeEventId
        ? { causeEventId: envelope.data.causeEventId }
        : {};
    return [ifNewer<ClientServiceView>(clientServiceId, revision, { status: statusAfter[envelope.type], ...cause })];
  },
};
