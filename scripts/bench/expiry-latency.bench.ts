/**
 * Issue 5: latency from AccessExpired appended (certificate event store) to (a) the client service's
 * ClientServiceSuspended appended (client-service event store) and (b) the expiry mail accepted by
 * SMTP (`sentAt` in the notification service's outbox, set when Mailpit accepted it), with N
 * certificates whose CA access expires at the same instant, each used by one client service.
 * The four services run in this process (test/system harness) against the real engines, at the
 * default settings: the expiry scheduler wakes at the deadline (its timer), with the periodic
 * catch-up pass at its default 60 s. The issuer has one operator, so one expiry mail per certificate.
 *
 * Registering a certificate whose access expires within a day makes the scheduler issue its 1-day
 * AccessExpiring warning at once. In real life that warning goes out a day before the expiry; here it
 * would queue a thousand warning mails just ahead of the expiry mails. So the issuer's operator is
 * created only once the notification service has consumed every warning (no recipient yet, so no
 * warning mail), and T is waited for after that. The bench says so when seeding did not fit before T.
 *
 * Run: npx tsx scripts/bench/expiry-latency.bench.ts [certificates=300] [leadSeconds=60+0.5/certificate]
 * SIGNSTASH_BENCH_MONGO=1 adds the FerretDB commands each service sent between T and the last mail
 * (mongo-commands.hook.ts) and the timeline of the mail path's steps (expiry-steps.hook.ts).
 */
import './decorator-metadata.hook';
import { loadavg } from 'node:os';
import type { Db } from 'mongodb';
import { MONGO_DB } from '@signstash/platform';
import { testEnv } from '@signstash/testing';
import { SignstashSystem } from '../../test/system/signstash-system';
import type { NotificationDocument } from '../../services/notification-service/src/notifications/notification.document';
import { deleteTopicsWithPrefix } from './bench-kit';
import { printServicesMemoryAfterExpiry } from './expiry-memory';
import { rawSmtpMs } from './expiry-latency.baseline';
import { outcome, progress, report } from './expiry-latency.report';
import {
  addOperatorAfterWarnings,
  CERTIFICATES,
  DEFAULT_PASS_SECONDS,
  LEAD_SECONDS,
  OUTCOME_DEADLINE_MS,
  seconds,
  seed,
  sleep,
  STALL_MS,
} from './expiry-latency.scenario';

async function main() {
  const profiled = process.env.SIGNSTASH_BENCH_MONGO === '1';
  const commands = profiled ? await import('./mongo-commands.hook') : undefined;
  const steps = profiled ? await import('./expiry-steps.hook') : undefined;
  // The service's default pass interval: the timer, not the pass, must expire them at T (issue 20).
  const system = await SignstashSystem.start({ expiryIntervalSeconds: DEFAULT_PASS_SECONDS });
  const issuerId = `${system.run}_issuer`;
  let operatorEmail: string | undefined;
  try {
    const mailDb = system.apps.notifications.get<Db>(MONGO_DB);
    const expiresAt = new Date(Date.now() + LEAD_SECONDS * 1000);
    console.log(
      `${CERTIFICATES} certificates, each with one client service, access expiring together at T = ${expiresAt.toISOString()} (in ${LEAD_SECONDS} s)`,
    );
    const seedingStarted = Date.now();
    await seed(system, issuerId, `seeder-of-${issuerId}`, expiresAt);
    console.log(`seeded in ${seconds(Date.now() - seedingStarted)}`);

    const setup = await addOperatorAfterWarnings(system, issuerId, mailDb, expiresAt.getTime() - 2000);
    operatorEmail = setup.operator.email;
    const quiet = setup.settled && Date.now() < expiresAt.getTime();
    console.log(
      quiet
        ? `warnings consumed (no recipient yet), operator known to the notification service; waiting ${seconds(expiresAt.getTime() - Date.now())} for T`
        : `NOT SETTLED BEFORE T: warnings consumed ${setup.warningsConsumed}, operator known ${setup.known}, ${setup.warningMails} warning mails — ` +
            'the figures below include that work; rerun with a longer lead (second size argument, seconds)',
    );

    await sleep(Math.max(0, expiresAt.getTime() - Date.now()));
    const loadAtT = loadavg()[0];
    let last = { count: -1, at: Date.now() };
    for (let done = await progress(system, issuerId, mailDb); ; done = await progress(system, issuerId, mailDb)) {
      const count = done.expired + done.suspended + done.mails;
      if (count === 3 * CERTIFICATES) break;
      if (count !== last.count) last = { count, at: Date.now() };
      if (Date.now() - expiresAt.getTime() > OUTCOME_DEADLINE_MS || Date.now() - last.at > STALL_MS) {
        console.log(
          `GAVE UP WAITING: ${done.expired} expired, ${done.suspended} suspended, ${done.mails} mails sent of ${CERTIFICATES}`,
        );
        break;
      }
      await sleep(1000);
    }
    // The times are the services' own records (recordedAt, sentAt): read once, at the end.
    const result = await outcome(system, issuerId, mailDb);
    // The raw pool's time for as many mails, measured right after ours (same run, same Mailpit, same load).
    const sample = await mailDb
      .collection<NotificationDocument>('notifications')
      .findOne({ issuerId, kind: 'AccessExpired' }, { projection: { subject: 1, text: 1, html: 1 } });
    const rawMs = sample ? await rawSmtpMs(CERTIFICATES, sample, system.run) : NaN;
    report(result, expiresAt, rawMs);
    const lastMail = Math.max(...result.mails.map((mail) => mail.sentAt?.getTime() ?? 0));
    commands?.printMongoCommands(expiresAt.getTime(), lastMail);
    steps?.printExpirySteps(expiresAt.getTime(), lastMail);
    // The machine is shared: compare runs by their ratios, at a similar load.
    console.log(`  load average (1 min): ${loadAtT.toFixed(2)} at T, ${loadavg()[0].toFixed(2)} at the end`);
    console.log(
      `  resident memory of this process (the four services and the bench): ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
    );
    if (!quiet || result.mails.length < CERTIFICATES || result.suspended.length < CERTIFICATES) process.exitCode = 1;
    if (!(await printServicesMemoryAfterExpiry(system))) process.exitCode = 1;
  } finally {
    await system.stop();
    await deleteTopicsWithPrefix(testEnv().kafkaBrokers, `${system.run}.`).catch(() => undefined);
    // The shared Mailpit keeps a bounded number of messages: do not leave thousands of ours in it.
    if (operatorEmail) {
      const query = encodeURIComponent(`to:"${operatorEmail}"`);
      await fetch(`${testEnv().mailpitApiUrl}/api/v1/search?query=${query}`, { method: 'DELETE' }).catch(
        () => undefined,
      );
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
