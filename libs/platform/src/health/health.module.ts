import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ENGINE_PROBES, EngineProbe } from './engine-probe';
import { HealthController } from './health.controller';

export interface HealthModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: unknown[];
  probes: (...deps: any[]) => EngineProbe[];
}

/** `/health/live` and `/health/ready` (the latter reporting each engine) for one service. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [{ provide: ENGINE_PROBES, inject: (options.inject ?? []) as never[], useFactory: options.probes }],
    };
  }
}
