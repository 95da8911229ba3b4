// Test tier is in the file name: *.unit.spec.ts (pure logic), *.int.spec.ts (real engines),
// *.e2e.spec.ts (running services / real browser). `npm test` starts the engines once and runs them all.
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      swcrc: false,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
    },
  ],
};
const tier = (name) => ({
  displayName: name,
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [`<rootDir>/{services,libs,scripts,test}/**/*.${name}.spec.ts`],
  moduleNameMapper,
  transform,
  setupFilesAfterEnv: ['<rootDir>/test/jest/timeouts.ts'],
});

module.exports = {
  projects: [tier('unit'), tier('int'), tier('e2e')],
  reporters: ['default', '<rootDir>/test/jest/exit-watchdog.reporter.js'],
};
