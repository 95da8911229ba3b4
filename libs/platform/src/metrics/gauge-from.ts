import { Gauge, Registry } from 'prom-client';

/**
 * A gauge read at scrape time from something the service already knows (a relay's lag, a
 * consumer's counters, a collection count), so there is no second bookkeeping to drift.
 */
export function gaugeFrom(
  registry: Registry,
  name: string,
  help: string,
  read: () =>
    | Promise<Array<{ labels?: Record<string, string>; value: number }>>
    | Array<{ labels?: Record<string, string>; value: number }>,
  labelNames: string[] = [],
): Gauge {
  return new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const sample of await read()) {
        if (sample.labels) this.set(sample.labels, sample.value);
        else this.set(sample.value);
      }
    },
  });
}
