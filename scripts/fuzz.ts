import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GatewaySession } from '@signstash/testing';
import { engineSettings, REPO_ROOT } from './engines/settings';
import { ensureSchemathesis } from './fuzz/schemathesis';
import { Credentials, startFuzzSystem } from './fuzz/fuzz-system';
import { configWithKnownIds, seedFuzzData } from './fuzz/known-ids';
import { DEMO } from './run/dev-seed';
import { isStopping, runForeground } from './run/shutdown';
import { banner, RunOutcome, runWithEngines, STOPPED } from './run/with-engines';

/**
 * `npm run fuzz [-- --seconds N] [--url http://localhost:3000]`: schemathesis against the gateway's
 * OpenAPI document with a logged-in operator's session (cookie + CSRF header), every check, every
 * operation but the session's, random requests for a time budget. `-- --seed S --examples N` is the
 * deterministic run CI makes instead: a fixed seed and a fixed number of requests per operation, one
 * worker, so the same code gives the same requests and the same verdict. Without --url it starts its own system from a fresh build; with --url it uses that running
 * one and logs in as SIGNSTASH_FUZZ_EMAIL / SIGNSTASH_FUZZ_PASSWORD (the demo operator by default).
 * The session routes are left out: logging out would end the session mid-run. Requests on `{id}`
 * routes name the issuer's existing certificates and client services half the time: with --url, the
 * fuzzer changes that running system's data.
 */
const say = (message: string) => process.stdout.write(`[fuzz] ${message}\n`);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: process.env.SIGNSTASH_FUZZ_SECONDS ?? '120' },
    seed: { type: 'string' },
    examples: { type: 'string' },
    url: { type: 'string' },
  },
});
const wholeNumber = (name: string, value: string | undefined, least: number) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < least)
    throw new Error(`--${name} must be a whole number, at least ${least} (got "${value}")`);
  return number;
};
const seconds = wholeNumber('seconds', values.seconds, 10);
/** The deterministic run: both or neither. */
const fixed =
  values.seed !== undefined || values.examples !== undefined
    ? { seed: wholeNumber('seed', values.seed, 0), examples: wholeNumber('examples', values.examples, 1) }
    : undefined;
const budget = fixed
  ? ['--seed', String(fixed.seed), '--max-examples', String(fixed.examples), '--workers', '1']
  : ['--max-time', String(seconds)];

async function fuzz(st: string, gatewayUrl: string, operator: Credentials, seed: boolean): Promise<number> {
  const session = await GatewaySession.login(gatewayUrl, operator.email, operator.password);
  const reports = join(REPO_ROOT, 'artifacts', 'fuzz');
  mkdirSync(reports, { recursive: true });
  if (seed) await seedFuzzData(session);
  const config = await configWithKnownIds(session, join(__dirname, 'fuzz', 'schemathesis.toml'), reports);
  banner(
    `schemathesis: ${gatewayUrl}, ${fixed ? `seed ${fixed.seed}, ${fixed.examples} examples per operation` : `${seconds} s`}`,
  );
  return runForeground(st, [
    '--config-file',
    config,
    'run',
    `${gatewayUrl}/docs/openapi.json`,
    '--url',
    gatewayUrl,
    '--checks',
    'all',
    // Every operation but the session's: a logout would end the run's session.
    '--exclude-path-regex',
    '^/api/session$',
    ...budget,
    ...Object.entries(session.authHeaders()).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
    '--report',
    'junit',
    '--report-dir',
    reports,
    '--no-color',
    '--warnings',
    'off',
  ]);
}

const outcome = (code: number): RunOutcome => ({
  code,
  summary:
    code === 0
      ? '\n[fuzz] no failure\n'
      : `\n[fuzz] schemathesis found failures (exit ${code}); the junit report is in artifacts/fuzz\n`,
});

if (values.url) {
  const url = values.url.replace(/\/$/, '');
  const operator = {
    email: process.env.SIGNSTASH_FUZZ_EMAIL ?? DEMO.email,
    password: process.env.SIGNSTASH_FUZZ_PASSWORD ?? DEMO.password,
  };
  ensureSchemathesis(engineSettings(), say)
    .then((st) => fuzz(st, url, operator, false))
    .then(
      (code) => {
        process.stdout.write(outcome(code).summary);
        process.exit(code);
      },
      (error: Error) => {
        process.stderr.write(`npm run fuzz: ${error.message}\n`);
        process.exit(1);
      },
    );
} else {
  runWithEngines('npm run fuzz', async (settings) => {
    const st = await ensureSchemathesis(settings, say);
    say('building (npm run build) …');
    if ((await runForeground('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT })) !== 0)
      throw new Error('npm run build failed');
    if (isStopping()) return STOPPED;
    say('starting the four services on free ports, with their own databases and topics …');
    const system = await startFuzzSystem(settings);
    try {
      return outcome(await fuzz(st, system.gatewayUrl, system.operator, true));
    } finally {
      await system.stop();
    }
  });
}
