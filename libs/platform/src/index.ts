export { loadConfig, ConfigError } from './config/load-config';
export { EnvInt, EnvList, EnvBool, EnvIntList } from './config/env-decorators';
export { EngineProbe, ENGINE_PROBES } from './health/engine-probe';
export { HealthModule, HealthModuleOptions } from './health/health.module';
export { MongoModule, MONGO_CLIENT, MONGO_DB, MongoOptions, connectMongo, mongoProbe } from './mongo/mongo.module';
export { runService, ServiceDefinition, applyHttpConventions } from './bootstrap';
export { validationPipe, badRequest, FieldProblem } from './http/validation';
export { DomainErrorFilter } from './http/domain-error.filter';
export { CurrentActor, Actor } from './http/actor.decorator';
