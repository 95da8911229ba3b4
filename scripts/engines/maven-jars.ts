import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from './processes';
import type { Step } from './progress';
import { EngineSettings } from './settings';

export const pomDependency = (groupId: string, artifactId: string, version: string) =>
  `    <dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;

/** A throwaway pom whose runtime classpath is the program to run. */
export const runtimePom = (artifactId: string, version: string, dependencies: string[]) =>
  `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.signstash</groupId>
  <artifactId>${artifactId}</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependencies.join('\n')}
  </dependencies>
</project>
`;

/**
 * Copies the pom's runtime classpath into `<home>/libs` with mvn, through the cache's own local
 * repository (so a second provisioning downloads nothing). The folder appears only when complete.
 */
export async function fetchJars(
  settings: EngineSettings,
  options: { home: string; pom: string; logFile: string; step?: Step },
): Promise<string> {
  const libs = join(options.home, 'libs');
  mkdirSync(options.home, { recursive: true });
  writeFileSync(join(options.home, 'pom.xml'), options.pom);
  const partial = join(options.home, 'libs.partial');
  rmSync(partial, { recursive: true, force: true });
  await runTool(
    'mvn',
    [
      '-B',
      '-Dstyle.color=never',
      `-Dmaven.repo.local=${join(settings.cacheDir, 'm2')}`,
      '-f',
      join(options.home, 'pom.xml'),
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-DoutputDirectory=${partial}`,
    ],
    { logFile: options.logFile, step: options.step },
  );
  rmSync(libs, { recursive: true, force: true });
  renameSync(partial, libs);
  return libs;
}
