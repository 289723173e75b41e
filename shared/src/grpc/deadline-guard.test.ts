import { AppError } from "../errors";
import { answeredBeforeDeadline, DEADLINE_MARGIN_MS } from "./deadline-guard";

const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failingAfter = (ms: number) =>
  new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error("server selection timed out")), ms));
const inMs = (ms: number) => new Date(Date.now() + ms);

describe("a call's answer before its deadline", () => {
  test("the database gone during the call: UNAVAILABLE just before the deadline, not after it", async () => {
    const started = Date.now();
    const work = failingAfter(900);
    const err = await answeredBeforeDeadline(work, inMs(DEADLINE_MARGIN_MS + 200), () => false).catch(
      (e: unknown) => e,
    );
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("UNAVAILABLE");
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(DEADLINE_MARGIN_MS + 200);
    // The call's own failure, after the answer, is already handled: nothing is left unhandled.
    await expect(work).rejects.toThrow("server selection timed out");
  });

  test("the database up: a slow call is left to finish, whatever its deadline", async () => {
    await expect(answeredBeforeDeadline(after(600, "done"), inMs(DEADLINE_MARGIN_MS + 100), () => true)).resolves.toBe(
      "done",
    );
  });

  test("a call that finishes in time answers with its own result or error", async () => {
    const down = () => false;
    await expect(answeredBeforeDeadline(after(10, "done"), inMs(5_000), down)).resolves.toBe("done");
    await expect(answeredBeforeDeadline(failingAfter(10), inMs(5_000), down)).rejects.toThrow(
      "server selection timed out",
    );
  });

  test("no deadline, or none left to guard: the call as it is", async () => {
    const work = after(10, "done");
    expect(answeredBeforeDeadline(work, undefined, () => false)).toBe(work);
    expect(answeredBeforeDeadline(work, inMs(DEADLINE_MARGIN_MS - 50), () => false)).toBe(work);
    expect(answeredBeforeDeadline(work, inMs(5_000), undefined)).toBe(work);
  });
});
