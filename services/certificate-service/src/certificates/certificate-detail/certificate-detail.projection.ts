import type { AnyBulkWriteOperation } from 'mongodb';
import type { RecordedEvent } from '@signstash/event-store';
import type { AccessState, CaAccess, CertificateEvent, CertificateFacts, CertificateStatus } from '../certificate.aggregate';

/** The certificate details page: general information and the Certificate Authority access. */
export interface CertificateDetailDocument {
  _id: string;
  issuerId: string;
  alias: string;
  description: string;
  status: CertificateStatus;
  statusReason?: string;
  certificate: Omit<CertificateFacts, 'pem'>;
  access: CaAccess & { state: AccessState; period: number; lastWarningThresholdDays?: number; expiredAt?: string };
  registeredAt: string;
  registeredBy: string;
  updatedAt: string;
  updatedBy: string;
  revision: number;
}

type Op = AnyBulkWriteOperation<CertificateDetailDocument>;

const guarded = (event: RecordedEvent, set: Record<string, unknown>): Op[] => {
  const { certificateId, by, at } = event.data as { certificateId: string; by: string; at: string };
  return [
    {
      updateOne: {
        filter: { _id: certificateId, revision: { $lt: event.revision } },
        update: { $set: { ...set, updatedAt: at, updatedBy: by, revision: event.revision } },
      },
    },
  ];
};

export function certificateDetailOps(recorded: RecordedEvent): Op[] {
  const event = recorded as unknown as CertificateEvent & RecordedEvent;
  switch (event.type) {
    case 'CertificateRegistered': {
      const { certificateId, issuerId, alias, description, at, by, access, certificate } = event.data;
      const { pem: _pem, ...facts } = certificate;
      const document: CertificateDetailDocument = {
        _id: certificateId,
        issuerId,
        alias,
        description,
        status: 'active',
        certificate: facts,
        access: { ...access, state: 'granted', period: 1 },
        registeredAt: at,
        registeredBy: by,
        updatedAt: at,
        updatedBy: by,
        revision: recorded.revision,
      };
      return [{ updateOne: { filter: { _id: certificateId }, update: { $setOnInsert: document }, upsert: true } }];
    }
    case 'CertificateDetailsChanged':
      return guarded(recorded, {
        ...(event.data.alias ? { alias: event.data.alias.to } : {}),
        ...(event.data.description ? { description: event.data.description.to } : {}),
      });
    case 'CertificateStatusChanged':
      return guarded(recorded, { status: event.data.to, statusReason: event.data.reason });
    case 'AccessRenewed':
      return guarded(recorded, { access: { ...event.data.access, state: 'granted', period: event.data.period } });
    case 'AccessExpiring':
      return guarded(recorded, { 'access.lastWarningThresholdDays': event.data.thresholdDays });
    case 'AccessExpired':
      return guarded(recorded, { 'access.state': 'expired', 'access.expiredAt': event.data.at });
    default:
      return [];
  }
}
