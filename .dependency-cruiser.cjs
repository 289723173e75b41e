/**
 * Module rules checked by `npm run lint`: no import cycles anywhere in the services and the kit
 * (a cycle is how an area module ends up depending on the framework that loads it); the kit holds
 * the platform only; a service reaches another only through its contract (docs/architecture.md).
 * Package names resolve to sources through test/tsconfig.json's paths, so the rules see across packages.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules may not import each other in a circle: move what both need into a neutral module.",
      from: {},
      to: { circular: true },
    },
    {
      name: "kit-is-platform",
      severity: "error",
      comment: "The kit knows no service: a service's events and resource kinds live in its own contract.",
      from: { path: "^shared/src/" },
      to: { path: "^services/" },
    },
    {
      name: "services-through-contracts",
      severity: "error",
      comment:
        "A service uses another's events and resource kinds through its contract (services/<name>/src/contract), nothing else of it.",
      from: { path: "^services/([^/]+)/src/" },
      to: { path: "^services/(?!$1/)[^/]+/src/(?!contract/)" },
    },
    {
      name: "contracts-stand-alone",
      severity: "error",
      comment:
        "A contract is published to other services: it may use the kit and other contracts, not its own service's internals.",
      from: { path: "^services/([^/]+)/src/contract/" },
      to: { path: "^services/$1/src/(?!contract/)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/|/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "test/tsconfig.json" },
  },
};
