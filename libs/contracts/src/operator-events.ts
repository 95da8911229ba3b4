/** `signstash.operators.v1`: the operator directory the gateway owns, for services that mail operators. */
export type OperatorRole = 'issuer-operator' | 'viewer';

export interface OperatorSnapshot {
  operatorId: string;
  issuerId: string;
  name: string;
  email: string;
  role: OperatorRole;
}

export type OperatorIntegrationEvent =
  | { type: 'OperatorCreated'; data: OperatorSnapshot }
  | { type: 'OperatorChanged'; data: OperatorSnapshot }
  | { type: 'OperatorRemoved'; data: Pick<OperatorSnapshot, 'operatorId' | 'issuerId'> };
