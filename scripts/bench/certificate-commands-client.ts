/**
 * The certificate-commands bench's HTTP client, in a process of its own: an operator's browser is not in
 * the service's process, and in the bench's process the client's own request and answer handling (9–11 %
 * of the CPU in a profile) ran on the event loop the service answers on. Makes its PEMs, warms up on
 * another issuer, then registers `commands` certificates and renews each, `inFlight` at a time, and
 * tells its parent (IPC) the issuer and each phase's latencies and wall time.
 *
 * Run by certificate-commands.bench.ts: tsx certificate-commands-client.ts <url> <commands> <inFlight> <warm-up>
 */
import { makeCertificatePem, uniqueName } from '@signstash/testing';
import { runPool } from './bench-kit';

const [url, commandsText, inFlightText, warmUpText] = process.argv.slice(2);
const [COMMANDS, IN_FLIGHT, WARM_UP] = [commandsText, inFlightText, warmUpText].map(Number);
const DAY = 24 * 60 * 60 * 1000;

async function post(path: string, operatorId: string, body: unknown, expected: number): Promise<{ id: string }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-operator-id': operatorId },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`POST ${path}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as { id: string };
}

const registerBody = (alias: string, pem: string) => ({
  alias,
  description: `Benchmark certificate ${alias}`,
  pem,
  access: {
    provider: 'Multicert',
    credentialId: `cred-${alias}`,
    expiresAt: new Date(Date.now() + 180 * DAY).toISOString(),
  },
});

async function main() {
  // One PEM per certificate of an issuer (the same PEM twice is refused), made before the clock starts.
  const pems = await Promise.all(
    Array.from({ length: Math.max(COMMANDS, WARM_UP) }, (_, i) => makeCertificatePem({ commonName: `Benchmark ${i}` })),
  );
  // Warm-up on another issuer: JIT, connection pools, the projections' first writes.
  const warmUpIssuer = uniqueName('bench_warm_up');
  await runPool(WARM_UP, IN_FLIGHT, async (i) => {
    const path = `/issuers/${warmUpIssuer}/certificates`;
    const { id } = await post(path, 'warm-up', registerBody(`warm-up ${i}`, pems[i]), 201);
    const renewal = { expiresAt: new Date(Date.now() + 200 * DAY).toISOString() };
    await post(`${path}/${id}/access/renewals`, 'warm-up', renewal, 200);
  });

  const issuer = uniqueName('bench_issuer');
  const operator = `operator-of-${issuer}`;
  const base = `/issuers/${issuer}/certificates`;
  const ids: string[] = new Array(COMMANDS);
  const registers = await runPool(COMMANDS, IN_FLIGHT, async (i) => {
    const alias = `Bench certificate ${String(i).padStart(5, '0')}`;
    ids[i] = (await post(base, operator, registerBody(alias, pems[i]), 201)).id;
  });
  const renews = await runPool(COMMANDS, IN_FLIGHT, async (i) => {
    const expiresAt = new Date(Date.now() + 200 * DAY + i * 1000).toISOString();
    await post(`${base}/${ids[i]}/access/renewals`, operator, { expiresAt }, 200);
  });
  process.send?.({ kind: 'done', issuer, registers, renews }, () => process.disconnect());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
