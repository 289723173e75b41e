import { invalidArgument } from "../errors";
import { fieldViolationsOf, MAX_FIELD_VIOLATIONS, toServiceError } from "./status-details";

test("a refusal with hundreds of problems stays small enough for a client to read: the first ones, and how many", () => {
  const violations = Array.from({ length: 600 }, (_, i) => ({
    field: `programme.allocations[${i}].partner`,
    description: "partners/00 is allocated twice",
  }));
  const err = toServiceError(
    invalidArgument(`invalid programme: ${violations.map((v) => v.field).join(", ")}`, violations),
  );
  const trailer = err.metadata?.get("grpc-status-details-bin")[0] as Buffer;
  expect(trailer.length).toBeLessThan(8 * 1024);
  expect(err.details?.length).toBeLessThanOrEqual(1000);
  expect(err.details).toMatch(/\(the first 50 of 600 problems\)$/);
  const decoded = fieldViolationsOf(err as never);
  expect(decoded).toHaveLength(MAX_FIELD_VIOLATIONS);
  expect(decoded[0]).toEqual(violations[0]);
});

test("an ordinary refusal is passed on whole", () => {
  const v = [{ field: "programme.budget_pence", description: "more than 0" }];
  const err = toServiceError(invalidArgument("invalid programme: programme.budget_pence", v));
  expect(err.details).toBe("invalid programme: programme.budget_pence");
  expect(fieldViolationsOf(err as never)).toEqual(v);
});
