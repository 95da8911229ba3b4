import { deciderSpec } from '@signstash/event-store/testing';
import {
  warningThresholdsDecider,
  WarningThresholdsEvent,
  warningThresholdsStreamId,
} from './warning-thresholds.decider';

const spec = deciderSpec(warningThresholdsDecider);
const at = new Date('2026-12-04T10:00:00.000Z');
const change = (thresholdsDays: number[], issuerId = 'issuer-a') => ({
  type: 'ChangeWarningThresholds' as const,
  data: { issuerId, thresholdsDays, defaultsDays: [30, 7, 1], by: 'op-1', at },
});
const changed = (from: number[], to: number[]): WarningThresholdsEvent => ({
  type: 'WarningThresholdsChanged',
  data: { issuerId: 'issuer-a', from, to, by: 'op-1', at: at.toISOString() },
});

describe('warning thresholds', () => {
  it('is one stream per issuer', () => {
    expect(warningThresholdsStreamId('issuer-a')).not.toBe(warningThresholdsStreamId('issuer-b'));
  });

  it('records the first choice as a change from the defaults, largest first', () =>
    spec
      .given([])
      .when(change([7, 60, 14]))
      .then([changed([30, 7, 1], [60, 14, 7])]));

  it('records a later change from the previous choice', () =>
    spec
      .given([changed([30, 7, 1], [60, 14])])
      .when(change([3]))
      .then([changed([60, 14], [3])]));

  it('records nothing when the choice is what applies already (the defaults included)', () => {
    spec
      .given([])
      .when(change([1, 7, 30]))
      .then([]);
    spec
      .given([changed([30, 7, 1], [60, 14])])
      .when(change([14, 60]))
      .then([]);
  });

  it("refuses an empty choice and a command for another issuer's stream", () => {
    spec
      .given([])
      .when(change([]))
      .thenThrows((e) => (e as { field?: string }).field === 'thresholdsDays');
    spec
      .given([changed([30, 7, 1], [60])])
      .when(change([14], 'issuer-b'))
      .thenThrows((e) => (e as { field?: string }).field === 'issuerId');
  });
});
