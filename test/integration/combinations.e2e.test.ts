/**
 * Combination agreements (CDA 1998 s.5A) end to end through gRPC, against the real database and
 * Kafka: Dartford and Gravesham combined by every responsible authority's consent and the PCC's
 * decision, a request to all active CSPs reaching the combined partnership, its people reading (not
 * changing) a predecessor's submission, then ended. And the rules that stop one: a missing party,
 * a refusal, a cross-force proposal without the Secretary of State, bad input naming its field.
 */

import type { RunningService } from "@csp-mesh/kit";
import { type Client, status } from "@grpc/grpc-js";
import type { DirectoryConfig } from "../../services/directory/src/config";
import type { ReportsConfig } from "../../services/reports/src/config";
import { collectEvents } from "../support/kafka";
import {
  call,
  clients,
  downloadStream,
  dropDatabase,
  eventually,
  failure,
  isolation,
  signIn,
  startDirectory,
  startReports,
  uploadStream,
} from "../support/mesh";

type Combination = {
  name: string;
  state: string;
  parties: string[];
  outstanding: string[];
  acrossPoliceAreas: boolean;
  consents: { party: string; answer: string }[];
  combinedPartner: string;
};
type Partner = { name: string; status: string; mergedInto: string; predecessors: string[]; successors: string[] };

const DARTFORD = "partners/csp-dartford";
const GRAVESHAM = "partners/csp-gravesham";
const POLICE = "partners/kent-police";
const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
const terms = (areas: string[], extra: Record<string, unknown> = {}) => ({
  areas,
  combinedName: "Dartford and Gravesham Community Safety Partnership",
  rationale: "One policing district and one shared night-time economy along the A2 corridor.",
  governance: "A joint strategy group chaired in turn by the two councils' leaders.",
  localDelivery: "Each council keeps its own delivery group reporting to the joint group.",
  scrutiny: "The two councils' crime and disorder committees meet jointly twice a year.",
  effectiveDate: today(),
  ...extra,
});
const onBehalf = { decisionReference: "CAB/2026/14", decisionDate: "2026-11-20" };
const interest = {
  interest: "STATUTORY_INTEREST_REDUCING_CRIME_AND_DISORDER",
  reasons: "A single partnership matches the single policing district and its hotspots.",
};

describe("combination agreements end to end", () => {
  const iso = isolation("comb");
  let directory: RunningService<DirectoryConfig>;
  let reports: RunningService<ReportsConfig>;
  let dir: ReturnType<typeof clients>;
  let comb: Client;
  let rep: Client;
  let reader: Awaited<ReturnType<typeof collectEvents>>;
  const t = { admin: "", opcc: "", police: "", dartford: "", maidstone: "", panel: "", dartfordChair: "" };

  /** Every party's consent, the police by its own analyst and the others by the OPCC on their behalf. */
  const consentAll = async (c: Combination, except: string[] = []) => {
    for (const party of c.parties.filter((p) => !except.includes(p)))
      await call(
        comb,
        "RecordConsent",
        party === POLICE
          ? { name: c.name, party, answer: "CONSENT_ANSWER_CONSENTED" }
          : { name: c.name, party, answer: "CONSENT_ANSWER_CONSENTED", onBehalf },
        party === POLICE ? t.police : t.opcc,
      );
  };

  beforeAll(async () => {
    directory = await startDirectory(`${iso.db}_d`, iso.topicPrefix);
    reports = await startReports(`${iso.db}_r`, iso.topicPrefix, directory);
    dir = clients(directory.grpcPort);
    comb = dir.combinations;
    rep = clients(reports.grpcPort).reports;
    for (const [k, person] of Object.entries({
      admin: "opcc-admin-1",
      opcc: "opcc-staff-1",
      police: "kent-police-analyst",
      dartford: "dartford-officer",
      dartfordChair: "dartford-chair",
      maidstone: "maidstone-officer",
      panel: "panel-member-1",
    }))
      t[k as keyof typeof t] = await signIn(dir.identity, `people/${person}`);
    reader = await collectEvents(process.env.KAFKA_BROKERS as string, iso.topicPrefix, "directory");
  });

  afterAll(async () => {
    await reader?.stop();
    await reports?.stop();
    await dropDatabase(reports);
    await dropDatabase(directory);
    await directory?.stop();
  });

  test("bad proposals are refused naming every field, and nothing is stored", async () => {
    const err = await failure(
      call(
        comb,
        "ProposeCombination",
        {
          terms: terms([DARTFORD, DARTFORD, POLICE, "partners/nowhere"], {
            effectiveDate: "2020-01-01",
            combinedName: "",
          }),
        },
        t.opcc,
      ),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.violations).toEqual([
      "terms.areas[1]",
      "terms.areas[2]",
      "terms.areas[3]",
      "terms.combined_name",
      "terms.effective_date",
    ]);
    const single = await failure(call(comb, "ProposeCombination", { terms: terms([DARTFORD]) }, t.opcc));
    expect(single.violations).toEqual(["terms.areas"]);
    // A chair proposes only for its own partnership; an officer not at all.
    const chair = await failure(
      call(comb, "ProposeCombination", { terms: terms(["partners/csp-dover", GRAVESHAM]) }, t.dartfordChair),
    );
    expect(chair.code).toBe(status.PERMISSION_DENIED);
    const officer = await failure(
      call(comb, "ProposeCombination", { terms: terms([DARTFORD, GRAVESHAM]) }, t.dartford),
    );
    expect(officer.code).toBe(status.PERMISSION_DENIED);
    const list = await call<{ combinations: unknown[] }>(comb, "ListCombinations", {}, t.opcc);
    expect(list.combinations).toEqual([]);
  });

  test("combined with every party's consent and the PCC's decision; read-only lineage; then ended", async () => {
    // Before the combination: a request to Dartford, answered by Dartford.
    const before = await call<{ name: string }>(
      rep,
      "CreateReportRequest",
      {
        reportRequest: {
          title: "Night-time economy disorder",
          issueOfConcern: "Disorder around late licensed premises in the town centre has risen.",
          addressees: [{ partner: DARTFORD }],
          sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true, maxLength: 500 }],
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          classification: "CLASSIFICATION_OFFICIAL",
          legalBasis: "LEGAL_BASIS_INFORMAL",
        },
      },
      t.opcc,
    );
    const submitted = await call<{ name: string }>(
      rep,
      "SubmitReport",
      { parent: before.name, answers: [{ sectionId: "summary", text: "Street pastors and a taxi marshal scheme." }] },
      t.dartford,
    );

    const proposed = await call<Combination>(
      comb,
      "ProposeCombination",
      { terms: terms([DARTFORD, GRAVESHAM]), requestId: "dg-1" },
      t.opcc,
    );
    expect(proposed.state).toBe("COMBINATION_STATE_PROPOSED");
    expect(proposed.parties).toEqual([
      "partners/dartford-council",
      "partners/gravesham-council",
      "partners/kent-county-council",
      "partners/kent-fire-rescue",
      POLICE,
      "partners/nhs-kent-medway-icb",
      "partners/probation-kss",
    ]);
    expect(proposed.acrossPoliceAreas).toBe(false);
    // Invisible outside the partnerships and parties concerned, and to the panel until decided.
    expect((await failure(call(comb, "GetCombination", { name: proposed.name }, t.maidstone))).code).toBe(
      status.NOT_FOUND,
    );
    expect((await failure(call(comb, "GetCombination", { name: proposed.name }, t.panel))).code).toBe(status.NOT_FOUND);

    // A document of the proposal: added by the OPCC while open, read by a party, hidden from others.
    const tor = Buffer.from("section,text\nmembership,Both councils and every responsible authority\n");
    const doc = await uploadStream<{ name: string; sha256: string }>(
      comb,
      "UploadCombinationDocument",
      { parent: proposed.name, filename: "terms-of-reference.csv" },
      [tor],
      t.opcc,
    );
    expect(doc.name).toBe(`${proposed.name}/documents/1`);
    const read = await downloadStream<{ sha256: string }>(
      comb,
      "DownloadCombinationDocument",
      { name: doc.name },
      t.police,
    );
    expect([read.bytes.equals(tor), read.metadata.sha256]).toEqual([true, doc.sha256]);
    expect(
      (await failure(downloadStream(comb, "DownloadCombinationDocument", { name: doc.name }, t.maidstone))).code,
    ).toBe(status.NOT_FOUND);
    const exe = await failure(
      uploadStream(comb, "UploadCombinationDocument", { parent: proposed.name, filename: "run.exe" }, [tor], t.opcc),
    );
    expect(exe.violations).toEqual(["metadata.filename"]);
    const byOfficer = await failure(
      uploadStream(comb, "UploadCombinationDocument", { parent: proposed.name, filename: "x.csv" }, [tor], t.dartford),
    );
    expect(byOfficer.code).toBe(status.PERMISSION_DENIED);

    // The police analyst answers for the police only; the OPCC on behalf needs the authority's decision.
    const notTheirs = await failure(
      call(
        comb,
        "RecordConsent",
        { name: proposed.name, party: "partners/kent-fire-rescue", answer: "CONSENT_ANSWER_CONSENTED" },
        t.police,
      ),
    );
    expect(notTheirs.code).toBe(status.PERMISSION_DENIED);
    const noRef = await failure(
      call(
        comb,
        "RecordConsent",
        { name: proposed.name, party: "partners/kent-fire-rescue", answer: "CONSENT_ANSWER_CONSENTED" },
        t.opcc,
      ),
    );
    expect(noRef.violations).toEqual(["on_behalf.decision_reference", "on_behalf.decision_date"]);
    // An unknown party is named, and nothing is recorded.
    const unknown = await failure(
      call(
        comb,
        "RecordConsent",
        { name: proposed.name, party: "partners/csp-maidstone", answer: "CONSENT_ANSWER_CONSENTED", onBehalf },
        t.opcc,
      ),
    );
    expect(unknown.violations).toEqual(["party"]);
    expect((await call<Combination>(comb, "GetCombination", { name: proposed.name }, t.opcc)).consents).toEqual([]);

    // Concurrent consents for the same party record one.
    const same = { name: proposed.name, party: POLICE, answer: "CONSENT_ANSWER_CONSENTED" };
    await Promise.all([1, 2, 3].map(() => call(comb, "RecordConsent", same, t.police)));
    const afterPolice = await call<Combination>(comb, "GetCombination", { name: proposed.name }, t.opcc);
    expect(afterPolice.consents.filter((c) => c.party === POLICE)).toHaveLength(1);
    const changed = await failure(
      call(
        comb,
        "RecordConsent",
        { ...same, answer: "CONSENT_ANSWER_REFUSED", reasons: "We changed our mind about it." },
        t.police,
      ),
    );
    expect(changed.code).toBe(status.FAILED_PRECONDITION);

    // One party missing: no decision, so nothing can be signed or take effect.
    await consentAll(afterPolice, [POLICE, "partners/probation-kss"]);
    const waiting = await failure(
      call(comb, "DecideCombination", { name: proposed.name, approve: true, interests: [interest] }, t.opcc),
    );
    expect(waiting.code).toBe(status.FAILED_PRECONDITION);
    expect(waiting.details).toContain("partners/probation-kss");
    const unsigned = await failure(
      call(
        comb,
        "SignCombination",
        { name: proposed.name, text: "The agreement as signed by all parties.", signedDate: today() },
        t.opcc,
      ),
    );
    expect(unsigned.code).toBe(status.FAILED_PRECONDITION);
    expect((await call<Partner>(dir.directory, "GetPartner", { name: DARTFORD }, t.opcc)).status).toBe(
      "PARTNER_STATUS_ACTIVE",
    );

    await call(
      comb,
      "RecordConsent",
      { name: proposed.name, party: "partners/probation-kss", answer: "CONSENT_ANSWER_CONSENTED", onBehalf },
      t.opcc,
    );
    // The PCC's decision: without a statutory interest refused naming it; then made.
    const noInterest = await failure(call(comb, "DecideCombination", { name: proposed.name, approve: true }, t.opcc));
    expect(noInterest.violations).toEqual(["interests"]);
    expect(
      (
        await failure(
          call(comb, "DecideCombination", { name: proposed.name, approve: true, interests: [interest] }, t.dartford),
        )
      ).code,
    ).toBe(status.PERMISSION_DENIED);
    const approved = await call<Combination>(
      comb,
      "DecideCombination",
      { name: proposed.name, approve: true, interests: [interest] },
      t.opcc,
    );
    expect(approved.state).toBe("COMBINATION_STATE_APPROVED");
    await call(comb, "GetCombination", { name: proposed.name }, t.panel); // a published decision
    const late = await failure(
      uploadStream(comb, "UploadCombinationDocument", { parent: proposed.name, filename: "late.csv" }, [tor], t.opcc),
    );
    expect(late.code).toBe(status.FAILED_PRECONDITION);

    const inForce = await call<Combination>(
      comb,
      "SignCombination",
      { name: proposed.name, text: "The combination agreement as signed by all seven parties.", signedDate: today() },
      t.opcc,
    );
    expect(inForce.state).toBe("COMBINATION_STATE_IN_FORCE");
    const combined = inForce.combinedPartner;
    expect(combined).toBe("partners/csp-dartford-and-gravesham");
    const c = await call<Partner & { members: string[] }>(dir.directory, "GetPartner", { name: combined }, t.opcc);
    expect([c.status, c.predecessors, c.members]).toEqual([
      "PARTNER_STATUS_ACTIVE",
      [DARTFORD, GRAVESHAM],
      proposed.parties,
    ]);
    const d = await call<Partner>(dir.directory, "GetPartner", { name: DARTFORD }, t.opcc);
    expect([d.status, d.mergedInto, d.successors]).toEqual(["PARTNER_STATUS_MERGED", combined, [combined]]);

    // A request to all active CSPs reaches the combined partnership, not its predecessors.
    const all = await call<{ addressees: { partner: string }[] }>(
      rep,
      "CreateReportRequest",
      {
        allActiveCsps: true,
        reportRequest: {
          title: "Knife crime prevention in schools",
          issueOfConcern: "Partnerships are asked what knife crime education runs in schools.",
          sections: [{ id: "summary", title: "Summary", type: "SECTION_TYPE_TEXT", required: true, maxLength: 500 }],
          dueTime: { seconds: String(Math.floor(Date.now() / 1000) + 86_400), nanos: 0 },
          classification: "CLASSIFICATION_OFFICIAL",
          legalBasis: "LEGAL_BASIS_INFORMAL",
        },
      },
      t.opcc,
    );
    const to = all.addressees.map((a) => a.partner);
    expect(to).toContain(combined);
    expect(to).not.toContain(DARTFORD);
    expect(to).not.toContain(GRAVESHAM);

    // The combined partnership's officer reads Dartford's earlier submission, and cannot change it.
    await call(
      dir.directory,
      "CreatePerson",
      {
        personId: "dg-officer",
        person: {
          displayName: "Dee Gee",
          email: "dee.gee@dartford-gravesham.example",
          partner: combined,
          roles: ["csp-officer"],
          active: true,
        },
        requestId: "dg-officer-1",
      },
      t.admin,
    );
    const dg = await signIn(dir.identity, "people/dg-officer");
    const seen = await call<{ addressees: { partner: string }[] }>(rep, "GetReportRequest", { name: before.name }, dg);
    expect(seen.addressees.map((a) => a.partner)).toEqual([DARTFORD]);
    await call(rep, "GetSubmission", { name: submitted.name }, dg);
    const write = await failure(
      call(rep, "SubmitReport", { parent: before.name, answers: [{ sectionId: "summary", text: "Rewritten" }] }, dg),
    );
    expect(write.code).toBe(status.PERMISSION_DENIED);
    // Outside the lineage it stays invisible.
    expect((await failure(call(rep, "GetReportRequest", { name: before.name }, t.maidstone))).code).toBe(
      status.NOT_FOUND,
    );

    // Varied: Sevenoaks joins. The same consents (its council is a new party) and decision again.
    const SEVENOAKS = "partners/csp-sevenoaks";
    const notInForce = await failure(
      call(
        comb,
        "ProposeCombination",
        { terms: terms([DARTFORD, SEVENOAKS], { varies: "combinations/c-nope" }) },
        t.opcc,
      ),
    );
    expect(notInForce.violations).toEqual(["terms.varies"]);
    const variation = await call<Combination>(
      comb,
      "ProposeCombination",
      { terms: terms([DARTFORD, GRAVESHAM, SEVENOAKS], { varies: proposed.name }) },
      t.opcc,
    );
    expect(variation.parties).toContain("partners/sevenoaks-council");
    const second = await failure(
      call(comb, "ProposeCombination", { terms: terms([DARTFORD, GRAVESHAM], { varies: proposed.name }) }, t.opcc),
    );
    expect(second.violations).toEqual(["terms.varies"]);
    await consentAll(variation);
    await call(comb, "DecideCombination", { name: variation.name, approve: true, interests: [interest] }, t.opcc);
    const varied = await call<Combination>(
      comb,
      "SignCombination",
      { name: variation.name, text: "The varied agreement, Sevenoaks joining, as signed.", signedDate: today() },
      t.opcc,
    );
    expect([varied.state, varied.combinedPartner]).toEqual(["COMBINATION_STATE_IN_FORCE", combined]);
    const first = await call<Combination & { variedBy: string }>(
      comb,
      "GetCombination",
      { name: proposed.name },
      t.opcc,
    );
    expect([first.state, first.variedBy]).toEqual(["COMBINATION_STATE_VARIED", variation.name]);
    const s7 = await call<Partner>(dir.directory, "GetPartner", { name: SEVENOAKS }, t.opcc);
    expect([s7.status, s7.mergedInto]).toEqual(["PARTNER_STATUS_MERGED", combined]);
    const grown = await call<Partner & { members: string[] }>(dir.directory, "GetPartner", { name: combined }, t.opcc);
    expect(grown.members).toContain("partners/sevenoaks-council");
    expect(grown.predecessors).toEqual([DARTFORD, GRAVESHAM, SEVENOAKS]);
    // The varied agreement is no longer the one in force: it is not ended itself.
    const oldEnd = await failure(
      call(
        comb,
        "EndCombination",
        { name: proposed.name, text: "Ending the agreement that was varied.", endDate: today() },
        t.opcc,
      ),
    );
    expect(oldEnd.code).toBe(status.FAILED_PRECONDITION);

    // Ended by the parties' written agreement: separate again, lineage both ways.
    const ended = await call<Combination>(
      comb,
      "EndCombination",
      { name: variation.name, text: "The parties agree in writing to end the combination.", endDate: today() },
      t.opcc,
    );
    expect(ended.state).toBe("COMBINATION_STATE_ENDED");
    const again = await call<Partner>(dir.directory, "GetPartner", { name: DARTFORD }, t.opcc);
    expect([again.status, again.mergedInto, again.predecessors]).toEqual(["PARTNER_STATUS_ACTIVE", "", [combined]]);
    expect((await call<Partner>(dir.directory, "GetPartner", { name: SEVENOAKS }, t.opcc)).status).toBe(
      "PARTNER_STATUS_ACTIVE",
    );
    const dissolved = await call<Partner>(dir.directory, "GetPartner", { name: combined }, t.opcc);
    expect([dissolved.status, dissolved.successors]).toEqual([
      "PARTNER_STATUS_DISSOLVED",
      [DARTFORD, GRAVESHAM, SEVENOAKS],
    ]);

    const types = await eventually(
      async () => {
        const seenTypes = reader.events.filter((e) => e.subject === proposed.name).map((e) => e.type);
        return seenTypes.includes("combination.took_effect") ? seenTypes : undefined;
      },
      20_000,
      "the combination's events on Kafka",
    );
    expect(new Set(types)).toEqual(
      new Set([
        "combination.proposed",
        "combination.document_added",
        "combination.consent_recorded",
        "combination.decided",
        "combination.signed",
        "combination.took_effect",
      ]),
    );
    // The variation, in force then ended.
    await eventually(
      async () => reader.events.find((e) => e.subject === variation.name && e.type === "combination.ended"),
      20_000,
      "the variation's end on Kafka",
    );
  });

  test("a refusal blocks the decision; across police areas the Secretary of State's agreement is required", async () => {
    const p = await call<Combination>(
      comb,
      "ProposeCombination",
      { terms: terms(["partners/csp-ashford", "partners/csp-canterbury"], { combinedName: "East Kent CSP" }) },
      t.opcc,
    );
    const noReasons = await failure(
      call(comb, "RecordConsent", { name: p.name, party: POLICE, answer: "CONSENT_ANSWER_REFUSED" }, t.police),
    );
    expect(noReasons.violations).toEqual(["reasons"]);
    await call(
      comb,
      "RecordConsent",
      {
        name: p.name,
        party: POLICE,
        answer: "CONSENT_ANSWER_REFUSED",
        reasons: "Two policing districts; the split suits us better.",
      },
      t.police,
    );
    await consentAll(p, [POLICE]);
    const refused = await failure(
      call(comb, "DecideCombination", { name: p.name, approve: true, interests: [interest] }, t.opcc),
    );
    expect(refused.code).toBe(status.FAILED_PRECONDITION);
    expect(refused.details).toContain(POLICE);

    // Another force's partnership: the parties include two police forces.
    await call(
      dir.directory,
      "CreatePartner",
      {
        partnerId: "sussex-police",
        partner: {
          displayName: "Sussex Police",
          kind: "PARTNER_KIND_RESPONSIBLE_AUTHORITY",
          authoritySubtype: "AUTHORITY_SUBTYPE_POLICE",
        },
        requestId: "sx-1",
      },
      t.admin,
    );
    await call(
      dir.directory,
      "CreatePartner",
      {
        partnerId: "csp-crawley",
        partner: { displayName: "Crawley CSP", kind: "PARTNER_KIND_CSP", members: ["partners/sussex-police"] },
        requestId: "cr-1",
      },
      t.admin,
    );
    const cross = await call<Combination>(
      comb,
      "ProposeCombination",
      { terms: terms(["partners/csp-tunbridge-wells", "partners/csp-crawley"], { combinedName: "Weald CSP" }) },
      t.opcc,
    );
    expect(cross.acrossPoliceAreas).toBe(true);
    const all = { ...cross, parties: cross.parties };
    for (const party of all.parties)
      await call(
        comb,
        "RecordConsent",
        { name: cross.name, party, answer: "CONSENT_ANSWER_CONSENTED", onBehalf },
        t.opcc,
      );
    const noSos = await failure(
      call(comb, "DecideCombination", { name: cross.name, approve: true, interests: [interest] }, t.opcc),
    );
    expect(noSos.violations).toEqual(["cooperation_arrangements", "secretary_of_state"]);
    // Not approved, so it cannot be signed or take effect.
    const sign = await failure(
      call(
        comb,
        "SignCombination",
        { name: cross.name, text: "An agreement nobody may sign yet.", signedDate: today() },
        t.opcc,
      ),
    );
    expect(sign.code).toBe(status.FAILED_PRECONDITION);
    expect((await call<Partner>(dir.directory, "GetPartner", { name: "partners/csp-crawley" }, t.opcc)).status).toBe(
      "PARTNER_STATUS_ACTIVE",
    );
  });
});
