import { Counter, Histogram, Registry } from 'prom-client';
import type { EventStoreObserver } from './instrumented-event-store';

/** `signstash_commands_total`, `signstash_command_duration_seconds`, `signstash_events_appended_total`, `signstash_append_conflicts_total`. */
export function eventStoreMetrics(registry: Registry): EventStoreObserver {
  const commands = new Counter({
    name: 'signstash_commands_total',
    help: 'Commands handled, by command and outcome (accepted, rejected by a rule, conflict, failed)',
    labelNames: ['command', 'outcome'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'signstash_command_duration_seconds',
    help: 'Time to read, decide and append one command',
    labelNames: ['command'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const appended = new Counter({
    name: 'signstash_events_appended_total',
    help: 'Events appended to the event store, by stream category and event type',
    labelNames: ['category', 'type'],
    registers: [registry],
  });
  const conflicts = new Counter({
    name: 'signstash_append_conflicts_total',
    help: 'Appends refused because the stream had moved on (optimistic concurrency)',
    labelNames: ['category'],
    registers: [registry],
  });
  return {
    appended: (category, events) => {
      for (const event of events) appended.inc({ category, type: event.type });
    },
    conflicted: (category) => conflicts.inc({ category }),
    commandHandled: (command, outcome, seconds) => {
      commands.inc({ command, outcome });
      durations.observe({ command }, seconds);
    },
  };
}
