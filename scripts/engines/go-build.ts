import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stamp } from './engine';
import { step } from './progress';
import { runTool } from './processes';
import { EngineSettings } from './settings';
import { requireTool } from './tools';

export interface GoBinary {
  name: string;
  module: string;
  version: string;
  /** Main package inside the module, e.g. `./cmd/ferretdb`. */
  pkg: string;
  ldflags?: string;
  /** Generated files the module's own build would add before compiling (path → content). */
  extraFiles?: Record<string, string>;
  /** Source edits applied before compiling; each `find` must occur exactly `times` times. */
  patches?: SourcePatch[];
  /** Names a patched build's own cache folder, so checkouts with other patches never rebuild each other's binary. */
  variant?: string;
}

export interface SourcePatch {
  file: string;
  find: string;
  replace: string;
  times: number;
  why: string;
}

/** Applies one patch to a source text, refusing when the upstream code is not what it expects. */
export function applySourcePatch(text: string, patch: SourcePatch): string {
  const found = text.split(patch.find).length - 1;
  if (found !== patch.times) {
    throw new Error(
      `patch for ${patch.file} expects ${patch.times} occurrence(s) of ${JSON.stringify(patch.find)}, found ${found} (${patch.why})`,
    );
  }
  return text.split(patch.find).join(patch.replace);
}

/** Module paths in the module cache escape capitals as `!` + lower case. */
const escapePath = (path: string) => path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

const makeWritable = (dir: string) => {
  chmodSync(dir, statSync(dir).mode | 0o200);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    chmodSync(path, statSync(path).mode | 0o200);
  }
};

const goHome = (settings: EngineSettings) => join(settings.cacheDir, 'go');
const buildDir = (settings: EngineSettings, binary: GoBinary) =>
  join(settings.cacheDir, [binary.name, binary.version, binary.variant].filter(Boolean).join('-'));
export const binDir = (settings: EngineSettings, binary: GoBinary) => join(buildDir(settings, binary), 'bin');
export const binPath = (settings: EngineSettings, binary: GoBinary) => join(binDir(settings, binary), binary.name);

const sizeOf = (path: string): number | undefined => (existsSync(path) ? statSync(path).size : undefined);

/**
 * What was built and the size it came out at: a cache restored without its large files (an empty or
 * truncated binary runs as an empty shell script and exits 0, silently) no longer passes as built.
 */
const recipe = (binary: GoBinary, size: number | undefined) =>
  `${JSON.stringify(binary)}\n${binary.name}: ${size} bytes`;

export const isBuilt = (settings: EngineSettings, binary: GoBinary) =>
  stamp.matches(binDir(settings, binary), recipe(binary, sizeOf(binPath(settings, binary))));

/** Records the binary now in place as this recipe's build. */
export const markBuilt = (settings: EngineSettings, binary: GoBinary) =>
  stamp.write(binDir(settings, binary), recipe(binary, sizeOf(binPath(settings, binary))));

/**
 * Builds a Go program from its published module, pinned to one version. It builds from a
 * copy of the module source rather than `go install mod@version` so generated files the
 * upstream build adds (FerretDB's build/version/version.txt) can be supplied; the Go
 * module and build caches stay in the per-user cache, so a rebuild takes seconds.
 */
export async function buildGoBinary(settings: EngineSettings, binary: GoBinary): Promise<void> {
  if (isBuilt(settings, binary)) return;
  requireTool('go');
  const env = {
    ...process.env,
    GOTOOLCHAIN: 'local',
    GOMODCACHE: join(goHome(settings), 'mod'),
    GOCACHE: join(goHome(settings), 'build'),
    GOFLAGS: '-mod=mod',
  };
  const logFile = join(settings.logsDir, `provision-${binary.name}.log`);
  const progress = step(`${binary.name} ${binary.version}: building with go (first time takes a few minutes)`);
  const target = binDir(settings, binary);
  const source = join(buildDir(settings, binary), 'src');
  try {
    mkdirSync(target, { recursive: true });
    await runTool('go', ['mod', 'download', '-x', `${binary.module}@${binary.version}`], {
      cwd: tmpdir(),
      env,
      logFile,
      step: progress,
    });
    rmSync(source, { recursive: true, force: true });
    cpSync(join(env.GOMODCACHE, `${escapePath(binary.module)}@${binary.version}`), source, { recursive: true });
    makeWritable(source);
    for (const [path, content] of Object.entries(binary.extraFiles ?? {})) writeFileSync(join(source, path), content);
    for (const patch of binary.patches ?? []) {
      const file = join(source, patch.file);
      writeFileSync(file, applySourcePatch(readFileSync(file, 'utf8'), patch));
    }
    const output = join(target, `${binary.name}.partial`);
    const ldflags = binary.ldflags ? [`-ldflags=${binary.ldflags}`] : [];
    await runTool('go', ['build', '-v', '-buildvcs=false', ...ldflags, '-o', output, binary.pkg], {
      cwd: source,
      env,
      logFile,
      step: progress,
    });
    renameSync(output, binPath(settings, binary));
    markBuilt(settings, binary);
    rmSync(source, { recursive: true, force: true });
    progress.done(`built ${binPath(settings, binary)}`);
  } catch (error) {
    progress.failed();
    throw error;
  }
}
