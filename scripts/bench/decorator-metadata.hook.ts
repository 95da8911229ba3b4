import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { Options, transformSync } from '@swc/core';

/**
 * Import this FIRST in a bench that boots Nest applications. tsx compiles with esbuild, which
 * does not emit `design:paramtypes`, so Nest would inject nothing into constructors and the
 * ValidationPipe would see no DTO types. From here on, the project's .ts files are compiled by
 * swc with the settings of .swcrc (what `npm run build` and jest use); tsx still resolves them.
 */
type Loader = (module: { _compile(code: string, fileName: string): void }, fileName: string) => void;

const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
const tsxLoader = extensions['.ts'];
const swcrc = JSON.parse(readFileSync(join(__dirname, '..', '..', '.swcrc'), 'utf8')) as Options & {
  exclude?: unknown;
};

const options: Options = {
  swcrc: false,
  sourceMaps: 'inline',
  module: swcrc.module,
  jsc: { ...swcrc.jsc, baseUrl: undefined, paths: undefined },
};

extensions['.ts'] = (module, fileName) => {
  if (fileName.includes('/node_modules/')) return tsxLoader(module, fileName);
  const { code } = transformSync(readFileSync(fileName, 'utf8'), { ...options, filename: fileName });
  module._compile(code, fileName);
};

process.setSourceMapsEnabled(true);
