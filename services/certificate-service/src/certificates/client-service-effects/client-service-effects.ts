import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import type { ClientServiceEnvelope } from '@signstash/contracts';
import { MONGO_DB } from '@signstash/platform';
import { applyEnvelopes, prepareTopicProjection } from '@signstash/read-model';
import {
  ClientServiceEffect,
  ClientServiceEffectDocument,
  ClientServiceEffectsDocument,
  clientServiceEffectsProjection,
} from './client-service-effects.projection';
import { foldLegacyEffectLines } from './legacy-effect-lines.migration';

const summaries: Record<ClientServiceEffect['type'], (name: string) => string> = {
  ClientServiceRegistered: (name) => `Client service "${name}" registered suspended: the CA access is expired`,
  ClientServiceSuspended: (name) => `Client service "${name}" suspended: the CA access expired`,
  ClientServiceActivated: (name) => `Client service "${name}" reactivated after the renewal`,
};

function historyLine(view: ClientServiceEffectsDocument, effect: ClientServiceEffect): ClientServiceEffectDocument {
  const { type } = effect;
  return {
    ...effect,
    certificateId: view.certificateId,
    issuerId: view.issuerId,
    summary: summaries[type](view.name),
    clientServiceId: view._id,
    clientServiceName: view.name,
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
}

/** The certificates' client services and their lines in the certificate history: written by `clientServiceEffectsProjection`, read here. */
@Injectable()
export class ClientServiceEffects implements OnModuleInit {
  private readonly views: Collection<ClientServiceEffectsDocument>;

  constructor(@Inject(MONGO_DB) private readonly db: Db) {
    this.views = db.collection(clientServiceEffectsProjection.collection);
  }

  async onModuleInit(): Promise<void> {
    await prepareTopicProjection(clientServiceEffectsProjection, this.db);
    await foldLegacyEffectLines(this.db);
  }

  apply(envelope: ClientServiceEnvelope): Promise<void> {
    return this.applyAll([envelope]);
  }

  /**
   * Many in one ordered write (the consumer's batch handler). Each update is guarded by its stream
   * revision, so applying an envelope again (a batch redelivered, no inbox entry) changes nothing.
   */
  applyAll(envelopes: readonly ClientServiceEnvelope[]): Promise<void> {
    return applyEnvelopes(clientServiceEffectsProjection, this.db, envelopes);
  }

  /** The certificate's client-service lines, under its issuer only. */
  async of(issuerId: string, certificateId: string): Promise<ClientServiceEffectDocument[]> {
    const views = await this.views.find({ certificateId, issuerId, effects: { $exists: true } }).toArray();
    return views.flatMap((view) => (view.effects ?? []).map((effect) => historyLine(view, effect)));
  }
}
