/**
 * One physical build of a projection. `version` is the code's version (bumped when `apply` changes);
 * `rebuild` numbers the ops rebuilds of that same code (0, or absent, for the first build). Builds
 * are ordered by version, then rebuild: readers always move to a newer build, never back.
 */
export interface ProjectionBuild {
  version: number;
  rebuild?: number;
}

const suffix = ({ version, rebuild }: ProjectionBuild): string => (rebuild ? `v${version}_r${rebuild}` : `v${version}`);

/** `certificate_list_v3`, or `certificate_list_v3_r2` for the second ops rebuild of version 3. */
export const physicalCollectionName = (build: { collection: string } & ProjectionBuild): string =>
  `${build.collection}_${suffix(build)}`;

/** `certificate-list@v3`, or `certificate-list@v3_r2`: each build has its own checkpoint. */
export const checkpointId = (build: { name: string } & ProjectionBuild): string => `${build.name}@${suffix(build)}`;

export const compareBuilds = (a: ProjectionBuild, b: ProjectionBuild): number =>
  a.version - b.version || (a.rebuild ?? 0) - (b.rebuild ?? 0);

export const sameBuild = (a: ProjectionBuild, b: ProjectionBuild): boolean => compareBuilds(a, b) === 0;

export const describeBuild = (build: ProjectionBuild): string => suffix(build);

/** The build a physical collection of `logical` holds, or undefined for any other collection. */
export function parseBuild(logical: string, physical: string): ProjectionBuild | undefined {
  if (!physical.startsWith(`${logical}_v`)) return undefined;
  const match = /^v(\d+)(?:_r(\d+))?$/.exec(physical.slice(logical.length + 1));
  if (!match) return undefined;
  return { version: Number(match[1]), rebuild: Number(match[2] ?? 0) };
}

/**
 * The build a runner writes: an explicit one (an ops rebuild), else the readers' build when it is of
 * the code's version (following ops rebuilds), else the first build of the code's version.
 */
export function buildToRun(
  codeVersion: number,
  readers: (ProjectionBuild & { version: number }) | undefined,
  pinned?: ProjectionBuild,
): ProjectionBuild {
  if (pinned) return pinned;
  if (readers?.version === codeVersion) return { version: readers.version, rebuild: readers.rebuild ?? 0 };
  return { version: codeVersion };
}
