import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import type { IntegrationEnvelope, OperatorSnapshot } from '@signstash/contracts';
import { groupBy, MONGO_DB } from '@signstash/platform';
import { batchedLookup } from '../coalescer';

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
 * out-of-order events cannot regress them. Reads for mails are batched (see Coalescer).
 */
@Injectable()
export class RecipientDirectory implements OnModuleInit {
  private readonly operators: Collection<OperatorView>;
  private readonly certificates: Collection<CertificateView>;
  private readonly clientServices: Collection<ClientServiceView>;
  private readonly operatorsByIssuer: (issuerId: string) => Promise<OperatorView[] | undefined>;
  private readonly aliases: (certificateId: string) => Promise<string | undefined>;
  private readonly clientServicesByCertificate: (certificateId: string) => Promise<ClientServiceView[] | undefined>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.operators = db.collection('directory_operators');
    this.certificates = db.collection('directory_certificates');
    this.clientServices = db.collection('directory_client_services');
    this.operatorsByIssuer = batchedLookup(async (issuerIds) =>
      groupBy(
        await this.operators
          .find({ issuerId: { $in: issuerIds } })
          .sort({ email: 1 })
          .toArray(),
        (o) => o.issuerId,
      ),
    );
    this.aliases = batchedLookup(async (certificateIds) => {
      // By `_id` alone FerretDB reads one row; `$in` scans, which pays only for several.
      const filter = certificateIds.length === 1 ? { _id: certificateIds[0] } : { _id: { $in: certificateIds } };
      const found = await this.certificates.find(filter, { projection: { alias: 1 } }).toArray();
      return new Map(found.map((certificate) => [certificate._id, certificate.alias]));
    });
    this.clientServicesByCertificate = batchedLookup(async (certificateIds) =>
      groupBy(
        await this.clientServices
          .find({ certificateId: { $in: certificateIds } })
          .sort({ name: 1 })
          .toArray(),
        (c) => c.certificateId,
      ),
    );
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
      await this.upsertOnce(this.certificates, data.certificateId, {
        _id: data.certificateId,
        issuerId: data.issuerId,
        alias: alias!,
        revision: envelope.streamRevision,
      });
    } else if (alias !== undefined) {
      await this.certificates.updateOne(
        { _id: data.certificateId, revision: { $lt: envelope.streamRevision } },
        { $set: { alias, revision: envelope.streamRevision } },
      );
    }
  }

  async applyClientServiceEvent(envelope: IntegrationEnvelope): Promise<void> {
    const data = envelope.data as {
      clientServiceId: string;
      issuerId: string;
      certificateId: string;
      name?: string;
      status?: ClientServiceView['status'];
      causeEventId?: string;
    };
    const status: ClientServiceView['status'] | undefined =
      envelope.type === 'ClientServiceRegistered'
        ? data.status
        : (
            {
              ClientServiceSuspended: 'SUSPENDED',
              ClientServiceActivated: 'ACTIVE',
              ClientServiceDeactivated: 'INACTIVE',
            } as const
          )[envelope.type as 'ClientServiceSuspended'];
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
      const cause =
        envelope.type === 'ClientServiceSuspended' && data.causeEventId ? { causeEventId: data.causeEventId } : {};
      await this.clientServices.updateOne(
        { _id: data.clientServiceId, revision: { $lt: envelope.streamRevision } },
        { $set: { status, revision: envelope.streamRevision, ...cause } },
      );
    }
  }

  async operatorsOf(issuerId: string): Promise<OperatorView[]> {
    return (await this.operatorsByIssuer(issuerId)) ?? [];
  }

  aliasOf(certificateId: string): Promise<string | undefined> {
    return this.aliases(certificateId);
  }

  async clientServicesUsing(certificateId: string): Promise<ClientServiceView[]> {
    return (await this.clientServicesByCertificate(certificateId)) ?? [];
  }

  private async upsertOnce<T extends { _id: string }>(collection: Collection<T>, id: string, document: T) {
    await collection.updateOne({ _id: id } as never, { $setOnInsert: document } as never, { upsert: true });
  }
}
