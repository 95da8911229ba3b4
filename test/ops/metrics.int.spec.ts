import request from 'supertest';
import { SignstashSystem } from '../system/signstash-system';

/** What an operator's Prometheus scrapes: every service declares the series the runbook names. */
describe('metrics of every service (real engines)', () => {
  let system: SignstashSystem;

  beforeAll(async () => {
    system = await SignstashSystem.start();
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('every service exposes its series at /metrics', async () => {
    const expected = {
      certificates: [
        'http_request_duration_seconds',
        'signstash_commands_total',
        'signstash_command_duration_seconds',
        'signstash_events_appended_total',
        'signstash_projection_lag',
        'signstash_projection_parked_events',
        'signstash_relay_lag',
        'signstash_relay_leader',
        'signstash_expiry_scheduler_leader',
      ],
      clientServices: [
        'http_request_duration_seconds',
        'signstash_commands_total',
        'signstash_events_appended_total',
        'signstash_projection_lag',
        'signstash_relay_lag',
        'signstash_consumer_lag',
        'signstash_consumer_messages_total',
        'signstash_dlq_messages',
        'signstash_client_service_suspensions_total',
      ],
      notifications: [
        'http_request_duration_seconds',
        'signstash_consumer_lag',
        'signstash_consumer_messages_total',
        'signstash_dlq_messages',
        'signstash_mails',
        'signstash_mail_send_outcomes_total',
      ],
      gateway: ['http_request_duration_seconds', 'process_cpu_seconds_total', 'signstash_relay_leader'],
    } as const;
    for (const [app, series] of Object.entries(expected)) {
      const response = await request(system.apps[app as keyof typeof expected].getHttpServer()).get('/metrics');
      expect(response.status).toBe(200);
      const declared = new Set([...response.text.matchAll(/^# TYPE (\S+)/gm)].map((match) => match[1]));
      expect({ app, missing: series.filter((name) => !declared.has(name)) }).toEqual({ app, missing: [] });
    }
  });
});
