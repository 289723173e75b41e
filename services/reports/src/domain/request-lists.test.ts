import { listPlan, type RequestFacts, requestListItems, slotDirectory } from "./request-lists";

const doc = {
  _id: "reportRequests/r1",
  etag: "e",
  owner: "partners/opcc-kent",
  addressees: ["partners/csp-dover", "partners/csp-thanet"],
  assignments: [
    { partner: "partners/csp-dover", state: "SUBMITTED" as const },
    { partner: "partners/csp-thanet", state: "RETURNED" as const },
  ],
  dueTime: new Date("2026-12-20T12:00:00Z"),
  classification: "OFFICIAL" as const,
  legalBasis: "VOLUNTARY",
  releasedToPanel: false,
  sortKey: "2026-12-20T12:00:00.000Z|reportRequests/r1",
  createdKey: "2026-11-01T09:00:00.000Z|reportRequests/r1",
  titleKey: "knife crime|reportRequests/r1",
} as never;

const views = (order: string) =>
  requestListItems(doc)
    .filter((i) => i.order === order)
    .map((i) => `${i.view} ${i.id}`)
    .sort();

test("a request is in its scope views in every order, and each addressee in its slot views in due order", () => {
  const scope = [
    "all reportRequests/r1",
    "p:partners/csp-dover reportRequests/r1",
    "p:partners/csp-thanet reportRequests/r1",
    "p:partners/opcc-kent reportRequests/r1",
  ];
  expect(views("due")).toEqual(
    [
      ...scope,
      "all|s:RETURNED reportRequests/r1",
      "all|s:AWAITING reportRequests/r1",
      "all|s:SUBMITTED reportRequests/r1",
      "p:partners/csp-dover|s:SUBMITTED reportRequests/r1",
      "p:partners/csp-thanet|s:AWAITING reportRequests/r1",
      "p:partners/csp-thanet|s:RETURNED reportRequests/r1",
    ].sort(),
  );
  for (const order of ["created", "title"]) expect(views(order)).toEqual(scope.sort());
  // A slot view's item counts for the request's addressees in that state; parties' views carry
  // the addressees (a partnership may filter by another), the OPCC's do not.
  const twoSubmitted = {
    ...(doc as object),
    assignments: [
      { partner: "partners/csp-dover", state: "SUBMITTED" },
      { partner: "partners/csp-thanet", state: "SUBMITTED" },
    ],
  } as never;
  const submitted = requestListItems(twoSubmitted).find((i) => i.view === "all|s:SUBMITTED");
  expect(submitted).toMatchObject({ w: 2, order: "due" });
  expect(submitted?.f.a).toBeUndefined();
  expect(requestListItems(doc).find((i) => i.view === "p:partners/csp-dover")?.f.a).toEqual([
    "partners/csp-dover",
    "partners/csp-thanet",
  ]);
  const keys = new Set(requestListItems(doc).map((i) => `${i.order}=${i.k}`));
  expect(keys).toEqual(
    new Set([
      "due=2026-12-20T12:00:00.000Z|reportRequests/r1",
      "created=2026-11-01T09:00:00.000Z|reportRequests/r1",
      "title=knife crime|reportRequests/r1",
    ]),
  );
});

test("the panel's views hold only what is released and OFFICIAL", () => {
  const released = { ...(doc as object), releasedToPanel: true };
  expect(requestListItems(released as never).some((i) => i.view === "rel")).toBe(true);
  expect(
    requestListItems({ ...released, classification: "OFFICIAL-SENSITIVE" } as never).some((i) =>
      i.view.startsWith("rel"),
    ),
  ).toBe(false);
  expect(requestListItems(doc).some((i) => i.view.startsWith("rel"))).toBe(false);
});

const base = { awaitingPartner: false, overdueOnly: false, orderBy: "" };
const now = new Date("2026-12-02T10:00:00Z");
const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  d: "2026-12-20T12:00:00.000Z",
  c: "OFFICIAL",
  lb: "VOLUNTARY",
  a: ["partners/csp-dover"],
  ...over,
});

test("each query is answered by the view of the caller's scope and its filters", () => {
  expect(listPlan(base, "all", undefined, now)).toMatchObject({ view: "all", order: "due", countsScope: "all" });
  expect(listPlan({ ...base, state: "SUBMITTED" }, "all", undefined, now).view).toBe("all|s:SUBMITTED");
  expect(listPlan({ ...base, addressee: "partners/csp-dover" }, "all", "partners/csp-dover", now)).toMatchObject({
    view: "p:partners/csp-dover",
    countsScope: "p:partners/csp-dover",
  });
  const officer = listPlan({ ...base, state: "RETURNED" }, "p:partners/csp-dover", "partners/csp-dover", now);
  expect(officer).toMatchObject({ view: "p:partners/csp-dover|s:RETURNED", countsScope: "p:partners/csp-dover" });
  expect(listPlan({ ...base, orderBy: "create_time desc" }, "rel", "partners/panel", now)).toMatchObject({
    view: "rel",
    order: "created",
    descending: true,
  });
  expect(listPlan({ ...base, orderBy: "title" }, "all", undefined, now).order).toBe("title");
  expect(listPlan({ ...base, orderBy: "due_time desc" }, "all", undefined, now)).toMatchObject({ descending: true });
});

test("a state in another order reads the slot view whole and orders it by the key its items carry", () => {
  const newest = listPlan({ ...base, state: "ACCEPTED", orderBy: "create_time desc" }, "all", undefined, now);
  expect(newest).toMatchObject({ view: "all|s:ACCEPTED", order: "due", sortBy: "ck", descending: true });
  const byTitle = listPlan({ ...base, state: "ACCEPTED", orderBy: "title" }, "all", undefined, now);
  expect(byTitle).toMatchObject({ order: "due", sortBy: "tk", descending: false });
  expect(listPlan({ ...base, state: "ACCEPTED" }, "all", undefined, now).sortBy).toBeUndefined();
});

test("overdue reads the awaiting view up to now; due dates bound the due order's range", () => {
  const overdue = listPlan({ ...base, overdueOnly: true }, "all", undefined, now);
  expect(overdue).toMatchObject({ view: "all|s:AWAITING", max: now.toISOString() });
  const soon = listPlan(
    { ...base, awaitingPartner: true, dueAfter: now, dueBefore: new Date("2026-12-09T10:00:00Z") },
    "all",
    undefined,
    now,
  );
  expect(soon).toMatchObject({ min: now.toISOString(), max: "2026-12-09T10:00:00.000Z" });
  // In another order the same bounds are conditions on the due time.
  const byTitle = listPlan({ ...base, orderBy: "title", overdueOnly: true }, "all", undefined, now);
  expect(byTitle.max).toBeUndefined();
  expect(byTitle.match(facts({ d: "2026-12-01T00:00:00.000Z" }))).toBe(true);
  expect(byTitle.match(facts({ d: "2026-12-03T00:00:00.000Z" }))).toBe(false);
});

test("other filters are conditions on the facts; impossible combinations match nothing", () => {
  const p = listPlan({ ...base, legalBasis: "FORMAL_S7", classification: "OFFICIAL" }, "all", undefined, now);
  expect(p.match(facts({ lb: "FORMAL_S7" }))).toBe(true);
  expect(p.match(facts())).toBe(false);
  const officer = listPlan(
    { ...base, addressee: "partners/csp-thanet" },
    "p:partners/csp-dover",
    "partners/csp-dover",
    now,
  );
  expect(officer.view).toBe("p:partners/csp-dover");
  expect(officer.match(facts())).toBe(false);
  expect(officer.match(facts({ a: ["partners/csp-dover", "partners/csp-thanet"] }))).toBe(true);
  const accepted = listPlan({ ...base, state: "ACCEPTED", awaitingPartner: true }, "all", undefined, now);
  expect(accepted.match(facts())).toBe(false);
});

test("a scope's slot views share one directory; scope views keep their own", () => {
  expect(slotDirectory("p:partners/csp-dover|s:SUBMITTED")).toEqual({
    doc: "p:partners/csp-dover|s",
    member: "SUBMITTED",
  });
  expect(slotDirectory("all|s:AWAITING")).toEqual({ doc: "all|s", member: "AWAITING" });
  expect(slotDirectory("p:partners/csp-dover")).toBeUndefined();
});
