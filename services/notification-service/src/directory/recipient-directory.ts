import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import type { CertificateEnvelope, ClientServiceEnvelope, OperatorEnvelope } from '@signstash/contracts';
import { batchedLookup, groupBy, MONGO_DB } from '@signstash/platform';
import { writeOperations } from '@signstash/read-model';
import {
  certificateDirectory,
  CertificateView,
  clientServiceDirectory,
  ClientServiceView,
  operatorDirectory,
  OperatorView,
} from './directory.projections';

/**
 * Certificates looked up in one query at most: a burst of a thousand expiries has its first mails
 * composed, recorded and sent while the next certificates are looked up.
 */
const LOOKED_UP_AT_ONCE = 100;

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
    this.operators = db.collection(operatorDirectory.collection);
    this.certificates = db.collection(certificateDirectory.collection);
    this.clientServices = db.collection(clientServiceDirectory.collection);
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
    }, LOOKED_UP_AT_ONCE);
    this.clientServicesByCertificate = batchedLookup(
      async (certificateIds) =>
        groupBy(
          await this.clientServices
            .find({ certificateId: { $in: certificateIds } })
            .sort({ name: 1 })
            .toArray(),
          (c) => c.certificateId,
        ),
      LOOKED_UP_AT_ONCE,
    );
  }

  async onModuleInit() {
    await this.operators.createIndex({ issuerId: 1 });
    await this.clientServices.createIndex({ certificateId: 1 });
  }

  async applyOperatorEvent(envelope: OperatorEnvelope): Promise<void> {
    await writeOperations(this.operators, operatorDirectory.apply(envelope));
  }

  async applyCertificateEvent(envelope: CertificateEnvelope): Promise<void> {
    await writeOperations(this.certificates, certificateDirectory.apply(envelope));
  }

  async applyClientServiceEvent(envelope: ClientServiceEnvelope): Promise<void> {
    await this.applyClientServiceEvents([envelope]);
  }

  /** Many in one ordered write; each update is guarded by its stream revision, so applying one again changes nothing. */
  async applyClientServiceEvents(envelopes: readonly ClientServiceEnvelope[]): Promise<void> {
    await writeOperations(
      this.clientServices,
      envelopes.flatMap((envelope) => clientServiceDirectory.apply(envelope)),
    );
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
}
