import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import type { IntegrationEnvelope, OperatorSnapshot } from '@signstash/contracts';
import { MONGO_DB } from '@signstash/platform';

interface OperatorView extends OperatorSnapshot {
  _id: string;
}

interface CertificateView {
  _id: string;
  issuerId: string;
  alias: string;
  revision: number;
}

interface ClientServiceView {
  _id: string;
  issuerId: string;
  certificateId: string;
  name: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'INACTIVE';
  /** The certificate event that suspended it, when one did. */
  causeEventId?: string;
  revision: number;
}

/**
 * This service's own view of who to mail and what to say, kept from the events of the gateway
 * (operators), the certificate service (aliases) and the client-service service (names, statuses).
 * Certificate and client-service updates are guarded by stream revision, so redelivered or
 * out-of-order events cannot regress them.
 */
@Injectable()
export class RecipientDirectory implements OnModuleInit {
  private readonly operators: Collection<OperatorView>;
  private readonly certificates: Collection<CertificateView>;
  private readonly clientServices: Collection<ClientServiceView>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.operators = db.collection('directory_operators');
    this.certificates = db.collection('directory_certificates');
    this.clientServices = db.collection('directory_client_services');
  }

  async onModuleInit() {
    await this.operators.createIndex({ issuerId: 1 });
    await this.clientServices.createIndex({ certificateId: 1 });
  }

  async applyOperatorEvent(envelope: IntegrationEnvelope): Promise<void> {
    const data = envelope.data as unknown as OperatorSnapshot;
    if (envelope.type === 'OperatorRemoved') {
      await this.operators.deleteOne({ _id: data.operatorId });
      return;
    }
    await this.operators.updateOne({ _id: data.operatorId }, { $set: { ...data } }, { upsert: true });
  }

  async applyCertificateEvent(envelope: IntegrationEnvelope): Promise<void> {
    const data = envelope.data as { certificateId: string; issuerId: string; alias?: string | { to: string } };
    const alias = typeof data.alias === 'string' ? data.alias : data.alias?.to;
    if (envelope.type === 'CertificateRegistered') {
      await this.upsertOnce(this.certificates, data.certificateId, { _id: data.certificateId, issuerId: data.issuerId, alias: alias!, revision: envelope.streamRevision });
    } else if (alias !== undefined) {
      await this.certificates.updateOne({ _id: data.certificateId, revision: { $lt: envelope.streamRevision } }, { $set: { alias, revision: envelope.streamRevision } });
    }
  }

  async applyClientServiceEvent(envelope: IntegrationEnvelope): Promise<void> {
    const data = envelope.data as { clientServiceId: string; issuerId: string; certificateId: string; name?: string; status?: ClientServiceView['status']; causeEventId?: string };
    const status: ClientServiceView['status'] | undefined =
      envelope.type === 'ClientServiceRegistered'
        ? data.status
        : ({ ClientServiceSuspended: 'SUSPENDED', ClientServiceActivated: 'ACTIVE', ClientServiceDeactivated: 'INACTIVE' } as const)[
            envelope.type as 'ClientServiceSuspended'
          ];
    if (!status) return;
    if (envelope.type === 'ClientServiceRegistered') {
      await this.upsertOnce(this.clientServices, data.clientServiceId, {
        _id: data.clientServiceId,
        issuerId: data.issuerId,
        certificateId: data.certificateId,
        name: data.name ?? data.clientServiceId,
        status,
        revision: envelope.streamRevision,
      });
    } else {
      const cause = envelope.type === 'ClientServiceSuspended' && data.causeEventId ? { causeEventId: data.causeEventId } : {};
      await this.clientServices.updateOne({ _id: data.clientServiceId, revision: { $lt: envelope.streamRevision } }, { $set: { status, revision: envelope.streamRevision, ...cause } });
    }
  }

  operatorsOf(issuerId: string): Promise<OperatorView[]> {
    return this.operators.find({ issuerId }).sort({ email: 1 }).toArray();
  }

  async aliasOf(certificateId: string): Promise<string | undefined> {
    return (await this.certificates.findOne({ _id: certificateId }))?.alias;
  }

  clientServicesUsing(certificateId: string): Promise<ClientServiceView[]> {
    return this.clientServices.find({ certificateId }).sort({ name: 1 }).toArray();
  }

  private async upsertOnce<T extends { _id: string }>(collection: Collection<T>, id: string, document: T) {
    await collection.updateOne({ _id: id } as never, { $setOnInsert: document } as never, { upsert: true });
  }
}
