import { listQuery } from "./list-filter";
import { listRequestsSchema } from "./schemas";

const NOW = new Date("2027-03-01T12:00:00Z");
const req = (over: Record<string, unknown> = {}) =>
  listRequestsSchema.parse({
    pageSize: 0,
    pageToken: "",
    state: "",
    addressee: "",
    overdueOnly: false,
    dueBefore: null,
    legalBasis: "",
    query: "",
    classification: "CLASSIFICATION_UNSPECIFIED",
    dueAfter: null,
    awaitingPartner: false,
    orderBy: "",
    ...over,
  });

describe("ListReportRequests filter", () => {
  it("selects everything, soonest due first, when nothing is asked", () => {
    expect(listQuery(req(), undefined, NOW)).toEqual({ filter: {}, key: "sortKey", descending: false });
  });

  it("filters by classification, legal basis and a due-date range", () => {
    const q = listQuery(
      req({
        classification: "CLASSIFICATION_OFFICIAL_SENSITIVE",
        legalBasis: "LEGAL_BASIS_FORMAL_S7",
        dueAfter: { seconds: "1800000000", nanos: 0 },
        dueBefore: { seconds: "1900000000", nanos: 0 },
      }),
      undefined,
      NOW,
    );
    expect(q.filter).toEqual({
      $and: [
        { legalBasis: "FORMAL_S7" },
        { classification: "OFFICIAL-SENSITIVE" },
        { dueTime: { $lt: new Date(1_900_000_000_000) } },
        { dueTime: { $gte: new Date(1_800_000_000_000) } },
      ],
    });
  });

  it("looks at the partnership's own slot for state filters", () => {
    const q = listQuery(req({ state: "ADDRESSEE_STATE_RETURNED" }), "partners/csp-dover", NOW);
    expect(q.filter).toEqual({ $and: [{ addresseeStates: "partners/csp-dover|RETURNED" }] });
    const open = listQuery(req({ awaitingPartner: true }), "partners/csp-dover", NOW);
    expect(open.filter).toEqual({
      $and: [
        {
          addresseeStates: {
            $in: ["REQUESTED", "ACKNOWLEDGED", "DRAFT", "RETURNED"].map((s) => `partners/csp-dover|${s}`),
          },
        },
      ],
    });
  });

  it("treats overdue as awaiting the partnership and past due", () => {
    const q = listQuery(req({ overdueOnly: true }), undefined, NOW);
    expect(q.filter).toEqual({
      $and: [
        { "assignments.state": { $in: ["REQUESTED", "ACKNOWLEDGED", "DRAFT", "RETURNED"] } },
        { dueTime: { $lt: NOW } },
      ],
    });
  });

  it("orders by creation (newest first) or by title", () => {
    expect(listQuery(req({ orderBy: "create_time desc" }), undefined, NOW)).toMatchObject({
      key: "createdKey",
      descending: true,
    });
    expect(listQuery(req({ orderBy: "title" }), undefined, NOW)).toMatchObject({ key: "titleKey" });
  });

  it("refuses an unknown order and a query with nothing to search for", () => {
    expect(listRequestsSchema.safeParse({ ...req(), orderBy: "sortKey" }).success).toBe(false);
    const r = listRequestsSchema.safeParse({
      pageSize: 0,
      pageToken: "",
      state: "",
      addressee: "",
      overdueOnly: false,
      dueBefore: null,
      legalBasis: "",
      query: "the of",
      classification: "",
      dueAfter: null,
      awaitingPartner: false,
      orderBy: "",
    });
    expect(r.success).toBe(false);
  });
});
