/** @type {import('jest').Config} */
const common = {
  preset: "ts-jest",
  testEnvironment: "node",
  // Tests run against the sources; `npm run build` type-checks them (ts-jest only transpiles).
  // ES-module-only packages (jose 6, @apidevtools/swagger-parser 13) load through require() because
  // `npm test` runs node with --experimental-vm-modules (Jest's require(esm) on Node 24.9 and later).
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/test/tsconfig.json" }] },
  moduleNameMapper: {
    "^@csp-mesh/kit$": "<rootDir>/shared/src/index.ts",
    "^@csp-mesh/kit/tracing$": "<rootDir>/shared/src/register-tracing.ts",
    "^@csp-mesh/client$": "<rootDir>/clients/typescript/src/index.ts",
    "^@csp-mesh/([a-z]+)/contract$": "<rootDir>/services/$1/src/contract/index.ts",
  },
  rootDir: __dirname,
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: "unit",
      // The kit's barrel loads each module on first use here (test/setup/lazy-barrel.js).
      transform: {
        "/shared/src/index\\.ts$": "<rootDir>/test/setup/lazy-barrel.js",
        ...common.transform,
      },
      testMatch: [
        "<rootDir>/shared/src/**/*.test.ts",
        "<rootDir>/services/*/src/**/*.test.ts",
        "<rootDir>/deploy/*/src/**/*.test.ts",
        "<rootDir>/clients/*/src/**/*.test.ts",
        "<rootDir>/examples/*/src/**/*.test.ts",
      ],
    },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts", "<rootDir>/test/reliability/**/*.test.ts"],
      globalSetup: "<rootDir>/test/setup/global-setup.ts",
      globalTeardown: "<rootDir>/test/setup/global-teardown.ts",
    },
  ],
  // Three suites at a time: each integration suite has its own databases and topics (and the
  // reliability suites their own private brokers and database), so they do not see each other. With
  // two, the machine stood about a sixth idle once the long CPU-bound suites were done, while two
  // suites waited on brokers and retries; a third uses that (fresh clones the same hour: jest 867 s
  // with two, 774 s with three; docs/testing.md).
  maxWorkers: 3,
  testSequencer: "<rootDir>/test/setup/sequencer.js",
  testTimeout: 120_000,
};
