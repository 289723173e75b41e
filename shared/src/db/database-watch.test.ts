import { createLogger } from "../log";
import { DatabaseWatch } from "./database-watch";

const log = createLogger("test", "silent");

/** A database that stops, then is back for new connections while the old client stays stuck. */
function world() {
  const w = { databaseUp: true, clientStuck: false, reconnects: 0, freshPings: 0 };
  const watch = new DatabaseWatch({
    ping: async () => w.databaseUp && !w.clientStuck,
    freshPing: async () => {
      w.freshPings += 1;
      return w.databaseUp;
    },
    reconnect: async () => {
      w.reconnects += 1;
      w.clientStuck = false;
    },
    log,
  });
  return { w, watch };
}

describe("DatabaseWatch", () => {
  test("a client stuck after the database came back is reconnected, and the watch sees it up again", async () => {
    const { w, watch } = world();
    await watch.check();
    expect(watch.up).toBe(true);
    // The database stops; the service's client loses it for good (its monitor stopped).
    w.databaseUp = false;
    w.clientStuck = true;
    for (let i = 0; i < 5; i++) await watch.check();
    expect(watch.up).toBe(false);
    expect(w.reconnects).toBe(0); // nothing answers a new connection either: nothing to gain
    // It is back: a new connection answers, the old client still does not.
    w.databaseUp = true;
    await watch.check();
    expect(w.reconnects).toBe(1);
    await watch.check();
    expect(watch.up).toBe(true);
  });

  test("a database that simply does not answer is never a reason to reconnect", async () => {
    const { w, watch } = world();
    w.databaseUp = false;
    for (let i = 0; i < 10; i++) await watch.check();
    expect([watch.up, w.reconnects]).toEqual([false, 0]);
    expect(w.freshPings).toBe(8); // asked from the third failed check on
  });

  test("a client that answers is left alone", async () => {
    const { w, watch } = world();
    for (let i = 0; i < 5; i++) await watch.check();
    expect([watch.up, w.reconnects, w.freshPings]).toEqual([true, 0, 0]);
  });
});
