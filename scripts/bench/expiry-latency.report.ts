// What the expiry-latency bench measures: the burst's progress while it runs, its outcome as the services
// recorded it, and the report of the latencies against the targets.
import type { INestApplication } from '@nestjs/common';
import type { Db } from 'mongodb';
import { EVENT_STORE, EventStore, RecordedEvent } from '@signstash/event-store';
import type { SignstashSystem } from '../../test/system/signstash-system';
import type { NotificationDocument } from '../../services/notification-service/src/notifications/notification.document';
import { SMTP_CONNECTIONS } from '../../services/notification-service/src/mail/smtp-mailer';
import { LatencySummary, ms, summarize } from './bench-kit';
import {
  CERTIFICATES,
  DEFAULT_PASS_SECONDS,
  MAIL_TARGET_RATIO,
  seconds,
  SUSPENSION_TARGET_MS,
} from './expiry-latency.scenario';

export interface Outcome {
  expired: RecordedEvent[];
  suspended: RecordedEvent[];
  mails: NotificationDocument[];
}

export async function outcome(system: SignstashSystem, issuerId: string, mailDb: Db): Promise<Outcome> {
  const ofIssuer = (event: RecordedEvent) => (event.data as { issuerId?: string }).issuerId === issuerId;
  const [expired, suspended, mails] = await Promise.all([
    system.apps.certificates.get<EventStore>(EVENT_STORE).readAll({ filter: { eventTypes: ['AccessExpired'] } }),
    system.apps.clientServices
      .get<EventStore>(EVENT_STORE)
      .readAll({ filter: { eventTypes: ['ClientServiceSuspended'] } }),
    mailDb
      .collection<NotificationDocument>('notifications')
      // Only what the figures need, not the bodies.
      .find(
        { issuerId, kind: 'AccessExpired', status: 'sent' },
        { projection: { certificateId: 1, createdAt: 1, sentAt: 1 } },
      )
      .toArray(),
  ]);
  return { expired: expired.filter(ofIssuer), suspended: suspended.filter(ofIssuer), mails };
}

/**
 * How far the burst got, polled every second while it runs in this process beside the services:
 * counts only (the events from the in-process event stores, the sent mails counted by FerretDB),
 * not the mails' bodies, so the polling itself weighs little on the path it measures.
 */
export async function progress(system: SignstashSystem, issuerId: string, mailDb: Db) {
  const ofIssuer = (event: RecordedEvent) => (event.data as { issuerId?: string }).issuerId === issuerId;
  const count = async (app: INestApplication, type: string) =>
    (await app.get<EventStore>(EVENT_STORE).readAll({ filter: { eventTypes: [type] } })).filter(ofIssuer).length;
  const [expired, suspended, mails] = await Promise.all([
    count(system.apps.certificates, 'AccessExpired'),
    count(system.apps.clientServices, 'ClientServiceSuspended'),
    mailDb.collection('notifications').countDocuments({ issuerId, kind: 'AccessExpired', status: 'sent' }),
  ]);
  return { expired, suspended, mails };
}

const row = (name: string, s: LatencySummary) =>
  `  ${name.padEnd(52)} n=${String(s.count).padStart(5)}  p50 ${ms(s.p50).padStart(10)}  p99 ${ms(s.p99).padStart(10)}  max ${ms(s.max).padStart(10)}`;

export function report({ expired, suspended, mails }: Outcome, expiresAt: Date, rawMs: number) {
  const expiredAt = new Map(expired.map((event) => [event.eventId, event.recordedAt.getTime()]));
  const expiredOf = new Map(
    expired.map((event) => [(event.data as { certificateId: string }).certificateId, event.recordedAt.getTime()]),
  );
  const t = expiresAt.getTime();
  const suspensionLatency = suspended.flatMap((event) => {
    const cause = expiredAt.get((event.data as { causeEventId?: string }).causeEventId ?? '');
    return cause === undefined ? [] : [event.recordedAt.getTime() - cause];
  });
  const mailLatency = mails.flatMap((mail) => {
    const cause = expiredOf.get(mail.certificateId ?? '');
    return cause === undefined || !mail.sentAt ? [] : [mail.sentAt.getTime() - cause];
  });
  const recordLatency = mails.flatMap((mail) => {
    const cause = expiredOf.get(mail.certificateId ?? '');
    return cause === undefined ? [] : [mail.createdAt.getTime() - cause];
  });
  const sendLatency = mails.flatMap((mail) => (mail.sentAt ? [mail.sentAt.getTime() - mail.createdAt.getTime()] : []));
  const span = (times: number[]) => (times.length ? Math.max(...times) - Math.min(...times) : NaN);
  const lastOf = (times: number[]) => Math.max(...times);
  const expiredTimes = expired.map((e) => e.recordedAt.getTime());
  const suspendedTimes = suspended.map((e) => e.recordedAt.getTime());
  const mailTimes = mails.map((m) => m.sentAt!.getTime());
  const rate = (count: number, from: number, to: number) => `${(count / ((to - from) / 1000)).toFixed(1)}/s`;

  const fewer =
    CERTIFICATES === 1000 ? '' : ` — FEWER than the 1,000 of issue 5 (npm run bench -- expiry-latency 1000)`;
  console.log(
    `\nExpiry latency, ${CERTIFICATES} certificates expiring together, one client service and one operator each${fewer}`,
  );
  if (expiredTimes.length) {
    console.log(
      `  the scheduler appended ${expired.length} AccessExpired between T+${seconds(Math.min(...expiredTimes) - t)} and T+${seconds(lastOf(expiredTimes) - t)} (spread ${seconds(span(expiredTimes))})`,
    );
  }
  console.log(row('AccessExpired appended -> ClientServiceSuspended appended', summarize(suspensionLatency)));
  console.log(row('AccessExpired appended -> expiry mail accepted by SMTP', summarize(mailLatency)));
  console.log(row('  of which AccessExpired appended -> mail recorded', summarize(recordLatency)));
  console.log(row('  and mail recorded -> accepted by SMTP', summarize(sendLatency)));
  console.log(
    row(
      `T -> AccessExpired appended (timer; pass every ${DEFAULT_PASS_SECONDS} s)`,
      summarize(expiredTimes.map((at) => at - t)),
    ),
  );
  const met = (yes: boolean) => (yes ? 'met' : 'NOT MET');
  if (suspendedTimes.length) {
    const last = lastOf(suspendedTimes) - t;
    console.log(
      `  suspensions: last at T+${seconds(last)}, ${rate(suspended.length, Math.min(...expiredTimes), lastOf(suspendedTimes))} from the first AccessExpired` +
        ` — target T+${seconds(SUSPENSION_TARGET_MS)}: ${met(last <= SUSPENSION_TARGET_MS && suspended.length === CERTIFICATES)}`,
    );
  }
  if (mailTimes.length) {
    const last = lastOf(mailTimes) - t;
    const firstRecorded = Math.min(...mails.map((mail) => mail.createdAt.getTime()));
    const span = lastOf(mailTimes) - firstRecorded;
    console.log(
      `  mails:       last at T+${seconds(last)}, ${rate(mails.length, Math.min(...expiredTimes), lastOf(mailTimes))} from the first AccessExpired`,
    );
    console.log(
      `  raw nodemailer pool (${SMTP_CONNECTIONS} connections), ${CERTIFICATES} of the same mail to the same Mailpit, same run: ${seconds(rawMs)}`,
    );
    console.log(
      `  T -> last mail accepted: ${(last / rawMs).toFixed(2)}× the raw pool — target ≤ ${MAIL_TARGET_RATIO}×: ${met(last <= MAIL_TARGET_RATIO * rawMs && mails.length === CERTIFICATES)}`,
    );
    console.log(
      `  first mail recorded -> last accepted (the sender's own span): ${seconds(span)}, ${(span / rawMs).toFixed(2)}× the raw pool`,
    );
    if (process.env.SIGNSTASH_BENCH_MONGO === '1')
      console.log(`  mails accepted in each second from T: ${perSecondFrom(t, mailTimes)}`);
  }
  console.log(
    '  path: scheduler -> certificate event store -> relay -> Kafka -> client-service consumer -> its event store; ' +
      '-> notification consumer -> outbox (FerretDB) -> sender -> SMTP (Mailpit). All in one process on a shared 2-core machine.',
  );
}

/** `second:count` for each second after `t` in which some of `times` fell (the profile's mail pace). */
function perSecondFrom(t: number, times: number[]): string {
  const counts = new Map<number, number>();
  for (const at of times) counts.set(Math.floor((at - t) / 1000), (counts.get(Math.floor((at - t) / 1000)) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => a - b)
    .map(([second, count]) => `${second}:${count}`)
    .join(' ');
}
