import { spawnSync } from 'node:child_process';
import { installDebianPackages } from './debian-packages';
import { MissingToolError } from './processes';
import { EngineSettings } from './settings';

const found = () => !spawnSync('promtool', ['--version']).error;

/**
 * The alert-rules test checks deploy/prometheus/ with `promtool check rules`: Debian ships promtool in
 * its prometheus package (only the binaries are used; no Prometheus server is started).
 */
export async function providePromtool(settings: EngineSettings): Promise<void> {
  if (found()) return;
  await installDebianPackages(settings, ['prometheus'], 'promtool, to check the Prometheus alert rules');
  if (!found()) throw new MissingToolError('the prometheus package was installed but promtool is not on PATH');
}
