// The benches' span timing (SIGNSTASH_BENCH_SPANS=1): prototypes wrapped to time each call, and the table of what was timed.
const spans = new Map<string, number[]>();
let recording = true;

/** Adds one measure (ms, or whatever the name says) under `name`. */
export const record = (name: string, value: number) => {
  if (!recording) return;
  const list = spans.get(name) ?? [];
  list.push(value);
  spans.set(name, list);
};

/**
 * Calls `settled(self, args, started)` (performance.now() at the call) once each call of `proto[method]`
 * has returned, or settled when it returns a promise; the caller still gets the promise's outcome.
 */
export function intercept(
  proto: object,
  method: string,
  settled: (self: unknown, args: unknown[], started: number) => void,
): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  const original = target[method];
  if (typeof original !== 'function')
    throw new Error(`bench hook: ${method} is gone from the code it watches; update the hook`);
  target[method] = function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).finally(() => settled(this, args, started));
    }
    settled(this, args, started);
    return result;
  };
  // Nest keeps a route's metadata on the method itself.
  for (const key of Reflect.getMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), target[method]);
  }
}

/** Times every call of `proto[method]` (until it settles, when it returns a promise) under the name `label` gives. */
export function wrap(proto: object, method: string, label: (self: unknown, args: unknown[]) => string): void {
  intercept(proto, method, (self, args, started) => record(label(self, args), performance.now() - started));
}

/** The collection a driver cursor reads (a span's label). */
export const cursorCollection = (self: unknown): string =>
  String((self as { namespace: { collection?: string } }).namespace.collection);

/** Prints count, mean, p50, p99 and max of each span timed so far, and stops timing. */
export function printSpans(): void {
  const cell = (value: number | string) => (typeof value === 'number' ? value.toFixed(1) : value).padStart(8);
  const rows = [...spans.entries()].map(([name, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    const mean = list.reduce((s, v) => s + v, 0) / list.length;
    return `${name.padEnd(52)} ${String(list.length).padStart(6)} ${[mean, at(0.5), at(0.99), sorted.at(-1)!].map(cell).join(' ')}`;
  });
  const head = ['mean', 'p50', 'p99', 'max'].map(cell).join(' ');
  process.stdout.write(`\n${'span'.padEnd(52)} ${'count'.padStart(6)} ${head}  (ms)\n${rows.sort().join('\n')}\n`);
  spans.clear();
  recording = false;
}
