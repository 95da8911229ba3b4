import { invalid } from '@signstash/contracts';

/** An issuer's warning thresholds live on one small stream, `warningthresholds-<issuer id>`: its changes are its audit. */
export const WARNING_THRESHOLDS_CATEGORY = 'warningthresholds';

export const warningThresholdsStreamId = (issuerId: string) => `${WARNING_THRESHOLDS_CATEGORY}-${issuerId}`;

/** What the projection reads: every issuer's thresholds stream (never the certificates' relay). */
export const WARNING_THRESHOLDS_EVENTS = { streamCategories: [WARNING_THRESHOLDS_CATEGORY] };

export type WarningThresholdsEvent = {
  type: 'WarningThresholdsChanged';
  data: { issuerId: string; from: number[]; to: number[]; by: string; at: string };
};

export type ChangeWarningThresholds = {
  type: 'ChangeWarningThresholds';
  data: {
    issuerId: string;
    thresholdsDays: number[];
    /** The service's defaults, what an issuer that never chose has (and what its first change is from). */
    defaultsDays: number[];
    by: string;
    at: Date;
  };
};

/** Until an issuer chooses its own, the service's defaults apply (`ACCESS_WARNING_DAYS`, every day of the last week). */
export type WarningThresholdsState = { issuerId?: string; thresholdsDays?: number[] };

/** Largest first, the order in which an access crosses them. */
const normalized = (days: number[]) => [...new Set(days)].sort((a, b) => b - a);

export const warningThresholdsDecider = {
  initialState: (): WarningThresholdsState => ({}),

  evolve: (_state: WarningThresholdsState, event: WarningThresholdsEvent): WarningThresholdsState => ({
    issuerId: event.data.issuerId,
    thresholdsDays: event.data.to,
  }),

  decide(command: ChangeWarningThresholds, state: WarningThresholdsState): WarningThresholdsEvent[] {
    const { issuerId, thresholdsDays, defaultsDays, by, at } = command.data;
    // The stream is named by the issuer; a state of another issuer means a wrong stream id, never a change.
    if (state.issuerId !== undefined && state.issuerId !== issuerId) throw invalid('issuerId', 'wrong issuer');
    if (thresholdsDays.length === 0) throw invalid('thresholdsDays', 'Give at least one number of days.');
    const to = normalized(thresholdsDays);
    const from = state.thresholdsDays ?? normalized(defaultsDays);
    if (to.join() === from.join()) return [];
    return [{ type: 'WarningThresholdsChanged', data: { issuerId, from, to, by, at: at.toISOString() } }];
  },
};
