import type { IntegrationEnvelope } from '@signstash/contracts';
import { uniqueName } from '@signstash/testing';

// Shared by the consumers' int specs.

/** An envelope of `type` with a unique event and aggregate id, of issuer-1 at revision 0, unless `fields` say otherwise. */
export const testEnvelope = (type: string, fields: Partial<IntegrationEnvelope> = {}): IntegrationEnvelope => ({
  eventId: uniqueName('event'),
  type,
  schemaVersion: 1,
  occurredAt: new Date().toISOString(),
  issuerId: 'issuer-1',
  aggregateId: uniqueName('aggregate'),
  streamRevision: 0,
  data: {},
  ...fields,
});
