export { loadConfig, ConfigError } from './config/load-config';
export { EnvInt, EnvInteger, EnvList, EnvBool, EnvIntList, EnvPort } from './config/env-decorators';
export { EnginesConfig, ConsumerGroupId } from './config/engines.config';
export { EngineProbe, ENGINE_PROBES } from './health/engine-probe';
export { HealthModule, HealthModuleOptions } from './health/health.module';
export { ForwardOnlyPositions, StoredPosition } from './mongo/forward-only-positions';
export {
  MongoLease,
  MongoLeaseOptions,
  LeaseDocument,
  leaseTermId,
  LeaseTimings,
  leaseTimings,
  DEFAULT_LEASE_TTL_MS,
} from './mongo/mongo-lease';
export { LeaseKeeper, Lease, LeasedWork } from './mongo/lease-keeper';
export { MongoModule, MONGO_CLIENT, MONGO_DB, MongoOptions, connectMongo, mongoProbe } from './mongo/mongo.module';
export { runService, ServiceDefinition, applyHttpConventions, serviceDocument } from './bootstrap';
export { validationPipe, badRequest, FieldProblem } from './http/validation';
export { DomainErrorFilter } from './http/domain-error.filter';
export { RetryLaterException } from './http/retry-later.exception';
export { CurrentActor, Actor } from './http/actor.decorator';
export { IssuerScoped, Ownership } from './http/issuer-scope.guard';
export { applySecurityHeaders, SecurityHeaders } from './http/security-headers';
export { refuseUndocumentedMethods } from './http/method-not-allowed';
export { MetricsModule, METRICS_REGISTRY } from './metrics/metrics.module';
export { gaugeFrom } from './metrics/gauge-from';
export { withCorrelation, currentCorrelationId } from './logging/correlation';
export { JsonLogger } from './logging/json-logger';
export { groupBy } from './collections/group-by';
export { isDuplicateKey, hasDuplicateKey, duplicatePositions, onlyDuplicateKeys } from './mongo/duplicate-key';
export { LatestWrites } from './async/latest-writes';
export { Coalescer, batchedLookup } from './async/coalescer';
export { eachConcurrently } from './async/each-concurrently';
export { StopSignal, Stopped } from './async/stop-signal';
export { Backoff, backoffDelay } from './async/backoff';
export { periodicWorker, PeriodicWorker, PeriodicWorkerOptions } from './workers/periodic-worker';
export { WorkersModule, WorkersOptions, BackgroundWorker, BACKGROUND_WORKERS } from './workers/workers.module';
export { Clock, CLOCK, systemClock, clockProvider } from './time/clock';
