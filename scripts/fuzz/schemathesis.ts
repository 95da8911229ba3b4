import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createVenv } from '../engines/python-venv';
import type { EngineSettings } from '../engines/settings';

export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * schemathesis in its own virtual environment under the per-user cache, keyed by version, so a
 * fresh clone reuses it and the repository never holds it. Returns the path of its `st` command.
 */
export async function ensureSchemathesis(settings: EngineSettings, say: (message: string) => void): Promise<string> {
  const venv = join(settings.cacheDir, `schemathesis-${SCHEMATHESIS_VERSION}`);
  const st = join(venv, 'bin', 'st');
  if (existsSync(st)) return st;
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv} (first run only) …`);
  const logFile = join(settings.logsDir, 'provision-schemathesis.log');
  await createVenv(settings, {
    dir: venv,
    packages: [`schemathesis==${SCHEMATHESIS_VERSION}`],
    purpose: 'npm run fuzz: a virtual environment for schemathesis',
    logFile,
  });
  if (!existsSync(st)) throw new Error(`installing schemathesis ${SCHEMATHESIS_VERSION} gave no 'st' (see ${logFile})`);
  return st;
}
