import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EngineSettings, REPO_ROOT } from './engines/settings';
import { isStopping, runForeground } from './run/shutdown';
import { banner, engineClientEnv, RunOutcome, runWithEngines, STOPPED } from './run/with-engines';

/**
 * `npm run bench [-- <name>… | <name> <size>…]`: every scripts/bench/<name>.bench.ts in turn, each in its own
 * process against the real engines (reused when already up, else started and stopped again).
 * Benchmarks print figures and ratios against a baseline measured in the same run; this only
 * runs them, bounds each in time and sums up which ones completed.
 */
const BENCH_DIR = join(REPO_ROOT, 'scripts', 'bench');
const SUFFIX = '.bench.ts';
const TIME_LIMIT_MS = Number(process.env.SIGNSTASH_BENCH_TIME_LIMIT_SECONDS ?? 20 * 60) * 1000;

/** Names select benchmarks; numbers after a single name are its own size arguments. */
function parseArguments(args: string[]): { names: string[]; sizes: string[] } {
  const names = args.filter((arg) => !/^\d+$/.test(arg));
  const sizes = args.filter((arg) => /^\d+$/.test(arg));
  if (sizes.length > 0 && names.length !== 1)
    throw new Error('size arguments need exactly one benchmark name before them');
  return { names, sizes };
}

function selectBenches(requested: string[]): string[] {
  const available = readdirSync(BENCH_DIR)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length))
    .sort();
  if (requested.length === 0) return available;
  const unknown = requested.filter((name) => !available.includes(name.replace(/\.bench(\.ts)?$/, '')));
  if (unknown.length > 0)
    throw new Error(`no benchmark named ${unknown.join(', ')}; available: ${available.join(', ')}`);
  return requested.map((name) => name.replace(/\.bench(\.ts)?$/, ''));
}

interface Outcome {
  name: string;
  code: number;
  seconds: number;
}

async function benchAll(settings: EngineSettings): Promise<RunOutcome> {
  const { names, sizes } = parseArguments(process.argv.slice(2));
  const benches = selectBenches(names);
  const env = engineClientEnv(settings);

  const outcomes: Outcome[] = [];
  for (const name of benches) {
    if (isStopping()) break;
    banner(`bench: ${name}`);
    const startedAt = Date.now();
    const code = await runForeground(
      join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(BENCH_DIR, `${name}${SUFFIX}`), ...sizes],
      {
        cwd: REPO_ROOT,
        env,
        timeout: TIME_LIMIT_MS,
        killSignal: 'SIGTERM',
      },
    );
    outcomes.push({ name, code, seconds: (Date.now() - startedAt) / 1000 });
  }
  if (isStopping()) return STOPPED;

  const lines = outcomes.map(({ name, code, seconds }) => {
    const state =
      code === 0
        ? 'done'
        : seconds * 1000 >= TIME_LIMIT_MS
          ? `STOPPED after the ${TIME_LIMIT_MS / 1000} s limit`
          : `FAILED (exit ${code})`;
    return `  ${name.padEnd(28)} ${state.padEnd(36)} ${seconds.toFixed(0).padStart(5)} s`;
  });
  const failed = outcomes.filter((outcome) => outcome.code !== 0).length;
  const summary =
    `\n── summary ${'─'.repeat(64)}\n${lines.join('\n')}\n` +
    `${outcomes.length - failed} of ${outcomes.length} benchmark(s) completed; their figures and ratios are above.\n`;
  return { code: failed > 0 ? 1 : 0, summary };
}

runWithEngines('npm run bench', benchAll);
