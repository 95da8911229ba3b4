import type { EnvelopeOf } from './envelope';

/** `signstash.operators.v1`: the operator directory the gateway owns, for services that mail operators. */
export type OperatorRole = 'issuer-operator' | 'viewer';

// A type, not an interface: event data must fit the envelope's `Record<string, unknown>`.
export type OperatorSnapshot = {
  operatorId: string;
  issuerId: string;
  name: string;
  email: string;
  role: OperatorRole;
  /** Absent on events published before operators could choose: then the role's defaults apply. */
  mail?: MailChoices;
};

/** What an operator chose to receive by e-mail about the accesses of their issuer's certificates. */
export type MailChoices = {
  /** The warnings before an access expires (at the issuer's thresholds). */
  warnings: boolean;
  /** The notice that an access expired and its client services were suspended. */
  expiries: boolean;
};

/**
 * The mails an operator gets: issuer operators get the warnings unless they turned them off and
 * always the expiry notice (someone who can renew must hear of it); viewers get nothing unless
 * they opted in.
 */
export function mailChoicesOf(operator: Pick<OperatorSnapshot, 'role' | 'mail'>): MailChoices {
  if (operator.role === 'issuer-operator') return { warnings: operator.mail?.warnings ?? true, expiries: true };
  return { warnings: operator.mail?.warnings ?? false, expiries: operator.mail?.expiries ?? false };
}

export type OperatorIntegrationEvent =
  | { type: 'OperatorCreated'; data: OperatorSnapshot }
  | { type: 'OperatorChanged'; data: OperatorSnapshot }
  | { type: 'OperatorRemoved'; data: Pick<OperatorSnapshot, 'operatorId' | 'issuerId'> };

/** An envelope on `signstash.operators.v1`. */
export type OperatorEnvelope = EnvelopeOf<OperatorIntegrationEvent>;
