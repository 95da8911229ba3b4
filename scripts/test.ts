import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { provideChromium } from './engines/chromium';
import { providePromtool } from './engines/promtool';
import { engineEndpoints, EngineSettings, REPO_ROOT } from './engines/settings';
import { newTestRun, TEST_RUN_ENV } from '../libs/testing/src/test-env';
import { TestTopics } from './run/test-topics';
import { isStopping, runForeground } from './run/shutdown';
import { banner, engineClientEnv, RunOutcome, runWithEngines, STOPPED } from './run/with-engines';

/**
 * `npm test`: the real engines once for the whole run (reused when already up), the type
 * check, formatting, the generated web API types, lint, the layer rules, the web UI build, then
 * every jest project. Arguments after `--` go to jest.
 */
const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);

interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

/** Exit code and the closing lines, printed after the engines this run started are stopped. */
async function testAll(settings: EngineSettings): Promise<RunOutcome> {
  const problems: string[] = [];
  banner('typecheck (npm run typecheck)');
  if ((await runForeground('npm', ['run', '--silent', 'typecheck'], { cwd: REPO_ROOT })) !== 0)
    problems.push('typecheck failed');
  else process.stdout.write('no type errors\n');
  if (isStopping()) return STOPPED;

  banner('formatting (npm run format:check)');
  if ((await runForeground('npm', ['run', '--silent', 'format:check'], { cwd: REPO_ROOT })) !== 0)
    problems.push('formatting differs from Prettier (npm run format)');
  else process.stdout.write('formatted as Prettier would\n');
  if (isStopping()) return STOPPED;

  banner('web API types (npm run api:types -- --check)');
  if ((await runForeground('npm', ['run', '--silent', 'api:types', '--', '--check'], { cwd: REPO_ROOT })) !== 0)
    problems.push("the web UI's API types are not generated from the gateway's current document (npm run api:types)");
  if (isStopping()) return STOPPED;

  banner('lint (npm run lint)');
  if ((await runForeground('npm', ['run', '--silent', 'lint'], { cwd: REPO_ROOT })) !== 0) problems.push('lint failed');
  else process.stdout.write('no lint errors\n');
  if (isStopping()) return STOPPED;

  if (existsSync(join(REPO_ROOT, '.dependency-cruiser.cjs'))) {
    banner('layer rules (dependency-cruiser)');
    const code = await runForeground(bin('depcruise'), ['services', 'libs', '--config', '.dependency-cruiser.cjs'], {
      cwd: REPO_ROOT,
    });
    if (code !== 0) problems.push('layer rules violated');
    if (isStopping()) return STOPPED;
  }

  // The browser tests drive the web UI the gateway serves from web/dist, so it is built from this checkout first.
  banner('web UI build (npm run web:build)');
  if ((await runForeground('npm', ['run', '--silent', 'web:build'], { cwd: REPO_ROOT })) !== 0)
    problems.push('web UI build failed');
  if (isStopping()) return STOPPED;

  banner('jest');
  const run = newTestRun();
  const topics = new TestTopics(engineEndpoints(settings).kafkaBrokers.split(','), run);
  const resultsFile = join(settings.runDir, 'jest-results.json');
  mkdirSync(settings.runDir, { recursive: true });
  rmSync(resultsFile, { force: true });
  const jestCode = await runForeground(
    bin('jest'),
    ['--ci', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
    {
      cwd: REPO_ROOT,
      env: { ...engineClientEnv(settings), [TEST_RUN_ENV]: run },
    },
  );
  const deleted = await topics.deleteCreated().catch((error: unknown) => {
    process.stdout.write(`could not delete this run's Kafka topics: ${String(error)}\n`);
    return 0;
  });
  if (deleted > 0) process.stdout.write(`deleted the ${deleted} Kafka topics this run created\n`);
  if (isStopping()) return STOPPED;
  if (jestCode === 3) problems.push('jest did not exit after its run (what stayed open is named above)');
  else if (jestCode !== 0) problems.push(`jest exited with ${jestCode}`);

  const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults) : undefined;
  if (results?.numRuntimeErrorTestSuites)
    problems.push(`${results.numRuntimeErrorTestSuites} test suite(s) failed to run`);
  const counts = results
    ? `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`
    : '0 passed, 0 failed, 0 skipped';
  const failed = problems.length > 0 ? `\nFAILED: ${problems.join('; ')}\n` : '\n';
  return { code: problems.length > 0 ? 1 : 0, summary: `${failed}${counts}\n` };
}

runWithEngines('npm test', testAll, async (settings) => {
  await provideChromium(settings);
  await providePromtool(settings);
});
