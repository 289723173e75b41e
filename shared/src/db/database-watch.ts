import { MongoClient } from "mongodb";
import type { Logger } from "../log";

export interface DatabaseWatchOptions {
  /** The service's own client answers a ping. */
  ping: () => Promise<boolean>;
  /** A new connection, made for this check only, answers a ping. */
  freshPing: () => Promise<boolean>;
  /** Closes the service's client and connects it again. */
  reconnect: () => Promise<void>;
  log: Logger;
  /** Failed checks in a row before a new connection is tried (default 3). */
  stuckAfter?: number;
}

/**
 * Follows whether the database answers the service, for its health status. After a restart of the
 * database the driver's server monitor has been seen to stop altogether (no heartbeat, failed or
 * not, for as long as the test waited: test/reliability/database-stop), leaving the client unable
 * to reach a database that answers everyone else. So when the service's client has failed
 * `stuckAfter` checks in a row but a new connection answers, the client is closed and connected
 * again, which starts a new monitor.
 */
export class DatabaseWatch {
  private failures = 0;

  constructor(private readonly o: DatabaseWatchOptions) {}

  /** Whether the last check's ping was answered. */
  get up(): boolean {
    return this.failures === 0;
  }

  async check(): Promise<void> {
    if (await this.o.ping()) {
      this.failures = 0;
      return;
    }
    this.failures += 1;
    if (this.failures < (this.o.stuckAfter ?? 3) || !(await this.o.freshPing())) return;
    this.o.log.warn("the database answers a new connection but not the service's client: reconnecting it");
    await this.o.reconnect();
    // Counted again from here: a client that still cannot reach it is reconnected again later.
    this.failures = 1;
  }
}

/** Whether the database at `url` answers a ping on a connection of its own (closed afterwards). */
export async function pingsFresh(url: string, timeoutMs = 2_000): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    return (await client.db("admin").command({ ping: 1 })).ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}
