import { projectionSpec } from '@signstash/read-model/testing';
import { specDatabase } from '@signstash/testing';
import { warningThresholdsStreamId } from './warning-thresholds.decider';
import { warningThresholdsProjection } from './warning-thresholds.projection';

const changed = (issuerId: string, from: number[], to: number[]) => ({
  type: 'WarningThresholdsChanged' as const,
  streamId: warningThresholdsStreamId(issuerId),
  data: { issuerId, from, to, by: 'op-1', at: '2026-12-04T10:00:00.000Z' },
});

describe('warning thresholds projection (real FerretDB)', () => {
  const db = specDatabase('warning_thresholds_spec');

  it("keeps each issuer's latest choice, the same when the events are applied twice", () =>
    projectionSpec(warningThresholdsProjection, db())
      .given(
        changed('issuer-a', [30, 7, 1], [60, 14]),
        changed('issuer-b', [30, 7, 1], [10]),
        changed('issuer-a', [60, 14], [3]),
      )
      .then([
        { _id: 'issuer-a', thresholdsDays: [3], revision: 1 },
        { _id: 'issuer-b', thresholdsDays: [10], revision: 0 },
      ]));
});
