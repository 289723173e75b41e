/** An agreement's page over the fake mesh: its terms, the consent tracker, the forms each role is offered, and recording an answer. */
import { refusedFields } from "../../api/testing";
import { grpcError } from "../../testing/fake-downstream";
import { type FakeMesh, startFakeMesh } from "../../testing/fake-mesh";
import { chosen, errorSummary, fieldValue, headingOf, summaryRows, tables, textOf } from "../../testing/page-reading";
import { calledOf, notFoundTo, type PageTests, refusalsOf, routesOf, webCoverage } from "../../testing/page-tests";
import { registerAgreementPage } from "./agreement";
import { answerDirectory, approved, combination, consented, declined, inForce, NAME, PATH } from "./fixtures";

let mesh: FakeMesh;
beforeAll(async () => {
  mesh = await startFakeMesh();
  answerDirectory(mesh);
});
afterAll(() => mesh.close());
beforeEach(() => {
  mesh.downstream.calls.splice(0);
  mesh.downstream.on("combinations", "GetCombination", combination());
});

/** The addresses the page's forms post to, in order (without an upload's form token). */
const formsOf = (html: string) =>
  [...html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]?.replace(/\?_csrf=.*$/, ""));
const tracker = (html: string) => tables(html).find((t) => t.caption === "Consent of the parties");

const routes: PageTests = {
  "GET /combinations/:id": {
    "the OPCC reads the terms and the tracker, and may record an outstanding party's answer": async () => {
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      expect(page.status).toBe(200);
      expect(headingOf(page.text)).toBe("Dover and Maidstone CSP");
      expect(mesh.downstream.requests("combinations", "GetCombination")).toEqual([{ name: NAME }]);
      expect(summaryRows(page.text)).toEqual([
        ["State", "Proposed"],
        ["Areas", "Dover CSP Maidstone CSP"],
        ["Name of the combined partnership", "Dover and Maidstone CSP"],
        ["Effective date", "1 April 2031"],
        ["Across police areas", "No"],
        ["Why combine", "Shared town centres and one night-time economy."],
        ["Governance and terms of reference", "A joint board meeting quarterly."],
        ["Local delivery arrangements", "Each district keeps its local tasking group."],
        ["Scrutiny arrangements", "Scrutinised by a joint committee of both councils."],
        ["Proposed by", "Priya Shah on 1 March 2031"],
      ]);
      // The areas link to their lineage.
      expect(page.text).toContain('href="/partnerships/csp-dover"');
      expect(tracker(page.text)).toEqual({
        caption: "Consent of the parties",
        head: ["Party", "Answer", "Recorded by", "The authority's own decision"],
        rows: [
          ["Dover District Council", "Awaiting", "", ""],
          [
            "Kent County Council",
            "Consented",
            "Priya Shah on 3 March 2031",
            "Recorded for it by the OPCC: KCC/2031/14 of 1 March 2031",
          ],
          ["Kent Police", "Consented", "Ruth Adams on 2 March 2031", ""],
          ["Maidstone Borough Council", "Awaiting", "", ""],
        ],
      });
      expect(textOf(page.text)).toContain("2 of 4 parties have answered.");
      // And, while it is proposed, add documents to it (documents.test.ts).
      expect(formsOf(page.text)).toEqual([`${PATH}/consent`, `${PATH}/documents`]);
      expect([...page.text.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual([
        "",
        "partners/dover-council",
        "partners/maidstone-council",
      ]);
      for (const name of ["answer", "consent-reasons", "decision-reference", "decision-date-day"])
        expect(page.text).toContain(`name="${name}"`);
    },
    "a person of an outstanding party answers for their own authority only; answered or not a party, they read":
      async () => {
        const own = await mesh.send("GET", PATH, { as: "authority" });
        expect(formsOf(own.text)).toEqual([`${PATH}/consent`]);
        expect(textOf(own.text)).toContain("Does Dover District Council consent to the combination?");
        expect(own.text).not.toContain('name="party"');
        expect(own.text).not.toContain('name="decision-reference"');
        // Dover District Council has answered: nothing more to record.
        mesh.downstream.on("combinations", "GetCombination", consented());
        expect(formsOf((await mesh.send("GET", PATH, { as: "authority" })).text)).toEqual([]);
        // Dover CSP's officer: an area's person, not a party.
        mesh.downstream.on("combinations", "GetCombination", combination());
        const area = await mesh.send("GET", PATH, { as: "officer" });
        expect(area.status).toBe(200);
        expect(tracker(area.text)?.rows).toHaveLength(4);
        expect(formsOf(area.text)).toEqual([]);
      },
    "once every party has consented the OPCC decides; across police areas with the Secretary of State": async () => {
      mesh.downstream.on("combinations", "GetCombination", consented());
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      expect(textOf(page.text)).toContain("4 of 4 parties have answered.");
      expect(formsOf(page.text)).toEqual([`${PATH}/decision`, `${PATH}/documents`]);
      for (const name of ["outcome", "interests", "crime-reasons", "reoffending-reasons", "substances-reasons"])
        expect(page.text).toContain(`name="${name}"`);
      expect(page.text).not.toContain('name="cooperation"');
      mesh.downstream.on("combinations", "GetCombination", consented({ acrossPoliceAreas: true }));
      const across = await mesh.send("GET", PATH, { as: "opcc" });
      for (const name of ["cooperation", "sos-agreed", "sos-reference", "sos-date-day"])
        expect(across.text).toContain(`name="${name}"`);
      // A refusal blocks the decision.
      const refused = consented();
      refused.consents[0] = {
        ...refused.consents[0],
        answer: "CONSENT_ANSWER_REFUSED",
        reasons: "Not this year",
      } as never;
      mesh.downstream.on("combinations", "GetCombination", refused);
      const blocked = await mesh.send("GET", PATH, { as: "opcc" });
      expect(formsOf(blocked.text)).toEqual([`${PATH}/documents`]);
      expect(tracker(blocked.text)?.rows[0]?.slice(0, 2)).toEqual(["Dover District Council", "Refused Not this year"]);
    },
    "approved: the decision, and the OPCC's form to record the signed agreement": async () => {
      mesh.downstream.on("combinations", "GetCombination", approved());
      const page = await mesh.send("GET", `${PATH}?done=decision`, { as: "opcc" });
      expect(page.text).toContain('<h1 class="govuk-panel__title">');
      expect(textOf(page.text)).toContain("Decision recorded");
      expect(summaryRows(page.text).slice(10)).toEqual([
        ["The PCC's decision", "Entered into by Priya Shah on 10 March 2031"],
        ["Statutory interests relied on", "Reducing crime and disorder: One tasking for one town."],
      ]);
      expect(formsOf(page.text)).toEqual([`${PATH}/sign`]);
      expect(page.text).toContain('name="agreement-text"');
      expect(page.text).toContain('name="signed-day"');
    },
    "in force: the combined partnership linked, and the OPCC's form to end it": async () => {
      mesh.downstream.on("combinations", "GetCombination", inForce());
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      const rows = Object.fromEntries(summaryRows(page.text));
      expect(rows["Combined partnership"]).toBe("Dover and Maidstone CSP");
      expect(rows.Signed).toBe("20 March 2031, recorded by Priya Shah");
      expect(rows["SHA-256 of the agreement"]).toBe("ab".repeat(32));
      expect(rows["In force since"]).toBe("1 April 2031");
      expect(page.text).toContain('href="/partnerships/csp-dover-maidstone"');
      expect(formsOf(page.text)).toEqual([`${PATH}/end`]);
      expect(page.text).toContain('name="ending-text"');
      expect(page.text).toContain('name="end-day"');
    },
    "in force: the OPCC and the areas' chairs are offered a variation; an officer and the panel are not": async () => {
      mesh.downstream.on("combinations", "GetCombination", inForce());
      const vary = `href="/combinations/new?varies=${encodeURIComponent(NAME)}"`;
      for (const who of ["opcc", "chair"]) expect((await mesh.send("GET", PATH, { as: who })).text).toContain(vary);
      for (const who of ["officer", "panel"])
        expect((await mesh.send("GET", PATH, { as: who })).text).not.toContain(vary);
    },
    "varied: the variation now in force is linked, and nothing is offered": async () => {
      mesh.downstream.on("combinations", "GetCombination", {
        ...inForce(),
        state: "COMBINATION_STATE_VARIED",
        variedBy: "combinations/c-variation-1",
      });
      const page = await mesh.send("GET", PATH, { as: "opcc" });
      expect(Object.fromEntries(summaryRows(page.text))["Varied by"]).toBe("the variation now in force");
      expect(page.text).toContain('href="/combinations/c-variation-1"');
      expect(formsOf(page.text)).toEqual([]);
      expect(page.text).not.toContain("Propose a variation");
    },
    "the panel reads a decided agreement without forms; not found and malformed ids are the 404 page": async () => {
      mesh.downstream.on("combinations", "GetCombination", declined());
      const page = await mesh.send("GET", PATH, { as: "panel" });
      expect(page.status).toBe(200);
      expect(Object.fromEntries(summaryRows(page.text))["Why it was declined"]).toBe(
        "The councils' scrutiny is not yet agreed.",
      );
      expect(formsOf(page.text)).toEqual([]);
      mesh.downstream.on("combinations", "GetCombination", () => {
        throw grpcError("NOT_FOUND", "no such combination");
      });
      expect((await mesh.send("GET", PATH, { as: "panel" })).status).toBe(404);
      mesh.downstream.calls.splice(0);
      expect((await mesh.send("GET", "/combinations/Not_an_id", { as: "opcc" })).status).toBe(404);
      expect(calledOf(mesh)).toEqual([]);
    },
  },

  "POST /combinations/:id/consent": {
    "a person of the party records their authority's answer; the page shows it with a banner": async () => {
      mesh.downstream.on("combinations", "RecordConsent", combination());
      const sent = await mesh.send("POST", `${PATH}/consent`, {
        as: "authority",
        form: { answer: "CONSENT_ANSWER_REFUSED", "consent-reasons": "Our cabinet has not agreed it." },
      });
      expect([sent.status, sent.location]).toEqual([303, `${PATH}?done=consent`]);
      expect(mesh.downstream.requests("combinations", "RecordConsent")).toEqual([
        {
          name: NAME,
          party: "partners/dover-council",
          answer: "CONSENT_ANSWER_REFUSED",
          reasons: "Our cabinet has not agreed it.",
        },
      ]);
      const shown = await mesh.send("GET", sent.location, { as: "authority" });
      expect(textOf(shown.text)).toContain("Answer recorded");
      // The banner is for the redirect only: the page itself has none.
      expect(textOf((await mesh.send("GET", PATH, { as: "authority" })).text)).not.toContain("Answer recorded");
    },
    "the OPCC records a party's answer on the authority's own decision": async () => {
      mesh.downstream.on("combinations", "RecordConsent", combination());
      const sent = await mesh.send("POST", `${PATH}/consent`, {
        as: "opcc",
        form: {
          party: "partners/maidstone-council",
          answer: "CONSENT_ANSWER_CONSENTED",
          "consent-reasons": "",
          "decision-reference": "MBC cabinet minute 42",
          "decision-date-day": "4",
          "decision-date-month": "3",
          "decision-date-year": "2031",
        },
      });
      expect(sent.status).toBe(303);
      expect(mesh.downstream.requests("combinations", "RecordConsent")).toEqual([
        {
          name: NAME,
          party: "partners/maidstone-council",
          answer: "CONSENT_ANSWER_CONSENTED",
          reasons: "",
          onBehalf: { decisionReference: "MBC cabinet minute 42", decisionDate: "2031-03-04" },
        },
      ]);
    },
    "nothing chosen, a refusal without reasons: 400 naming each on the page, nothing sent": async () => {
      const page = await mesh.send("POST", `${PATH}/consent`, {
        as: "opcc",
        form: {
          answer: "CONSENT_ANSWER_REFUSED",
          "consent-reasons": "No",
          "decision-date-day": "31",
          "decision-date-month": "4",
          "decision-date-year": "2031",
        },
      });
      expect(page.status).toBe(400);
      expect(errorSummary(page.text)).toEqual([
        { text: "Choose the party whose answer you are recording", href: "#party" },
        { text: "Say why it refuses (at least 10 characters)", href: "#consent-reasons" },
        { text: "Enter the reference of the authority's own decision", href: "#decision-reference" },
        { text: "Date of the authority's decision must be a real date", href: "#decision-date-day" },
      ]);
      expect(chosen(page.text, "answer")).toEqual(["CONSENT_ANSWER_REFUSED"]);
      expect(fieldValue(page.text, "consent-reasons")).toBe("No");
      expect(calledOf(mesh)).toEqual(["combinations.GetCombination"]);
    },
    "the service's field violations and its refusal are shown on the page, names as people know them": async () => {
      mesh.downstream.on("combinations", "RecordConsent", () => {
        throw refusedFields("not valid", [
          { field: "party", description: "partners/kent-police is not a party to this agreement" },
          { field: "on_behalf.decision_date", description: "the date of the authority's decision, YYYY-MM-DD" },
        ]);
      });
      const form = {
        party: "partners/dover-council",
        answer: "CONSENT_ANSWER_CONSENTED",
        "decision-reference": "DDC/7",
        "decision-date-day": "4",
        "decision-date-month": "3",
        "decision-date-year": "2031",
      };
      const invalid = await mesh.send("POST", `${PATH}/consent`, { as: "opcc", form });
      expect(errorSummary(invalid.text)).toEqual([
        { text: "Choose the party whose answer you are recording", href: "#party" },
        {
          text: "Date of the authority's decision: the date of the authority's decision, YYYY-MM-DD",
          href: "#decision-date-day",
        },
      ]);
      mesh.downstream.on("combinations", "RecordConsent", () => {
        throw grpcError("FAILED_PRECONDITION", "partners/dover-council's answer is already recorded (consented)");
      });
      const refused = await mesh.send("POST", `${PATH}/consent`, {
        as: "authority",
        form: { answer: "CONSENT_ANSWER_REFUSED", "consent-reasons": "Our cabinet has not agreed it." },
      });
      expect(refused.status).toBe(400);
      expect(errorSummary(refused.text)).toEqual([
        { text: "Dover District Council's answer is already recorded (consented)", href: "#answer" },
      ]);
      expect(formsOf(refused.text)).toEqual([`${PATH}/consent`]);
    },
    "the panel answers for nobody; a malformed id is not found; nothing asked": async () => {
      expect(await refusalsOf(mesh, ["panel"], "POST", `${PATH}/consent`, "/combinations/Not_an_id/consent")).toEqual(
        notFoundTo(["panel"], true),
      );
    },
  },
};

describe("an agreement's page over the fake mesh", () => {
  test("every route of the agreement's page has a test, and every test names a route", () => {
    expect(webCoverage(routesOf(registerAgreementPage), routes)).toEqual({ untested: [], unknown: [] });
  });
  for (const [route, tests] of Object.entries(routes))
    describe(route, () => {
      for (const [name, fn] of Object.entries(tests)) test(name, fn);
    });
});
