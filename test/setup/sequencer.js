/**
 * The order suites start in, two at a time. Jest starts the slowest first when it has timings from
 * an earlier run; a fresh clone has none, and a long suite started last would run on alone at the
 * end. So the known long ones start first, then jest's own order (its timings, else file size).
 */
const Sequencer = require("@jest/test-sequencer").default;

// Seconds each took in a run of two at a time (docs/testing.md); a suite not named here comes after.
const LONG = [
  "access-matrix.e2e.test.ts",
  "openapi-contract.e2e.test.ts",
  "web-journey.browser.test.ts",
  "grants-journey.browser.test.ts",
  "combinations-journey.browser.test.ts",
  "kafka-replication.test.ts",
  "broker-kill.test.ts",
  "email.e2e.test.ts",
  "demo-seed.e2e.test.ts",
  "soak.test.ts",
];

class LongFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const rank = (t) => {
      const i = LONG.findIndex((name) => t.path.endsWith(`/${name}`));
      return i === -1 ? LONG.length : i;
    };
    // Array.prototype.sort is stable: within a rank, jest's own order stays.
    return [...ordered].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongFirst;
