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
};

export type OperatorIntegrationEvent =
  | { type: 'OperatorCreated'; data: OperatorSnapshot }
  | { type: 'OperatorChanged'; data: OperatorSnapshot }
  | { type: 'OperatorRemoved'; data: Pick<OperatorSnapshot, 'operatorId' | 'issuerId'> };

/** An envelope on `signstash.operators.v1`. */
export type OperatorEnvelope = EnvelopeOf<OperatorIntegrationEvent>;
