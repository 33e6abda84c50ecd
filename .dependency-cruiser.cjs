/**
 * The project's layers (docs/architecture.md), checked by `npm run lint:layers` and in `npm test`
 * (test/layers.test.ts, which also proves each rule fires on test/fixtures/layers/):
 *
 *   domain/      pure rules and contracts; imports nothing else of the repo, no npm package, no Node module
 *   config/      reads and checks YAML; imports domain/, never constructs/
 *   runtime/     programs that run in the cluster; import domain/ and Node's own modules only, and
 *                @aws-sdk/client-s3 (runtime/object-store/bucket.ts; shipped as its own file, constructs/runtime-bundle.ts)
 *   constructs/  cdk8s constructs take typed props; only constructs/charts/ (and the environment's chart
 *                list, constructs/environment.ts) map the resolved environment to props; other constructs
 *                may type a prop as a slice of the configuration (type-only imports of the schema's types)
 *
 * and no cycle between folders.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'Folders depend on each other in one direction only (domain ← config ← constructs ← synth).',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      severity: 'error',
      comment: 'A module cycle makes load order matter and hides a missing layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ holds the rules every layer shares: it imports only domain/ (no cdk8s, no zod, no fs).',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/' },
    },
    {
      name: 'config-not-constructs',
      severity: 'error',
      comment: 'config/ reads and checks the YAML; what it needs of names, metrics or GuideLLM lives in domain/.',
      from: { path: '^config/' },
      to: { path: '^(constructs|runtime|synth|scripts)/' },
    },
    {
      name: 'runtime-only-domain',
      severity: 'error',
      comment: 'runtime/ runs in the cluster, bundled without dependencies: it imports domain/ and Node modules only (and the S3 client, shipped beside the program).',
      from: { path: '^runtime/' },
      to: { pathNot: '^(runtime|domain)/|^node_modules/@aws-sdk/client-s3/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'constructs-take-props',
      severity: 'error',
      comment:
        'A construct takes typed props; only a chart reads the resolved environment (config/resolve.ts, config/load.ts) and maps it to props. ' +
        'A prop may be typed as a slice of the configuration: a type-only import of config/schema.ts, config/sections/ or config/target.ts.',
      from: { path: '^constructs/', pathNot: '^constructs/(charts/|environment\\.ts$)' },
      to: { path: '^config/', pathNot: '^config/(schema|target|sections/[^/]+)\\.ts$' },
    },
    {
      name: 'constructs-config-types-only',
      severity: 'error',
      comment: 'Of config/, a construct uses types only (`import type`): no schema, loader or check runs inside a construct.',
      from: { path: '^constructs/', pathNot: '^constructs/(charts/|environment\\.ts$)' },
      to: { path: '^config/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|imports|test|test-artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
  },
};
