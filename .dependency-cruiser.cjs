// Layer rules, checked in `npm test`. Domain files are the pure deciders and aggregates:
// `*.aggregate.ts`, `*.commands.ts`, `*.decider.ts`, `*.rules.ts` and anything under a `domain/` folder.
const DOMAIN = '(\\.(aggregate|commands|decider|rules)\\.ts$|/domain/)';

module.exports = {
  forbidden: [
    {
      name: 'service-imports-other-service',
      comment: 'Services learn about each other only through Kafka events or HTTP; share code through libs/.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'lib-imports-service',
      comment: 'Libs are shared building blocks and must not depend on any service.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'contracts-are-pure',
      comment: 'libs/contracts holds integration event types, topics and DTO types only: no logic, no dependencies.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { pathNot: '^libs/contracts/' },
    },
    {
      name: 'domain-imports-framework-or-io',
      comment: 'Deciders are pure: no framework, no driver, no Node I/O module; time and ids arrive in the command.',
      severity: 'error',
      from: { path: DOMAIN, pathNot: '\\.spec\\.ts$' },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
      },
    },
    {
      name: 'domain-imports-non-domain',
      comment: 'Domain code may import only other domain code (and libs/contracts types).',
      severity: 'error',
      from: { path: DOMAIN, pathNot: '\\.spec\\.ts$' },
      to: { dependencyTypes: ['local', 'aliased-tsconfig', 'aliased'], pathNot: [DOMAIN, '^libs/contracts/'] },
    },
    {
      name: 'feature-imports-app-module',
      comment:
        "A service's folders sit below its app.module (the table of contents), never import it back; main.ts and the document builder beside it do.",
      severity: 'error',
      from: { path: '^services/[^/]+/src/[^/]+/', pathNot: ['\\.spec\\.ts$', '/testing/'] },
      to: { path: '^services/[^/]+/src/app\\.module\\.ts$' },
    },
    {
      name: 'gateway-operators-import-auth',
      comment: 'Sessions build on the operator directory, not the other way round (operators/ ↔ auth/ was a cycle).',
      severity: 'error',
      from: { path: '^services/backoffice-gateway/src/operators/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^services/backoffice-gateway/src/auth/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-code-imports-tests',
      severity: 'error',
      from: { pathNot: ['\\.spec\\.ts$', '^libs/testing/', '/testing/', '^scripts/'] },
      to: { path: ['\\.spec\\.ts$', '^libs/testing/', '/testing/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
