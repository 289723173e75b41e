/**
 * A call that was already waiting on the database when it went away waits out the driver's server
 * selection (mongo.ts) once per database operation it makes, so a call of two operations passes its
 * deadline and the client sees DEADLINE_EXCEEDED, although the service knows by then that the
 * database is down (test/reliability/database-stop: 1 run in 20). Just before the deadline such a
 * call is answered UNAVAILABLE, like the calls refused at the door while the database is down.
 * A call that is merely slow, with the database up, is left alone to meet or miss its deadline.
 */
import { unavailable } from "../errors";

/** How long before the client's deadline the answer is sent, so it arrives before the client gives up. */
export const DEADLINE_MARGIN_MS = 300;

export function answeredBeforeDeadline<T>(
  work: Promise<T>,
  deadline: Date | undefined,
  available: (() => boolean) | undefined,
): Promise<T> {
  const wait = deadline ? deadline.getTime() - DEADLINE_MARGIN_MS - Date.now() : Number.NaN;
  if (!available || !(wait > 0)) return work;
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      if (!available()) reject(unavailable("the database became unavailable during the call; retry later"));
    }, wait);
    timer.unref();
  });
  // The work goes on after an early answer; its own failure then is already answered, so caught.
  return Promise.race([work, guard]).finally(() => clearTimeout(timer));
}
