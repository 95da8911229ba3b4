import request from 'supertest';
import { eventually, makeCertificatePem } from '@signstash/testing';
import { seedCertificate, seedClientService } from '../system/backoffice-browser';
import { SignstashSystem } from '../system/signstash-system';

const GAUGE = 'signstash_certificate_access_expiry_timestamp_seconds';
const ACTIVE = 'signstash_certificate_active_client_services';

/** The samples of one series family, as `labels → value`, from a /metrics text. */
function samples(text: string, name: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const match of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    const labels = [...match[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
      .filter(([, key]) => key !== 'service')
      .map(([, key, value]) => `${key}=${value}`)
      .join(',');
    found.set(labels, Number(match[2]));
  }
  return found;
}

/** The per-certificate expiry gauge follows the read model: registration, renewal, alias change. */
describe('access expiry gauge on /metrics (real engines)', () => {
  let system: SignstashSystem;

  beforeAll(async () => {
    system = await SignstashSystem.start();
  });

  afterAll(async () => {
    await system?.stop();
  });

  const scrape = async (app: 'certificates' | 'clientServices') =>
    (await request(system.apps[app].getHttpServer()).get('/metrics')).text;

  it('shows each certificate of each issuer, its renewal and its new alias, and nothing of another run', async () => {
    const first = await system.newOperator();
    const second = await system.newOperator();
    const expiresAt = '2027-03-01T10:00:00.000Z';
    const a = await seedCertificate(first.session, await makeCertificatePem(), { alias: 'Payroll "EU"', expiresAt });
    const b = await seedCertificate(second.session, await makeCertificatePem(), {
      alias: 'Invoices',
      expiresAt: '2026-12-31T23:59:59.000Z',
    });
    const seconds = (iso: string) => new Date(iso).getTime() / 1000;
    await eventually(async () => {
      const gauge = samples(await scrape('certificates'), GAUGE);
      expect(gauge.get(`issuer=${first.issuerId},certificate_id=${a},alias=Payroll \\"EU\\"`)).toBe(seconds(expiresAt));
      expect(gauge.get(`issuer=${second.issuerId},certificate_id=${b},alias=Invoices`)).toBe(
        seconds('2026-12-31T23:59:59.000Z'),
      );
      expect(gauge.size).toBe(2);
    });

    const detail = await first.session.get(`/api/certificates/${a}`);
    const renewed = await first.session.post(
      `/api/certificates/${a}/access/renewals`,
      { provider: 'Multicert', credentialId: 'cred-2', expiresAt: '2028-03-01T10:00:00.000Z' },
      { 'if-match': detail.etag! },
    );
    expect(renewed.status).toBe(200);
    const changed = await first.session.patch(
      `/api/certificates/${a}/details`,
      { alias: 'Payroll' },
      { 'if-match': renewed.etag! },
    );
    expect(changed.status).toBe(200);
    await eventually(async () => {
      const gauge = samples(await scrape('certificates'), GAUGE);
      expect(gauge.get(`issuer=${first.issuerId},certificate_id=${a},alias=Payroll`)).toBe(
        seconds('2028-03-01T10:00:00.000Z'),
      );
      // The old alias's series is gone: one series per certificate.
      expect([...gauge.keys()].filter((key) => key.includes(a))).toHaveLength(1);
    });

    await seedClientService(first.session, 'Billing', a);
    await eventually(async () =>
      expect(samples(await scrape('clientServices'), ACTIVE)).toEqual(
        new Map([[`issuer=${first.issuerId},certificate_id=${a}`, 1]]),
      ),
    );
  });
});
