// The processes beside the service in the usage-reports bench: the raw consumer, the publisher, and the wait for the service's group.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';
import {
  Certificate,
  database,
  DUPLICATE_EVERY,
  env,
  issuerId,
  REPORTS_EACH,
  SIGNATURES_EACH_REPORT,
  sleep,
  topic,
} from './usage-reports.scenario';

export function startRawConsumer(expected: number) {
  const child = fork(
    join(__dirname, 'raw-report-consumer.ts'),
    [env.kafkaBrokers.join(','), topic, `${database}.raw`, String(expected)],
    { execArgv: ['--import', 'tsx'] },
  );
  const joined = new Promise<void>((resolve) =>
    child.on('message', (m: { kind: string }) => m.kind === 'joined' && resolve()),
  );
  const done = new Promise<{ at: number; read: number; signatures: number }>((resolve, reject) => {
    child.on(
      'message',
      (m: { kind: string; at: number; read: number; signatures: number }) => m.kind === 'done' && resolve(m),
    );
    child.on('exit', (code) => reject(new Error(`the raw consumer exited (${code})`)));
  });
  done.catch(() => undefined);
  return { child, joined, done };
}

/** Waits until the service's consumer group has its members assigned (so the first report is not read late). */
export async function serviceGroupStable(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (;;) {
      const [group] = (await admin.describeGroups([groupId])).groups;
      if (group?.state === 'Stable' && group.members.length > 0) return;
      await sleep(100);
    }
  } finally {
    await admin.disconnect();
  }
}

/** The publisher in a process of its own (usage-report-publisher.ts): when it started, and when each round was sent. */
export function startPublisher(certificates: Certificate[]) {
  const child = fork(
    join(__dirname, 'usage-report-publisher.ts'),
    [
      env.kafkaBrokers.join(','),
      topic,
      issuerId,
      String(REPORTS_EACH),
      String(SIGNATURES_EACH_REPORT),
      String(DUPLICATE_EVERY),
    ],
    { execArgv: ['--import', 'tsx'] },
  );
  const reply = <T>(kind: string) =>
    new Promise<T>((resolve, reject) => {
      child.on('message', (m: { kind: string } & T) => m.kind === kind && resolve(m));
      child.on('exit', (code) => reject(new Error(`the publisher exited (${code})`)));
    });
  const started = reply<{ at: number }>('started');
  const sent = reply<{ sentAt: number[] }>('sent');
  sent.catch(() => undefined);
  child.send({ kind: 'publish', certificates: certificates.map(({ id, grantedAt }) => ({ id, grantedAt })) });
  return { child, started: started.then((m) => m.at), sentAt: sent.then((m) => m.sentAt) };
}
