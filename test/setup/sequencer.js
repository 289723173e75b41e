/**
 * The order suites start in, two at a time: one suite busy on the CPU beside one that is not.
 *
 * A few suites keep the CPU busy from start to end (Schemathesis, the access matrix, the browser
 * journeys, hostile-grpc: HEAVY below); the others mostly wait (for a broker to be elected, a
 * database to come back, a delivery to be retried) or are short unit suites. Two busy suites side
 * by side each run at half speed, and two waiting ones leave the machine idle: in a run that began
 * with the busy ones together, a sixth of the machine stood idle later on. So the order is made by
 * playing the run out with each suite's expected time (from a fresh-clone run, docs/testing.md):
 * whenever a worker frees, it takes the next busy suite if the other worker is not running one,
 * else the next other suite (the longest first, the unit suites last to even out the end). Jest
 * hands suites to whichever worker frees first in this order, so the real run follows it closely.
 */
const Sequencer = require("@jest/test-sequencer").default;

/** Seconds, as they took beside another suite in a fresh-clone run; busy on the CPU throughout. */
const HEAVY = {
  "openapi-contract.e2e.test.ts": 266,
  "access-matrix.e2e.test.ts": 237,
  "web-journey.browser.test.ts": 148,
  "grants-journey.browser.test.ts": 139,
  "hostile-grpc.test.ts": 56,
  "combinations-journey.browser.test.ts": 50,
};
/** The other integration suites of 30 s or more; the rest take about 15 s. */
const LONG = {
  "broker-kill.test.ts": 63,
  "kafka-replication.test.ts": 60,
  "demo-seed.e2e.test.ts": 59,
  "email.e2e.test.ts": 49,
  "soak.test.ts": 45,
  "grants.e2e.test.ts": 35,
  "web-sessions.e2e.test.ts": 35,
  "reports.e2e.test.ts": 34,
  "service-kill.test.ts": 31,
  "database-stop.test.ts": 30,
  "outbox-fault.test.ts": 30,
};
const INTEGRATION_S = 15;
const UNIT_S = 1.2;

const isIntegration = (t) => /\/test\/(integration|reliability)\//.test(t.path);
const known = (table, t) => Object.entries(table).find(([name]) => t.path.endsWith(`/${name}`))?.[1];
const expected = (t) => known(HEAVY, t) ?? known(LONG, t) ?? (isIntegration(t) ? INTEGRATION_S : UNIT_S);

class BusyBesideWaiting extends Sequencer {
  sort(tests) {
    // Jest's own order (its timings from an earlier run, else file size) within equal expectations.
    const ordered = super.sort(tests);
    const longestFirst = (list) => [...list].sort((a, b) => expected(b) - expected(a));
    const heavy = longestFirst(ordered.filter((t) => known(HEAVY, t) !== undefined));
    const rest = ordered.filter((t) => known(HEAVY, t) === undefined);
    const light = [...longestFirst(rest.filter(isIntegration)), ...rest.filter((t) => !isIntegration(t))];

    const out = [];
    const until = [0, 0]; // when each worker frees
    const busy = [false, false]; // whether it is running a heavy suite
    while (heavy.length + light.length > 0) {
      const w = until[0] <= until[1] ? 0 : 1;
      const otherBusy = busy[1 - w] && until[1 - w] > until[w];
      const next = (!otherBusy && heavy.shift()) || light.shift() || heavy.shift();
      out.push(next);
      busy[w] = known(HEAVY, next) !== undefined;
      until[w] += expected(next);
    }
    return out;
  }
}

module.exports = BusyBesideWaiting;
