// Test support, for *.spec.ts files and other libs' test support only (`@signstash/event-store/testing`):
// the adapter contract suite and its shared test domain. Production code imports `@signstash/event-store`.
export { eventStoreContract, EventStoreFactory } from './event-store.contract';
export * as cartTestDomain from './cart.fixture';
export { deciderSpec, DeciderThen } from './decider-spec';
