/**
 * The certificate-commands bench's HTTP client, in a process of its own: an operator's browser is not in
 * the service's process, and in the bench's process the client's own request and answer handling (9–11 %
 * of the CPU in a profile) ran on the event loop the service answers on. Makes its PEMs, warms up on
 * another issuer, then registers `commands` certificates and renews each, `inFlight` at a time, and
 * tells its parent (IPC) the issuer and each phase's latencies and wall time.
 *
 * Run by certificate-commands.bench.ts: tsx certificate-commands-client.ts <url> <commands> <inFlight> <warm-up>
 */
import { Agent, request } from 'node:http';
import { makeCertificatePem, uniqueName } from '@signstash/testing';
import { runPool } from './bench-kit';

const [url, commandsText, inFlightText, warmUpText] = process.argv.slice(2);
const [COMMANDS, IN_FLIGHT, WARM_UP] = [commandsText, inFlightText, warmUpText].map(Number);
const DAY = 24 * 60 * 60 * 1000;

// node:http with kept-alive connections, one per request in flight: `fetch` (undici) took about twice the
// CPU per request, and on 2 cores the client's CPU is taken from the service it measures.
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function post(path: string, operatorId: string, body: unknown, expected: number): Promise<{ id: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(
      `${url}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'x-operator-id': operatorId,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode !== expected)
            reject(new Error(`POST ${path}: ${response.statusCode} ${text.slice(0, 300)}`));
          else resolve(JSON.parse(text) as { id: string });
        });
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
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
  agent.destroy();
  process.send?.({ kind: 'done', issuer, registers, renews }, () => process.disconnect());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
