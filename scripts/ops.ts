import { parseArgs } from 'node:util';
import { consumerSubscriptions, deadLetterRows, listDeadLetters, retryDeadLetters } from './ops/dlq.ops';
import { mailsStatus, retryFailedMails } from './ops/mails.ops';
import { OpsContext, OpsService, SERVICE_PARTS, openOpsContext } from './ops/ops-context';
import { plainTable } from './ops/plain-table';
import { ProgressBar } from './ops/progress-bar';
import { findProjections, projectionsStatus, rebuildProjection } from './ops/projections.ops';
import { republish } from './ops/relay.ops';

const USAGE = `ops <command> [--service certificate-service|client-service-service|notification-service] [--json]

  projections status
  projections rebuild <name> | --all [--batch-size N]
  relay republish --from <position> [--to <position>]
  dlq list  [--group <consumer group>]
  dlq retry [--group <consumer group>] [--event <event id>]...
  mails status
  mails retry-failed

dlq and mails default to --service notification-service (dlq: client-service-service in that service's
container); the dead letters of client-service-service's consumer are under --service client-service-service.

Connects to the service's MongoDB, event store and Kafka with the variables the service reads
(MONGO_URL, MONGO_DB, EVENT_STORE, SQLITE_PATH / POSTGRES_URL + POSTGRES_SCHEMA / KURRENTDB_CONNECTION_STRING, KAFKA_BROKERS,
KAFKA_TOPIC_PREFIX, CONSUMER_GROUP); unset ones default to what \`npm start\` uses.

From the repository: npm run ops -- <command> …   In a service's container: node dist/scripts/ops.js <command> …`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    service: { type: 'string' },
    all: { type: 'boolean', default: false },
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
  // In a service's container (the image sets SERVICE) the dead letters are that service's consumers'.
  dlq: process.env.SERVICE === 'client-service-service' ? 'client-service-service' : 'notification-service',
  mails: 'notification-service',
};

const print = (value: unknown) =>
  console.log(
    JSON.stringify(
      value,
      (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
      values.json ? undefined : 2,
    ),
  );

async function projections(context: OpsContext): Promise<number> {
  if (command === 'status') {
    const reports = await projectionsStatus(context);
    if (values.json) print(reports);
    else
      console.log(
        plainTable(
          reports.map((r) => ({
            projection: r.projection,
            readers: r.readers?.collection ?? '(none yet)',
            code: `v${r.codeVersion}`,
            checkpoint: r.checkpoint,
            head: r.head,
            lag: r.lag,
            parked: r.parked,
            building: r.building
              ? `v${r.building.version}${r.building.rebuild ? `_r${r.building.rebuild}` : ''} at ${r.building.checkpoint}`
              : '',
            lastError: r.lastParkedError ?? '',
          })),
        ),
      );
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
      });
      if (result.outcome === 'stopped') {
        bar.done(
          `${projection.name}: stopped at ${result.status.checkpoint}/${result.status.head}; run the same command again to resume ${result.collection}`,
        );
        return 130;
      }
      bar.done(
        `${projection.name}: readers switched to ${result.collection} at position ${result.status.checkpoint}; the service's runners follow it`,
      );
    }
    return 0;
  }
  throw new Error(`unknown command "projections ${command ?? ''}"`);
}

async function deadLetters(context: OpsContext): Promise<number> {
  if (command === 'list') {
    const letters = await listDeadLetters(context, values.group);
    if (values.json) print(letters);
    else if (letters.length > 0) console.log(plainTable(deadLetterRows(letters)));
    else
      console.log(`no dead letters for ${[...new Set(consumerSubscriptions(context).map((s) => s.group))].join(', ')}`);
    return 0;
  }
  if (command === 'retry') {
    const results = await retryDeadLetters(context, values.group, values.event);
    if (values.json) print(results);
    else {
      console.log(plainTable(results));
      console.log(
        'Re-published letters are handled by the running consumers; one that fails again comes back as a new dead letter (see `dlq list`).',
      );
    }
    return 0;
  }
  throw new Error(`unknown command "dlq ${command ?? ''}"`);
}

async function mails(context: OpsContext): Promise<number> {
  if (command === 'status') {
    const status = await mailsStatus(context);
    if (values.json) print(status);
    else {
      console.log(plainTable([status.counts]));
      const { count, oldestSince } = status.retrying;
      if (count > 0)
        console.log(
          `\n${count} mail(s) refused by SMTP and being retried; the oldest since ${oldestSince?.toISOString()}`,
        );
      if (status.failed.length > 0)
        console.log(
          `\n${plainTable(status.failed.map((mail) => ({ ...mail, lastError: mail.lastError?.slice(0, 100) })))}`,
        );
    }
    return 0;
  }
  if (command === 'retry-failed') {
    const result = await retryFailedMails(context);
    if (values.json) print(result);
    else
      console.log(
        `${result.requeued} failed mail(s) back to pending; the running ${context.service} sends them within seconds (see \`mails status\`).`,
      );
    return 0;
  }
  throw new Error(`unknown command "mails ${command ?? ''}"`);
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
        if (command !== 'republish' || !values.from)
          throw new Error('usage: relay republish --from <position> [--to <position>]');
        print(await republish(context, BigInt(values.from), values.to ? BigInt(values.to) : undefined));
        return 0;
      }
      case 'dlq':
        return await deadLetters(context);
      case 'mails':
        return await mails(context);
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
