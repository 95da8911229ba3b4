// Test support, for *.spec.ts files only (`@signstash/read-model/testing`): the projection spec
// (given events, applied twice, the same documents). Production code imports `@signstash/read-model`.
export { projectionSpec, topicProjectionSpec, GivenEvent, GivenEnvelope } from './projection-spec';
