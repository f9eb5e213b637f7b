/**
 * The import rules of the source tree: each layer imports only the layers below it, and nothing
 * imports the CLI, the test kit or the examples. Checked in `npm test` (test/architecture).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const layer = (name, comment, from, allowed) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: '^src/', pathNot: allowed },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules form no import cycle at run time (a cycle through `import type` only is erased by the compiler).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    layer('api-is-the-bottom', 'src/api imports nothing else of ours.', '^src/api/', '^src/api/'),
    layer('machines-stand-alone', 'src/machines imports only machines/ and api/ (types, and the validators).', '^src/machines/', '^src/(machines|api)/'),
    {
      name: 'machines-use-api-types-only',
      comment: 'At run time a machine needs nothing of the API layer but its dependency-free validators.',
      severity: 'error',
      from: { path: '^src/machines/' },
      to: { path: '^src/api/', pathNot: '^src/api/validation\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    layer('services-over-machines-and-api', 'src/services implements the machines over the API.', '^src/services/', '^src/(services|machines|api)/'),
    layer('proxy-over-api', 'src/proxy imports only the API layer.', '^src/proxy/', '^src/(proxy|api)/'),
    layer('server-over-flows', 'src/server runs flows: services, machines, api (and the proxy\'s Node adapter).', '^src/server/', '^src/(server|services|machines|proxy|api)/'),
    layer('react-over-machines', 'src/react renders machines.', '^src/react/', '^src/(react|machines|api)/'),
    layer('mfa-stands-alone', 'src/mfa (otpauth, QR) imports nothing of ours.', '^src/mfa/', '^src/mfa/'),
    layer('emulator-over-api', 'src/emulator imports the API layer (types, operations, signing) only.', '^src/emulator/', '^src/(emulator|api)/'),
    {
      name: 'emulator-not-the-client',
      comment: 'The emulator is not built on the client it emulates for.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/api/(client|client\\.types|fetch-error)\\.ts$' },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'The CLI is a leaf.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'only-cli-imports-testing',
      comment: 'The test kit is for tests and the demo, never for the library.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(testing|cli)/' },
      to: { path: '^src/testing/' },
    },
    {
      name: 'nothing-imports-examples',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^examples/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'], extensions: ['.ts', '.tsx', '.js'] },
  },
};
