import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import type { ClientServiceEnvelope } from '@signstash/contracts';
import { MONGO_DB } from '@signstash/platform';
import type { CertificateHistoryDocument } from '../certificate-history/certificate-history.projection';

/** This service's view of one client service: enough to name it and to tell a reactivation after an expiry. */
interface ClientServiceViewDocument {
  _id: string;
  issuerId: string;
  certificateId: string;
  name: string;
  suspendedByExpiry: boolean;
  /** Stream revision of the client-service event applied last. */
  revision: number;
}

/** A line of a certificate's history about one of its client services (`type` is the client-service event's). */
export type ClientServiceEffectDocument = Omit<CertificateHistoryDocument, 'type'> & {
  type: 'ClientServiceSuspended' | 'ClientServiceActivated' | 'ClientServiceRegistered';
  clientServiceId: string;
  clientServiceName: string;
};

export const CLIENT_SERVICE_EFFECTS = 'certificate_client_service_effects';

/**
 * What happened to a certificate's client services because of it, from the client-service
 * service's topic: suspended by the expiry of its access (or registered suspended while it was
 * expired), and reactivated after the renewal, by whom and when. Kafka keys that topic by client
 * service, so one client service's events arrive in order; each line's id is the event id and the
 * view is revision-guarded, so a redelivery writes nothing twice. These lines live beside the
 * certificate history projection, not in it: that one is rebuilt from this service's own event
 * store, which does not hold them.
 */
@Injectable()
export class ClientServiceEffects implements OnModuleInit {
  private readonly views: Collection<ClientServiceViewDocument>;
  private readonly lines: Collection<ClientServiceEffectDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.views = db.collection('certificate_client_services');
    this.lines = db.collection(CLIENT_SERVICE_EFFECTS);
  }

  async onModuleInit(): Promise<void> {
    await this.lines.createIndex({ certificateId: 1 });
  }

  async apply(envelope: ClientServiceEnvelope): Promise<void> {
    const revision = envelope.streamRevision;
    const id = envelope.data.clientServiceId;
    const guard = { _id: id, revision: { $lt: revision } };
    switch (envelope.type) {
      case 'ClientServiceRegistered': {
        const { data } = envelope;
        const suspendedByExpiry = data.status === 'SUSPENDED' && data.suspension?.byAccessExpiry === true;
        const { name } = data;
        if (suspendedByExpiry)
          await this.record(envelope, name, `Client service "${name}" registered suspended: the CA access is expired`);
        await this.views.updateOne(
          { _id: id },
          {
            $setOnInsert: {
              _id: id,
              issuerId: data.issuerId,
              certificateId: data.certificateId,
              name,
              suspendedByExpiry,
              revision,
            },
          },
          { upsert: true },
        );
        return;
      }
      case 'ClientServiceSuspended': {
        const byAccessExpiry = envelope.data.byAccessExpiry === true;
        if (byAccessExpiry) {
          const name = await this.nameOf(id);
          await this.record(envelope, name, `Client service "${name}" suspended: the CA access expired`);
        }
        await this.views.updateOne(guard, { $set: { revision, suspendedByExpiry: byAccessExpiry } });
        return;
      }
      case 'ClientServiceActivated': {
        const view = await this.views.findOne({ _id: id });
        if (view?.suspendedByExpiry && view.revision < revision) {
          await this.record(envelope, view.name, `Client service "${view.name}" reactivated after the renewal`);
        }
        await this.views.updateOne(guard, { $set: { revision, suspendedByExpiry: false } });
        return;
      }
      case 'ClientServiceDeactivated':
        await this.views.updateOne(guard, { $set: { revision, suspendedByExpiry: false } });
        return;
    }
  }

  /** The certificate's client-service lines, under its issuer only. */
  of(issuerId: string, certificateId: string): Promise<ClientServiceEffectDocument[]> {
    return this.lines.find({ certificateId, issuerId }).toArray();
  }

  private async nameOf(clientServiceId: string): Promise<string> {
    return (await this.views.findOne({ _id: clientServiceId }))?.name ?? clientServiceId;
  }

  private async record(
    envelope: Exclude<ClientServiceEnvelope, { type: 'ClientServiceDeactivated' }>,
    name: string,
    summary: string,
  ) {
    const { type, data } = envelope;
    const line: ClientServiceEffectDocument = {
      _id: envelope.eventId,
      certificateId: data.certificateId,
      issuerId: data.issuerId,
      revision: envelope.streamRevision,
      type,
      at: data.at,
      by: data.by,
      summary,
      clientServiceId: data.clientServiceId,
      clientServiceName: name,
      changes:
        type === 'ClientServiceRegistered'
          ? []
          : [
              {
                field: 'clientService.status',
                from: type === 'ClientServiceActivated' ? 'SUSPENDED' : 'ACTIVE',
                to: type === 'ClientServiceActivated' ? 'ACTIVE' : 'SUSPENDED',
              },
            ],
    };
    await this.lines.updateOne({ _id: line._id }, { $setOnInsert: line }, { upsert: true });
  }
}
