import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const dockerfile = read('Dockerfile');
const packageJson = JSON.parse(read('package.json')) as {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const aliases = (JSON.parse(read('tsconfig.json')) as { compilerOptions: { paths: Record<string, [string]> } })
  .compilerOptions.paths;

/** Specifiers a file loads at run time: `import type` / `export type` are erased by the compiler. */
function runtimeImports(source: string): string[] {
  const found = [...source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?'([^']+)'/gms)].map(
    (match) => match[1],
  );
  return [...found, ...[...source.matchAll(/require\('([^']+)'\)/g)].map((match) => match[1])];
}

const resolveFile = (base: string) => [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));

/** Every repository file and npm package the CLI loads, transitively. */
function closure(): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
      const target = specifier.startsWith('.')
        ? resolveFile(resolve(dirname(file), specifier))
        : aliases[specifier] && join(ROOT, aliases[specifier][0]);
      if (target) visit(target);
      else if (specifier.startsWith('.')) throw new Error(`${relative(ROOT, file)}: cannot resolve ${specifier}`);
      else
        packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
    }
  };
  visit(join(ROOT, 'scripts/ops.ts'));
  return { files: new Set([...files].map((file) => relative(ROOT, file))), packages };
}

describe('the ops CLI in the production image (Dockerfile)', () => {
  const buildStep = dockerfile.match(/npx swc ((?:scripts\/\S+\s+)+)-d dist/);
  const compiled = buildStep ? buildStep[1].trim().split(/\s+/) : [];
  const { files, packages } = closure();

  it('compiles every script the CLI loads into dist/scripts (services and libs come with `npm run build`)', () => {
    expect(compiled).toContain('scripts/ops.ts');
    expect(dockerfile).toContain('RUN npm run build');
    expect(packageJson.scripts.build).toMatch(/^swc services libs -d dist /);
    const scripts = [...files].filter((file) => file.startsWith('scripts/'));
    const missing = scripts.filter((file) => !compiled.some((input) => file === input || file.startsWith(`${input}/`)));
    expect(missing).toEqual([]);
    expect([...files].filter((file) => !/^(scripts|services|libs)\//.test(file))).toEqual([]);
  });

  it('needs only production dependencies, which the image keeps after `npm prune --omit=dev`', () => {
    const builtins = new Set(builtinModules);
    const outside = [...packages].filter(
      (name) => !name.startsWith('node:') && !builtins.has(name) && !(name in packageJson.dependencies),
    );
    expect(outside).toEqual([]);
    expect(dockerfile.indexOf('npm prune --omit=dev')).toBeGreaterThan(dockerfile.indexOf('npx swc scripts/'));
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
  });

  it('is what the runbook tells operators to run', () => {
    expect(read('deploy/RUNBOOK.md')).toContain(
      'docker compose exec notification-service node dist/scripts/ops.js dlq list',
    );
  });
});
