import type { AnyBulkWriteOperation } from 'mongodb';
import type { RecordedEvent } from '@signstash/event-store';
import type { CertificateEvent } from '../certificate.aggregate';
import type { CertificateListDocument } from './certificate-list.document';

type Op = AnyBulkWriteOperation<CertificateListDocument>;

/** Later events update only a document older than themselves, so a replay changes nothing. */
const guarded = (event: RecordedEvent, set: Partial<CertificateListDocument>, extra: Record<string, unknown> = {}): Op[] => [
  {
    updateOne: {
      filter: { _id: (event.data as { certificateId: string }).certificateId, revision: { $lt: event.revision } },
      update: { $set: { ...set, revision: event.revision }, ...extra },
    },
  },
];

export function certificateListOps(recorded: RecordedEvent): Op[] {
  const event = recorded as unknown as CertificateEvent & RecordedEvent;
  switch (event.type) {
    case 'CertificateRegistered': {
      const { certificateId, issuerId, alias, at, access, certificate } = event.data;
      const document: CertificateListDocument = {
        _id: certificateId,
        issuerId,
        alias,
        aliasLower: alias.toLowerCase(),
        status: 'active',
        registeredAt: new Date(at),
        registeredDay: at.slice(0, 10),
        provider: access.provider,
        accessExpiresAt: new Date(access.expiresAt),
        accessState: 'granted',
        accessPeriod: 1,
        warnedThresholds: [],
        validTo: new Date(certificate.validTo),
        revision: recorded.revision,
      };
      return [{ updateOne: { filter: { _id: certificateId }, update: { $setOnInsert: document }, upsert: true } }];
    }
    case 'CertificateDetailsChanged':
      return event.data.alias
        ? guarded(recorded, { alias: event.data.alias.to, aliasLower: event.data.alias.to.toLowerCase() })
        : guarded(recorded, {});
    case 'CertificateStatusChanged':
      return guarded(recorded, { status: event.data.to });
    case 'AccessRenewed':
      return guarded(recorded, {
        provider: event.data.access.provider,
        accessExpiresAt: new Date(event.data.access.expiresAt),
        accessState: 'granted',
        accessPeriod: event.data.period,
        warnedThresholds: [],
      });
    case 'AccessExpiring':
      return guarded(recorded, {}, { $addToSet: { warnedThresholds: event.data.thresholdDays } });
    case 'AccessExpired':
      return guarded(recorded, { accessState: 'expired' });
    default:
      return [];
  }
}
