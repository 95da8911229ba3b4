import type { Registry } from 'prom-client';
import { gaugeFrom } from '@signstash/platform';
import type { ProjectionRunner } from './projection-runner';
import type { ProjectionStatus } from './projection-progress';

/** Lag, parked events, last applied event and state of each projection, read from the runners at scrape time. */
export function registerProjectionMetrics(registry: Registry, runners: ProjectionRunner[]): void {
  const labelNames = ['projection', 'version'];
  const sample = (value: (status: ProjectionStatus) => number) => async () =>
    (await Promise.all(runners.map((runner) => runner.status()))).map((status) => ({
      labels: { projection: status.projection, version: String(status.version) },
      value: value(status),
    }));
  gaugeFrom(
    registry,
    'signstash_projection_lag',
    'Event store positions not yet applied to the read model',
    sample((s) => Number(s.lag)),
    labelNames,
  );
  gaugeFrom(
    registry,
    'signstash_projection_parked_events',
    'Events the projection could not apply and parked',
    sample((s) => s.parked),
    labelNames,
  );
  gaugeFrom(
    registry,
    'signstash_projection_last_event_timestamp_seconds',
    'When the store recorded the last event the projection applied',
    sample((s) => (s.lastEventAt ? s.lastEventAt.getTime() / 1000 : 0)),
    labelNames,
  );
  gaugeFrom(
    registry,
    'signstash_projection_live',
    '1 when live; 0 while building, stopped, failed or superseded',
    sample((s) => (s.state === 'live' ? 1 : 0)),
    labelNames,
  );
}
