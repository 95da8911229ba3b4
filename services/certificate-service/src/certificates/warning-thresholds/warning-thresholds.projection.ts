import type { RecordedEvent } from '@signstash/event-store';
import { createOnce, defineProjection, updateIfNewer } from '@signstash/read-model';
import { WARNING_THRESHOLDS_EVENTS, WarningThresholdsEvent } from './warning-thresholds.decider';

export const WARNING_THRESHOLDS = 'warning_thresholds';

/** The thresholds of each issuer that chose its own: what the expiry scheduler reads on each pass. */
export interface WarningThresholdsDocument {
  _id: string;
  thresholdsDays: number[];
  revision: number;
}

export const warningThresholdsProjection = defineProjection<
  WarningThresholdsEvent & RecordedEvent,
  WarningThresholdsDocument
>({
  name: 'warning-thresholds',
  version: 1,
  collection: WARNING_THRESHOLDS,
  filter: WARNING_THRESHOLDS_EVENTS,
  apply: (event) => [
    event.revision === 0
      ? createOnce<WarningThresholdsDocument>({ _id: event.data.issuerId, thresholdsDays: event.data.to, revision: 0 })
      : updateIfNewer<WarningThresholdsDocument>(event.data.issuerId, event, {
          $set: { thresholdsDays: event.data.to },
        }),
  ],
});
