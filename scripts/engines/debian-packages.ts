import { join } from 'node:path';
import { MissingToolError, runTool } from './processes';
import { step } from './progress';
import { EngineSettings } from './settings';

export const isRoot = (): boolean => process.getuid?.() === 0;

let listsUpdated = false;
/** Engines provision side by side, but dpkg takes one install at a time: they queue here. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Installs Debian packages the project needs from Debian's archive: as root with apt-get
 * (the package lists updated once per run); as another user it installs nothing and fails
 * with the exact command to run once.
 */
export async function installDebianPackages(
  settings: EngineSettings,
  packages: string[],
  purpose: string,
): Promise<void> {
  if (packages.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!isRoot()) {
    throw new MissingToolError(
      `Missing: ${packages.join(', ')} (${purpose}). Install once as root, then run again:\n  sudo ${command}`,
    );
  }
  const turn = queue.then(() => install(settings, packages, purpose));
  queue = turn.catch(() => undefined);
  return turn;
}

async function install(settings: EngineSettings, packages: string[], purpose: string): Promise<void> {
  const progress = step(`apt-get install ${packages.join(' ')} (${purpose})`);
  const logFile = join(settings.logsDir, 'provision-apt.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    if (!listsUpdated) await runTool('apt-get', ['update', '-qq'], { env, logFile, step: progress });
    listsUpdated = true;
    await runTool('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      env,
      logFile,
      step: progress,
    });
    progress.done();
  } catch (error) {
    progress.failed();
    throw error;
  }
}
