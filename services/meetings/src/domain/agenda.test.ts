import type { AgendaItemDoc } from "../store/documents";
import { arrangeAgenda, type ItemInput, knownItemIds, publishAgenda, unpublishedChanges } from "./agenda";

const item = (over: Partial<ItemInput> = {}): ItemInput => ({
  id: "",
  title: "Serious violence in town centres",
  description: "",
  presenter: "",
  minutesAllotted: 20,
  links: [],
  ...over,
});
const A = "partners/csp-a";
const OPCC = "partners/opcc-kent";

describe("arranging the working agenda", () => {
  test("new items get ids after the highest ever given; kept items keep theirs, in the order sent", () => {
    const r = arrangeAgenda([item({ id: "item-2" }), item(), item()], {
      ids: new Set(["item-1", "item-2"]),
      seq: 4,
    });
    expect(r.ok && r.items.map((i) => i.id)).toEqual(["item-2", "item-5", "item-6"]);
    expect(r.ok && r.seq).toBe(6);
  });

  test("unknown or repeated ids, presenters not invited and links to anything else are named by field", () => {
    const r = arrangeAgenda(
      [
        item({ id: "item-9" }),
        item({ id: "item-1" }),
        item({ id: "item-1", presenter: "partners/csp-z" }),
        item({ links: ["reportRequests/rr-1", "https://example.com", "reportRequests/rr-1/submissions/csp-a"] }),
      ],
      { ids: new Set(["item-1"]), seq: 1, presenters: new Set([A, OPCC]) },
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.field)).toEqual([
      "items[0].id",
      "items[2].id",
      "items[2].presenter",
      "items[3].links[1]",
    ]);
  });

  test("while 'all active CSPs' is unresolved any presenter is accepted (checked again at publishing)", () => {
    expect(arrangeAgenda([item({ presenter: "partners/csp-z" })], { ids: new Set(), seq: 0 }).ok).toBe(true);
  });

  test("an assessment priority link is accepted and duplicate links are kept once", () => {
    const r = arrangeAgenda(
      [item({ links: ["assessments/a-2026/priorities/VAWG", "assessments/a-2026/priorities/VAWG"] })],
      {
        ids: new Set(),
        seq: 0,
      },
    );
    expect(r.ok && r.items[0]?.links).toEqual(["assessments/a-2026/priorities/VAWG"]);
  });
});

describe("publishing versions", () => {
  const items: AgendaItemDoc[] = [{ ...item(), id: "item-1" }];
  const at = new Date("2026-11-23T10:00:00Z");

  test("the first version needs no note; nothing to publish and no change are refused", () => {
    expect(publishAgenda([], [], { actor: "people/x", note: "", time: at })).toEqual({
      ok: false,
      message: "the agenda has no items to publish",
    });
    const v1 = publishAgenda(items, [], { actor: "people/x", note: "", time: at });
    expect(v1.ok && v1.version.version).toBe(1);
    if (!v1.ok) return;
    expect(unpublishedChanges(items, [v1.version])).toBe(false);
    expect(publishAgenda(items, [v1.version], { actor: "people/x", note: "again", time: at }).ok).toBe(false);
  });

  test("a revision after publication needs a note saying what changed, and becomes the next version", () => {
    const v1 = publishAgenda(items, [], { actor: "people/x", note: "", time: at });
    if (!v1.ok) throw new Error("v1");
    const revised = [...items, { ...item({ title: "Any other business" }), id: "item-2" }];
    expect(unpublishedChanges(revised, [v1.version])).toBe(true);
    const noNote = publishAgenda(revised, [v1.version], { actor: "people/x", note: " ", time: at });
    expect(!noNote.ok && noNote.field).toBe("note");
    const v2 = publishAgenda(revised, [v1.version], { actor: "people/x", note: "Added any other business", time: at });
    expect(v2.ok && [v2.version.version, v2.version.items.length, v2.version.note]).toEqual([
      2,
      2,
      "Added any other business",
    ]);
    expect(knownItemIds([], [v1.version, ...(v2.ok ? [v2.version] : [])])).toEqual(new Set(["item-1", "item-2"]));
  });
});
