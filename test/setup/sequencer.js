/**
 * The order suites start in, three at a time. Jest starts the slowest first when it has timings from
 * an earlier run; a fresh clone has none, and a long suite started last would run on alone at the
 * end. So the known long ones start first; then the other integration suites, each followed by a
 * share of the unit suites.
 *
 * Why the unit suites are spread out: after the first few long suites (busy on the CPU: Schemathesis,
 * the matrix, the browser journeys), the integration suites spend much of their time waiting (for a
 * broker to be elected, a database to come back, a delivery to be retried), and with two of those
 * running the machine stood a sixth idle; a third worker now uses most of that. Unit suites only
 * compute: one beside a waiting suite uses what it leaves. Run last, as before, they ran side by side
 * on a machine with nothing to spare.
 */
const Sequencer = require("@jest/test-sequencer").default;

// Longest first, as they took in a fresh-clone run of two at a time (docs/testing.md: 40 s and more);
// a suite not named here comes after. A long one left out (hostile-grpc, 142 s) starts late and can
// run on alone at the end.
const LONG = [
  "openapi-contract.e2e.test.ts",
  "access-matrix.e2e.test.ts",
  "web-journey.browser.test.ts",
  "grants-journey.browser.test.ts",
  "hostile-grpc.test.ts",
  "combinations-journey.browser.test.ts",
  "broker-kill.test.ts",
  "kafka-replication.test.ts",
  "grants.e2e.test.ts",
  "soak.test.ts",
  "demo-seed.e2e.test.ts",
  "hostile-rest.test.ts",
  "tracing.e2e.test.ts",
  "email.e2e.test.ts",
];
/** The first LONG suites are busy on the CPU from start to end: nothing is interleaved with them. */
const BUSY = 6;

const isIntegration = (t) => /\/test\/(integration|reliability)\//.test(t.path);

class LongFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const rank = (t) => {
      const i = LONG.findIndex((name) => t.path.endsWith(`/${name}`));
      return i === -1 ? LONG.length : i;
    };
    // Array.prototype.sort is stable: within a rank, jest's own order stays.
    const integration = ordered.filter(isIntegration).sort((a, b) => rank(a) - rank(b));
    const unit = ordered.filter((t) => !isIntegration(t));
    const waiting = integration.slice(BUSY);
    const share = Math.ceil(unit.length / Math.max(waiting.length, 1));
    return [
      ...integration.slice(0, BUSY),
      ...waiting.flatMap((t, i) => [t, ...unit.slice(i * share, (i + 1) * share)]),
      ...unit.slice(waiting.length * share),
    ];
  }
}

module.exports = LongFirst;
