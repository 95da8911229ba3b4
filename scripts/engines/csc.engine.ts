import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, stamp } from './engine';
import { certomancerConfig, CSC_CONFIG_RECIPE, CSC_ROOT, CSC_SIGNERS } from './csc-files';
import { isPortOpen } from './ports';
import { step } from './progress';
import { runningPid, runTool, spawnDaemon, stopDaemon } from './processes';
import { createVenv, PythonVenv, pythonVersion, venvBin } from './python-venv';
import { engineEndpoints, EngineSettings } from './settings';
import { provideTools, requireTool } from './tools';

export const CSC_DUMMY_VERSION = '0.4.2';
// certomancer-csc-dummy asks for any certomancer >= 0.11: pinned to the one it was tried with.
const PACKAGES = [`certomancer-csc-dummy==${CSC_DUMMY_VERSION}`, 'certomancer==0.16.0'];

/**
 * certomancer-csc-dummy: a CSC API v1.0.4 server (credentials/list, credentials/info with the
 * chain, credentials/authorize, signatures/signHash) over the local test CA's certomancer
 * configuration. It checks no bearer token, PIN or OTP; the OAuth side is the `oauth` engine.
 */
export function cscEngine(settings: EngineSettings): Engine {
  const venv: PythonVenv = {
    dir: join(settings.cacheDir, `certomancer-csc-dummy-${CSC_DUMMY_VERSION}`),
    packages: PACKAGES,
    purpose: 'a virtual environment for the CSC API server (certomancer-csc-dummy)',
    logFile: join(settings.logsDir, 'provision-csc.log'),
  };
  // A venv is bound to the Python it was made with: another Python makes it again.
  const recipe = () => [pythonVersion(), ...PACKAGES].join('\n');
  const dataDir = join(settings.dataDir, 'csc');
  const keysDir = join(dataDir, 'keys');
  const configFile = join(dataDir, 'certomancer.yml');
  const pidFile = join(settings.pidsDir, 'csc.pid');
  const logFile = join(settings.logsDir, 'csc.log');
  const { cscUrl } = engineEndpoints(settings);

  /** Keys and configuration belong to the run: made once, kept so the certificates stay the same. */
  const writeConfig = async () => {
    mkdirSync(keysDir, { recursive: true });
    for (const entity of [CSC_ROOT, ...CSC_SIGNERS]) {
      const key = join(keysDir, `${entity.id}.key.pem`);
      if (existsSync(key)) continue;
      await runTool(
        'openssl',
        ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${key}.partial`],
        { logFile },
      );
      renameSync(`${key}.partial`, key);
    }
    const current = existsSync(configFile) ? readFileSync(configFile, 'utf8') : '';
    if (!current.startsWith(`${CSC_CONFIG_RECIPE}\n`) || !current.includes(`"${cscUrl}"`)) {
      writeFileSync(configFile, certomancerConfig({ keysDir, baseUrl: cscUrl }));
    }
  };

  return {
    name: 'csc',
    version: CSC_DUMMY_VERSION,
    ports: { SIGNSTASH_CSC_PORT: settings.ports.csc },
    logFile,
    isProvisioned: () => stamp.matches(venv.dir, recipe()),
    async provision() {
      if (stamp.matches(venv.dir, recipe())) return;
      await provideTools(settings, ['python3', 'openssl']);
      const progress = step(`certomancer-csc-dummy ${CSC_DUMMY_VERSION}: installing into a venv with pip`);
      try {
        await createVenv(settings, venv, progress);
        stamp.write(venv.dir, recipe());
        progress.done(`in ${venv.dir}`);
      } catch (error) {
        progress.failed();
        throw error;
      }
    },
    async start() {
      requireTool('openssl');
      await writeConfig();
      // Last argument: SCAL 1 (signHash without hash pinning in the SAD).
      spawnDaemon({
        command: venvBin(venv, 'certomancer-csc'),
        args: [configFile, String(settings.ports.csc), '1'],
        logFile,
        pidFile,
      });
    },
    async isReady() {
      if (!(await isPortOpen(settings.ports.csc))) return false;
      try {
        const response = await fetch(`${cscUrl}/info`, { signal: AbortSignal.timeout(1500) });
        if (!response.ok) return false;
        const info = (await response.json()) as { specs?: unknown };
        return typeof info.specs === 'string' && info.specs.startsWith('1.0.4');
      } catch {
        return false;
      }
    },
    ownPid: () => runningPid(pidFile, configFile),
    stop: () => stopDaemon(pidFile, configFile),
  };
}
