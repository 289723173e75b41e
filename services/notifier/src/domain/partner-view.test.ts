import { partnerView } from "./partner-view";

const M = "partners/csp-maidstone";
const D = "partners/csp-dover";

describe("partnerView: a partner receives only events about its own material", () => {
  test("a request to several partnerships reaches each, naming only itself", () => {
    const data = { reportRequest: "reportRequests/r1", partner: "", actor: "people/opcc-staff-1", addressees: [M, D] };
    expect(partnerView("report.requested", data, M)).toEqual({ ...data, addressees: [M] });
    expect(partnerView("report.requested", data, D)?.addressees).toEqual([D]);
    expect(partnerView("report.requested", data, "partners/csp-swale")).toBeUndefined();
  });

  test("an event about one addressee reaches only that one", () => {
    const returned = { reportRequest: "reportRequests/r1", partner: D, actor: "people/opcc-staff-1", version: 1 };
    expect(partnerView("report.returned", returned, D)).toEqual(returned);
    expect(partnerView("report.returned", returned, M)).toBeUndefined();
  });

  test("meetings: invitees and attendance narrowed; another's response not delivered", () => {
    const attendance = { meeting: "meetings/m1", partner: "", actor: "a", present: [M, D], apologies: [], absent: [] };
    expect(partnerView("meeting.attendance-recorded", attendance, M)).toMatchObject({ present: [M], apologies: [] });
    const responded = { meeting: "meetings/m1", partner: D, actor: "a", response: "ACCEPTED" };
    expect(partnerView("meeting.invitation-responded", responded, M)).toBeUndefined();
  });

  test("directory: the partner itself and its own people", () => {
    expect(partnerView("partner.updated", { name: M, displayName: "Maidstone" }, M)).toBeDefined();
    expect(partnerView("partner.updated", { name: D, displayName: "Dover" }, M)).toBeUndefined();
    expect(partnerView("person.created", { name: "people/x", partner: D }, M)).toBeUndefined();
  });

  test("combination agreements: whole, to every area, party and the combined partnership; to no one else", () => {
    const c = {
      name: "combinations/c1",
      areas: [M, "partners/csp-thanet"],
      parties: ["partners/kent-police"],
      combinedPartner: "partners/csp-combined",
    };
    expect(partnerView("combination.proposed", c, M)).toEqual(c);
    expect(partnerView("combination.proposed", c, "partners/kent-police")).toEqual(c);
    expect(partnerView("combination.took_effect", c, "partners/csp-combined")).toEqual(c);
    expect(partnerView("combination.proposed", c, D)).toBeUndefined();
  });

  test("events naming nobody, or with an unexpected shape, are not delivered", () => {
    expect(
      partnerView("report.answers-exported", { reportRequest: "r", partner: "", partnerships: 3 }, M),
    ).toBeUndefined();
    expect(partnerView("x", null, M)).toBeUndefined();
    expect(partnerView("x", [M], M)).toBeUndefined();
  });
});
