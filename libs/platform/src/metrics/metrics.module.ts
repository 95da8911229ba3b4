import {
  CallHandler,
  Controller,
  DynamicModule,
  ExecutionContext,
  Get,
  Global,
  Header,
  Inject,
  Injectable,
  Module,
  NestInterceptor,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { Observable, tap } from 'rxjs';

/** The service's Prometheus registry; features register their own series on it. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

@ApiExcludeController()
@Controller('metrics')
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

/** HTTP latency by route template (not raw path, so ids do not explode the label set). */
@Injectable()
class HttpLatencyInterceptor implements NestInterceptor {
  private readonly latency: Histogram;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const stop = this.latency.startTimer({ method: request.method, route: request.route?.path ?? 'unmatched' });
    return next.handle().pipe(
      tap({
        next: () => stop({ status: String(response.statusCode) }),
        error: (error: { status?: number; getStatus?: () => number }) =>
          stop({ status: String(error.getStatus?.() ?? error.status ?? 500) }),
      }),
    );
  }
}

@Global()
@Module({})
export class MetricsModule {
  static forRoot(service: string): DynamicModule {
    const registry = new Registry();
    registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: registry });
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: APP_INTERCEPTOR, useClass: HttpLatencyInterceptor },
      ],
      exports: [METRICS_REGISTRY],
    };
  }
}
