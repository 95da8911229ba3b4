export { AnyProjection, Projection, defineProjection, createOnce, updateIfNewer } from './projection';
export { TopicProjection, defineTopicProjection, applyEnvelopes, prepareTopicProjection } from './topic-projection';
export {
  ProjectionBuild,
  physicalCollectionName,
  checkpointId,
  compareBuilds,
  sameBuild,
  describeBuild,
  parseBuild,
} from './projection-build';
export { writeOperations, isTransientMongoError, DEFAULT_WRITE_CHUNK } from './projection-writer';
export { ProjectionCheckpoints, ProjectionCheckpoint } from './projection-checkpoints';
export { ParkedEvents, ParkedEvent } from './parked-events';
export { ReadModelAliases, ReadModelAlias, ReadModelResolver } from './read-model-aliases';
export { ProjectionRebuildError, ApplyMode } from './projection-batch';
export { ProjectionRunner, ProjectionRunnerOptions } from './projection-runner';
export { readYourWrites } from './read-your-writes';
export { ProjectionStatus, ProjectionState } from './projection-progress';
export { registerProjectionMetrics } from './projection.metrics';
export { ReadModelModule, ReadModelModuleOptions, READ_MODELS, PROJECTION_RUNNERS } from './read-model.module';
