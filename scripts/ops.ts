import { parseArgs } from 'node:util';
import { consumerSubscriptions, listDeadLetters, retryDeadLetters } from './ops/dlq.ops';
import { retryFailedMails } from './ops/mails.ops';
import { OpsContext, OpsService, SERVICE_PARTS, openOpsContext } from './ops/ops-context';
import { ProgressBar } from './ops/progress-bar';
import { findProjections, projectionsStatus, rebuildProjection } from './ops/projections.ops';
import { republish } from './ops/relay.ops';

const USAGE = `npm run ops -- <command> [--service certificate-service|client-service-service|notification-service] [--json]

  projections status
  projections rebuild <name> | --all [--batch-size N] [--follow]
  relay republish --from <position> [--to <position>]
  dlq list  [--group <consumer group>]
  dlq retry [--group <consumer group>] [--event <event id>]...
  mails retry-failed

Connects to the service's MongoDB, event store and Kafka with the variables the service reads
(MONGO_URL, MONGO_DB, EVENT_STORE, SQLITE_PATH / KURRENTDB_CONNECTION_STRING, KAFKA_BROKERS,
KAFKA_TOPIC_PREFIX); unset ones default to what \`npm start\` uses.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    service: { type: 'string' },
    all: { type: 'boolean', default: false },
    follow: { type: 'boolean', default: false },
    'batch-size': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    group: { type: 'string' },
    event: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const [group, command, argument] = positionals;
const DEFAULT_SERVICE: Record<string, OpsService> = {
  projections: 'certificate-service',
  relay: 'certificate-service',
  dlq: 'notification-service',
  mails: 'notification-service',
};

const print = (value: unknown) =>
  console.log(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), values.json ? undefined : 2));

async function projections(context: OpsContext): Promise<number> {
  if (command === 'status') {
    const reports = await projectionsStatus(context);
    if (values.json) print(reports);
    else console.table(reports.map((r) => ({
      projection: r.projection,
      readers: r.readers ? `${r.readers.collection} (v${r.readers.version})` : '(none yet)',
      code: `v${r.codeVersion}`,
      checkpoint: String(r.checkpoint ?? '-'),
      head: String(r.head),
      lag: String(r.lag ?? '-'),
      parked: r.parked,
      building: r.building ? `v${r.building.version} at ${r.building.checkpoint}` : '',
      lastError: r.lastParkedError ?? '',
    })));
    return 0;
  }
  if (command === 'rebuild') {
    const chosen = findProjections(context, argument, values.all);
    const abort = new AbortController();
    process.once('SIGINT', () => abort.abort());
    process.once('SIGTERM', () => abort.abort());
    for (const projection of chosen) {
      const bar = new ProgressBar(projection.name);
      const result = await rebuildProjection(context, projection, {
        batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined,
        onProgress: (status) => bar.update(status),
        signal: abort.signal,
        follow: values.follow,
      });
      if (result.outcome === 'stopped') {
        bar.done(`${projection.name}: stopped at ${result.status.checkpoint}/${result.status.head}; run the same command again to resume v${result.version}`);
        return 130;
      }
      bar.done(`${projection.name}: readers switched to ${result.collection} at position ${result.status.checkpoint}`);
      if (result.version > projection.version) {
        console.error(
          `  note: ${context.service} runs ${projection.name} v${projection.version}; its runners are now superseded and stop updating. ` +
            `Deploy code declaring version ${result.version} (same apply) — see deploy/RUNBOOK.md "Replaying a projection".`,
        );
      }
    }
    return 0;
  }
  throw new Error(`unknown command "projections ${command ?? ''}"`);
}

async function main(): Promise<number> {
  if (values.help || !group || !DEFAULT_SERVICE[group]) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const service = (values.service ?? DEFAULT_SERVICE[group]) as OpsService;
  if (!(service in SERVICE_PARTS)) throw new Error(`unknown service "${service}"`);
  const context = await openOpsContext(service);
  try {
    switch (group) {
      case 'projections':
        return await projections(context);
      case 'relay': {
        if (command !== 'republish' || !values.from) throw new Error('usage: relay republish --from <position> [--to <position>]');
        print(await republish(context, BigInt(values.from), values.to ? BigInt(values.to) : undefined));
        return 0;
      }
      case 'dlq': {
        const subscriptions = consumerSubscriptions(context.topics);
        if (command === 'list') print(await listDeadLetters(context, subscriptions, values.group));
        else if (command === 'retry') print(await retryDeadLetters(context, subscriptions, values.group, values.event));
        else throw new Error(`unknown command "dlq ${command ?? ''}"`);
        return 0;
      }
      case 'mails': {
        if (command !== 'retry-failed') throw new Error(`unknown command "mails ${command ?? ''}"`);
        print(await retryFailedMails(context));
        return 0;
      }
    }
    return 2;
  } finally {
    await context.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`ops: ${error.message}`);
    process.exit(1);
  },
);
