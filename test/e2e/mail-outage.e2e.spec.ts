import type { Db } from 'mongodb';
import request from 'supertest';
import { MONGO_DB } from '@signstash/platform';
import { MailpitClient, makeCertificatePem, TcpProxy, testEnv, waitFor } from '@signstash/testing';
import { mailsStatus } from '../../scripts/ops/mails.ops';
import { fromParts } from '../../scripts/ops/ops-context';
import { SignstashSystem } from '../system/signstash-system';

const env = testEnv();
const mailpit = new MailpitClient(env.mailpitApiUrl);
/** Every timing shortened 60-fold: a minute is a second. */
const MINUTE = 1000;
const DAY = 24 * 60 * 60 * 1000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 23 item 4: mail retries bounded by time, not by a count. A 15-minute SMTP outage (the real
 * Mailpit behind a proxy that refuses connections) across an expiry, with the service's timings
 * shortened 60-fold (first retry after 1 s, at most 5 minutes between tries, a 24-hour horizon):
 * nothing that is still true fails, and once SMTP is back each such mail arrives exactly once.
 * Under the old rule (10 attempts from 1 s, doubling) every mail failed after about 8.5 minutes.
 */
describe('mail through a 15-minute SMTP outage across an expiry (four services, real SMTP)', () => {
  let system: SignstashSystem;
  let smtp: TcpProxy;

  beforeAll(async () => {
    smtp = new TcpProxy(await TcpProxy.freePort(), env.smtpHost, env.smtpPort);
    await smtp.up();
    system = await SignstashSystem.start({
      expiryIntervalSeconds: 1,
      smtpPort: smtp.port,
      mailInitialBackoffMs: Math.round(1000 / 60),
      mailMaxBackoffMs: 5 * MINUTE,
      mailRetryHorizonSeconds: (24 * 60 * MINUTE) / 1000,
    });
  });
  afterAll(async () => {
    await system?.stop();
    await smtp?.down();
  });

  it('delivers every mail still true once after SMTP returns; none is sent after it stopped being true', async () => {
    const ana = await system.newOperator();
    const register = async (alias: string, expiresAt: string) => {
      const response = await ana.session.post('/api/certificates', {
        alias,
        pem: await makeCertificatePem(),
        access: { provider: 'Multicert', credentialId: `cred-${alias}`, expiresAt },
      });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const mails = () =>
      system.apps.notifications.get<Db>(MONGO_DB).collection('notifications').find({ recipient: ana.email }).toArray();
    const subjects = async () => (await mailpit.search(`to:"${ana.email}"`)).map((mail) => mail.Subject).sort();

    await smtp.down();
    const outageStarted = Date.now();
    // Expires 6 minutes into the outage: warned at once, then expired; the warning is untrue from then on.
    await register('Lapses', inMs(6 * MINUTE));
    // Still due after the outage (in real days: the mails say so): its warning stays true.
    await register('Due', inMs(3 * DAY - 60_000));
    // Renewed during the outage, past every threshold: its warning is no longer true.
    const renewed = await register('Renewed', inMs(2 * DAY - 60_000));
    await waitFor(async () => ((await mails()).length === 4 ? true : undefined), 30_000, 250);
    const renewal = await ana.session.post(`/api/certificates/${renewed}/access/renewals`, {
      expiresAt: inMs(90 * DAY),
    });
    expect(renewal.status).toBe(200);

    await sleep(outageStarted + 15 * MINUTE - Date.now());
    const during = Object.fromEntries((await mails()).map((mail) => [`${mail.subject}`, mail]));
    expect(await subjects()).toEqual([]);
    // Retried all along: at most 5 minutes apart, so each was tried several times in the outage.
    const due = Object.values(during).find((mail) => mail.subject.includes('"Due"'))!;
    expect(due).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(due.attempts).toBeGreaterThanOrEqual(5);
    const statusOf = (alias: string, kind: string) =>
      Object.values(during).find((mail) => mail.subject.includes(`"${alias}"`) && mail.kind === kind)?.status;
    expect(statusOf('Lapses', 'AccessExpired')).toBe('pending');
    // The warning of the access that expired meanwhile never reached anyone: failed, and visible as such.
    expect(statusOf('Lapses', 'AccessExpiring')).toBe('failed');
    expect(statusOf('Renewed', 'AccessExpiring')).toBe('withdrawn');
    // What ops see meanwhile: the mails waiting on SMTP, since when, and the one that failed.
    const db = system.apps.notifications.get<Db>(MONGO_DB);
    const ops = await mailsStatus(fromParts({ service: 'notification-service', db, brokers: env.kafkaBrokers }));
    expect(ops.retrying.count).toBe(2);
    expect(ops.failed.map((mail) => mail.subject)).toEqual([expect.stringContaining('"Lapses" expires')]);
    const metrics = (await request(system.apps.notifications.getHttpServer()).get('/metrics')).text;
    expect(metrics).toMatch(/^signstash_mails_retrying({[^}]*})? 2$/m);
    const waited = Number(/^signstash_mail_oldest_retrying_seconds(?:{[^}]*})? (\S+)$/m.exec(metrics)?.[1]);
    // Recorded a moment after the outage began: they have waited most of its 15 "minutes".
    expect(waited).toBeGreaterThanOrEqual(10);

    await smtp.up();
    const back = Date.now();
    await mailpit.waitForMessages(`to:"${ana.email}"`, 2, 20_000);
    const deliveredAfter = Date.now() - back;
    // Twice the longest wait between tries: no sender waits longer than that once SMTP is back.
    await sleep(2 * 5 * MINUTE);
    expect(await subjects()).toEqual([
      'CA access of certificate "Due" expires in 3 days',
      'CA access of certificate "Lapses" expired: client services suspended',
    ]);
    const after = await mails();
    expect(after.map((mail) => [mail.subject.split('"')[1], mail.kind, mail.status]).sort()).toEqual([
      ['Due', 'AccessExpiring', 'sent'],
      ['Lapses', 'AccessExpired', 'sent'],
      ['Lapses', 'AccessExpiring', 'failed'],
      ['Renewed', 'AccessExpiring', 'withdrawn'],
    ]);
    process.stdout.write(
      `SMTP outage of ${Math.round((back - outageStarted) / 1000)} s (15 "minutes" at 1/60): ` +
        `${after.filter((mail) => mail.status === 'sent').length} mails still true delivered once, ` +
        `${deliveredAfter} ms after SMTP returned; attempts ${after.map((mail) => mail.attempts).join('/')}\n`,
    );
  }, 120_000);
});
