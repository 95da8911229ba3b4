import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewaySession, makeCertificatePem, waitFor } from '@signstash/testing';

const DAY = 24 * 60 * 60 * 1000;

/** Gives a fresh issuer a certificate and a client service, so the fuzzer meets ids that exist. */
export async function seedFuzzData(session: GatewaySession): Promise<void> {
  const pem = await makeCertificatePem();
  const expiresAt = new Date(Date.now() + 60 * DAY).toISOString();
  const certificate = await session.post('/api/certificates', {
    alias: 'Fuzzed',
    pem,
    access: { provider: 'CA', credentialId: 'fuzz-1', expiresAt },
  });
  if (certificate.status !== 201)
    throw new Error(`seeding a certificate: ${certificate.status} ${JSON.stringify(certificate.body)}`);
  await waitFor(
    async () => {
      const service = await session.post('/api/client-services', {
        name: 'Fuzzed service',
        certificateId: certificate.body.id,
      });
      return service.status === 201 ? service : undefined;
    },
    15_000,
    200,
  );
}

const idsOf = async (session: GatewaySession, path: string): Promise<string[]> =>
  ((await session.get<{ items?: Array<{ id: string }> }>(`${path}?pageSize=20`)).body.items ?? []).map(
    (item) => item.id,
  );

/**
 * The base configuration plus dictionaries of the issuer's existing certificate and client service
 * ids: half the requests on `{id}` routes then name a real one (the rest stay random, hence 404s).
 * Written under artifacts/ (git-ignored); returns its path.
 */
export async function configWithKnownIds(session: GatewaySession, baseConfig: string, folder: string): Promise<string> {
  const [certificates, clientServices] = await Promise.all([
    idsOf(session, '/api/certificates'),
    idsOf(session, '/api/client-services'),
  ]);
  const bind = (pathRegex: string, dictionary: string, ids: string[]) =>
    ids.length === 0
      ? ''
      : `\n[dictionaries.${dictionary}]\nvalues = ${JSON.stringify(ids)}\n\n[[operations]]\ninclude-path-regex = ${JSON.stringify(pathRegex)}\nparameters."path.id" = { dictionary = "${dictionary}", probability = 0.5 }\n`;
  const config = join(folder, 'schemathesis.toml');
  writeFileSync(
    config,
    readFileSync(baseConfig, 'utf8') +
      bind('^/api/certificates/\\{id\\}', 'certificate-ids', certificates) +
      bind('^/api/client-services/\\{id\\}', 'client-service-ids', clientServices),
  );
  return config;
}
