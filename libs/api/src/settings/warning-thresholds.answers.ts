/** An issuer's thresholds as its settings page shows them, with every change (who, when, from, to). */
export interface IssuerWarningThresholds {
  thresholdsDays: number[];
  /** True while the issuer never chose its own: the service's defaults apply. */
  isDefault: boolean;
  defaultsDays: number[];
  changes: Array<{ at: string; by: string; from: number[]; to: number[] }>;
}
