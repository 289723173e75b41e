/** The OPCC's steps on an agreement over the fake mesh: the PCC's decision, the signed agreement and the ending. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue } from "../../testing/page-reading";
import { calledOf, type PageTests, routesOf, webCoverage } from "../../testing/page-tests";
import { registerAgreementDecisionPages } from "./decisions";
import {
  answerDirectory,
  approved,
  combination,
  consented,
  inForce,
  NAME,
  notFoundTo,
  othersPosting,
  PATH,
} from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
  answerDirectory(mesh);
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream
    .on("combinations", "GetCombination", consented())
    .on("combinations", "DecideCombination", approved())
    .on("combinations", "SignCombination", approved())
    .on("combinations", "EndCombination", inForce());
});

const CRIME = "STATUTORY_INTEREST_REDUCING_CRIME_AND_DISORDER";
const REOFFENDING = "STATUTORY_INTEREST_REDUCING_REOFFENDING";
const post = (step: string, form: Record<string, string | string[]>) =>
  mesh.send("POST", `${PATH}/${step}`, { as: "opcc", form });
const OTHERS = ["officer", "chair", "authority", "panel"];

const routes: PageTests = {
  "POST /combinations/:id/decision": {
    "enters into it relying on the interests ticked, each with its reasons": async () => {
      const sent = await post("decision", {
        outcome: "approve",
        interests: [CRIME, REOFFENDING],
        "crime-reasons": "One tasking for one town centre.",
        "reoffending-reasons": "One offender management panel.",
        "substances-reasons": "Typed but not ticked, so not relied on.",
      });
      expect([sent.status, sent.location]).toEqual([303, `${PATH}?done=decision`]);
      expect(mesh.downstream.requests("combinations", "DecideCombination")).toEqual([
        {
          name: NAME,
          approve: true,
          interests: [
            { interest: CRIME, reasons: "One tasking for one town centre." },
            { interest: REOFFENDING, reasons: "One offender management panel." },
          ],
        },
      ]);
    },
    "across police areas, with the co-operation arrangements and the Secretary of State's agreement": async () => {
      mesh.downstream.on("combinations", "GetCombination", consented({ acrossPoliceAreas: true }));
      await post("decision", {
        outcome: "approve",
        interests: CRIME,
        "crime-reasons": "One tasking for one town centre.",
        cooperation: "A joint tasking protocol between both forces.",
        "sos-agreed": "yes",
        "sos-reference": "HO/2031/77",
        "sos-date-day": "9",
        "sos-date-month": "3",
        "sos-date-year": "2031",
      });
      expect(mesh.downstream.requests("combinations", "DecideCombination")).toEqual([
        {
          name: NAME,
          approve: true,
          interests: [{ interest: CRIME, reasons: "One tasking for one town centre." }],
          cooperationArrangements: "A joint tasking protocol between both forces.",
          secretaryOfState: { agreed: true, reference: "HO/2031/77", date: "2031-03-09" },
        },
      ]);
    },
    "declines it with reasons, without reading the agreement first": async () => {
      await post("decision", { outcome: "refuse", "refusal-reasons": "The councils' scrutiny is not yet agreed." });
      expect(calledOf(mesh)).toEqual(["combinations.DecideCombination"]);
      expect(mesh.downstream.requests("combinations", "DecideCombination")).toEqual([
        { name: NAME, approve: false, reasons: "The councils' scrutiny is not yet agreed." },
      ]);
    },
    "no statutory interest, reasons missing, across police areas without the Secretary of State: 400 naming each":
      async () => {
        mesh.downstream.on("combinations", "GetCombination", consented({ acrossPoliceAreas: true }));
        const none = await post("decision", { outcome: "approve", "crime-reasons": "Typed, not ticked." });
        expect(none.status).toBe(400);
        expect(errorSummary(none.text)).toEqual([
          { text: "Choose at least one statutory interest the PCC relies on, with its reasons", href: "#interests" },
          {
            text: "Set out the arrangements for co-operation between the police areas (at least 10 characters)",
            href: "#cooperation",
          },
          { text: "Record the Secretary of State's agreement, with its reference and date", href: "#sos-agreed" },
          { text: "Enter the Secretary of State's reference", href: "#sos-reference" },
          { text: "Enter the date of the agreement", href: "#sos-date-day" },
        ]);
        expect(chosen(none.text, "outcome")).toEqual(["approve"]);
        expect(fieldValue(none.text, "crime-reasons")).toBe("Typed, not ticked.");
        const short = await post("decision", {
          outcome: "approve",
          interests: REOFFENDING,
          "reoffending-reasons": "Yes",
        });
        expect(errorSummary(short.text)[0]).toEqual({
          text: "Say why it is in the interests of reducing re-offending (at least 10 characters)",
          href: "#reoffending-reasons",
        });
        const neither = await post("decision", {});
        expect(errorSummary(neither.text)).toEqual([
          { text: "Select whether the PCC enters into the agreement or declines it", href: "#outcome" },
        ]);
        expect(calledOf(mesh)).not.toContain("combinations.DecideCombination");
      },
    "the service's violations at their fields (interests[1] is the second ticked); its refusal names who is outstanding":
      async () => {
        mesh.downstream.on("combinations", "DecideCombination", () => {
          throw refusedFields("not valid", [
            { field: "interests[1].reasons", description: "why it is in that interest (at least 10 characters)" },
            { field: "secretary_of_state", description: "record the Secretary of State's agreement" },
          ]);
        });
        const form = {
          outcome: "approve",
          interests: [CRIME, REOFFENDING],
          "crime-reasons": "One tasking for one town centre.",
          "reoffending-reasons": "One offender management panel.",
        };
        const invalid = await post("decision", form);
        expect(errorSummary(invalid.text)).toEqual([
          {
            text: "Say why it is in the interests of reducing re-offending (at least 10 characters)",
            href: "#reoffending-reasons",
          },
          { text: "Record the Secretary of State's agreement, with its reference and date", href: "#sos-agreed" },
        ]);
        mesh.downstream.on("combinations", "GetCombination", combination());
        mesh.downstream.on("combinations", "DecideCombination", () => {
          throw grpcError("FAILED_PRECONDITION", "still awaiting the consent of partners/dover-council");
        });
        const early = await post("decision", form);
        expect(early.status).toBe(400);
        expect(errorSummary(early.text)).toEqual([
          { text: "Still awaiting the consent of Dover District Council", href: "#outcome" },
        ]);
        // The decision form stays on the page with what was typed, so the summary's link reaches it.
        expect(early.text).toContain(`action="${PATH}/decision"`);
        expect(chosen(early.text, "interests")).toEqual([CRIME, REOFFENDING]);
      },
    "only the OPCC": async () => {
      expect(await othersPosting(mesh, OTHERS, `${PATH}/decision`)).toEqual(notFoundTo(OTHERS, true));
    },
  },

  "POST /combinations/:id/sign": {
    "records the agreement as signed and its date": async () => {
      const sent = await post("sign", {
        "agreement-text": "The parties agree to combine as set out.",
        "signed-day": "20",
        "signed-month": "3",
        "signed-year": "2031",
      });
      expect([sent.status, sent.location]).toEqual([303, `${PATH}?done=sign`]);
      expect(mesh.downstream.requests("combinations", "SignCombination")).toEqual([
        { name: NAME, text: "The parties agree to combine as set out.", signedDate: "2031-03-20" },
      ]);
    },
    "too short, no date; a date after today refused by the service: 400 at the field": async () => {
      mesh.downstream.on("combinations", "GetCombination", approved());
      const empty = await post("sign", { "agreement-text": "Agreed." });
      expect(errorSummary(empty.text)).toEqual([
        { text: "Enter the agreement as signed (at least 20 characters)", href: "#agreement-text" },
        { text: "Enter the date signed", href: "#signed-day" },
      ]);
      expect(calledOf(mesh)).toEqual(["combinations.GetCombination"]);
      mesh.downstream.on("combinations", "SignCombination", () => {
        throw refusedFields("not valid", [{ field: "signed_date", description: "not after today" }]);
      });
      const later = await post("sign", {
        "agreement-text": "The parties agree to combine as set out.",
        "signed-day": "20",
        "signed-month": "3",
        "signed-year": "2099",
      });
      expect(later.status).toBe(400);
      expect(errorSummary(later.text)).toEqual([
        { text: "Date signed must be today or in the past", href: "#signed-day" },
      ]);
      expect(fieldValue(later.text, "signed-year")).toBe("2099");
    },
    "only the OPCC": async () => {
      expect(await othersPosting(mesh, OTHERS, `${PATH}/sign`)).toEqual(notFoundTo(OTHERS, true));
    },
  },

  "POST /combinations/:id/end": {
    "records the parties' written agreement to end it and the date": async () => {
      const sent = await post("end", {
        "ending-text": "The parties agree to end the combination.",
        "end-day": "1",
        "end-month": "10",
        "end-year": "2032",
      });
      expect([sent.status, sent.location]).toEqual([303, `${PATH}?done=end`]);
      expect(mesh.downstream.requests("combinations", "EndCombination")).toEqual([
        { name: NAME, text: "The parties agree to end the combination.", endDate: "2032-10-01" },
      ]);
    },
    "too short and a date that is not real: 400; not in force: the service's refusal on the page": async () => {
      mesh.downstream.on("combinations", "GetCombination", inForce());
      const bad = await post("end", {
        "ending-text": "End it.",
        "end-day": "31",
        "end-month": "9",
        "end-year": "2032",
      });
      expect(errorSummary(bad.text)).toEqual([
        { text: "Enter the parties' written agreement to end it (at least 20 characters)", href: "#ending-text" },
        { text: "End date must be a real date", href: "#end-day" },
      ]);
      mesh.downstream.on("combinations", "EndCombination", () => {
        throw grpcError("FAILED_PRECONDITION", "only an agreement in force can be ended");
      });
      const early = await post("end", {
        "ending-text": "The parties agree to end the combination.",
        "end-day": "1",
        "end-month": "10",
        "end-year": "2032",
      });
      expect(errorSummary(early.text)).toEqual([
        { text: "Only an agreement in force can be ended", href: "#ending-text" },
      ]);
    },
    "only the OPCC": async () => {
      expect(await othersPosting(mesh, OTHERS, `${PATH}/end`)).toEqual(notFoundTo(OTHERS, true));
    },
  },
};

describe("the OPCC's steps on an agreement over the fake mesh", () => {
  test("every route of the steps has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerAgreementDecisionPages), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
