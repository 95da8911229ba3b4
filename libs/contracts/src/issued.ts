/**
 * Who issued a command, for which issuer, and when: an operator id or `system`, the issuer the caller
 * acts for (another issuer's aggregate does not exist for it), the caller's clock reading. Every
 * command's data carries it; the deciders check the issuer and write `by` and `at` into the events.
 */
export interface Issued {
  by: string;
  issuerId: string;
  at: Date;
}
