import { Inject, Injectable } from '@nestjs/common';
import { aggregateStream, EVENT_STORE, EventStore, runCommand } from '@signstash/event-store';
import { READ_MODELS, ReadModelResolver } from '@signstash/read-model';
import { Actor, CLOCK, Clock } from '@signstash/platform';
import type { IssuerWarningThresholds } from '@signstash/api';
import { warningThresholdsDecider, warningThresholdsStreamId } from './warning-thresholds.decider';
import { WARNING_THRESHOLDS, WarningThresholdsDocument } from './warning-thresholds.projection';

export const WARNING_DEFAULTS = Symbol('WARNING_DEFAULTS');

/**
 * The days before an access expires at which an issuer's operators are warned. The settings page
 * reads the issuer's stream itself (a handful of events, and its own change shows at once); the
 * expiry scheduler reads every issuer's choice from the projection.
 */
@Injectable()
export class WarningThresholds {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModelResolver,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WARNING_DEFAULTS) private readonly defaultsDays: number[],
  ) {}

  async of(issuerId: string): Promise<IssuerWarningThresholds> {
    const { state, events } = await aggregateStream(
      this.store,
      warningThresholdsStreamId(issuerId),
      warningThresholdsDecider,
    );
    return {
      thresholdsDays: state.thresholdsDays ?? this.defaultsDays,
      isDefault: state.thresholdsDays === undefined,
      defaultsDays: this.defaultsDays,
      changes: events.map(({ data: { at, by, from, to } }) => ({ at, by, from, to })).reverse(),
    };
  }

  async change(actor: Actor, thresholdsDays: number[]): Promise<IssuerWarningThresholds> {
    await runCommand(
      this.store,
      warningThresholdsStreamId(actor.issuerId),
      warningThresholdsDecider,
      {
        type: 'ChangeWarningThresholds',
        data: {
          issuerId: actor.issuerId,
          thresholdsDays,
          defaultsDays: this.defaultsDays,
          by: actor.operatorId,
          at: this.clock.now(),
        },
      },
      actor,
    );
    return this.of(actor.issuerId);
  }

  /**
   * For one expiry pass: each issuer's thresholds (its own, or the defaults), and how far ahead the
   * pass must look to find every access one of them warns about.
   */
  async forPass(): Promise<{ of: (issuerId: string) => number[]; horizonDays: number }> {
    const collection = await this.readModels.collection<WarningThresholdsDocument>(WARNING_THRESHOLDS);
    const documents = await collection.find({}, { projection: { thresholdsDays: 1 } }).toArray();
    const chosen = new Map(documents.map((document) => [document._id, document.thresholdsDays]));
    return {
      of: (issuerId) => chosen.get(issuerId) ?? this.defaultsDays,
      horizonDays: Math.max(...this.defaultsDays, ...documents.flatMap((document) => document.thresholdsDays)),
    };
  }
}
