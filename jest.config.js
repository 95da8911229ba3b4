// Test tier is in the file name: *.unit.spec.ts (pure logic), *.int.spec.ts (real engines),
// *.e2e.spec.ts (running services / real browser). `npm test` starts the engines once and runs them all.
const { availableParallelism } = require('node:os');
const { compilerOptions } = require('./tsconfig.json');

// `npm test` has Jest write its results with --json, i.e. JSON.stringify, which throws on a BigInt
// inside a failed expectation (event-store positions are bigints): the run's summary would be lost
// with "Do not know how to serialize a BigInt". In Jest's own process (this file is loaded there),
// a bigint is written as its digits.
BigInt.prototype.toJSON = function toJSON() {
  return this.toString();
};

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
  // Jest's default is one worker per core but one, i.e. a single worker on a 2-core machine. The int
  // and e2e files spend most of their time waiting on the engines (consumer groups joining, projections
  // catching up, a browser loading), so one more worker than cores overlaps those waits: the whole
  // suite took 1,536 s with one worker and 967 s with three on this 2-core machine, with other work
  // beside it (load average 12). More than that and the waits turn into CPU contention.
  maxWorkers: Math.min(4, availableParallelism() + 1),
  reporters: ['default', '<rootDir>/test/jest/exit-watchdog.reporter.js'],
};
