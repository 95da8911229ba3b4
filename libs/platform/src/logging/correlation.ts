import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the work in progress: set from `X-Correlation-Id` on an HTTP request and
 * from the envelope on a consumed event, so one operator action can be followed through the event
 * metadata, the Kafka headers and every service's logs.
 */
const storage = new AsyncLocalStorage<{ correlationId: string }>();

export const withCorrelation = <T>(correlationId: string | undefined, work: () => T): T =>
  correlationId ? storage.run({ correlationId }, work) : work();

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;
