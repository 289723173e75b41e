/**
 * Access matrix rows of csp.directory.v1.CombinationsService. "own": an agreement combining the
 * caller's CSP with Thanet; "other": one combining the other CSP with Thanet. Every agreement here
 * takes effect tomorrow, so signing never changes the directory under the other rows.
 */
import type { Client } from "@grpc/grpc-js";
import { type Actor, all, OPCC_ONLY, type Outcome, type Row } from "./matrix";
import { call, uploadStream } from "./mesh";

const tomorrow = () => new Date(Date.now() + 86_400_000).toLocaleDateString("en-CA", { timeZone: "Europe/London" });
const today = () => new Date().toLocaleDateString("en-CA", { timeZone: "Europe/London" });
const onBehalf = { decisionReference: "MATRIX/1", decisionDate: "2026-11-01" };
const INTEREST = {
  interest: "STATUTORY_INTEREST_REDUCING_CRIME_AND_DISORDER",
  reasons: "One partnership for one community safety picture.",
};

export function combinationRows(client: () => Client, admin: () => string): Row[] {
  const terms = (p: string) => ({
    areas: [`partners/${p}`, "partners/csp-thanet"],
    combinedName: "Matrix combined partnership",
    rationale: "The access matrix needs an agreement to try.",
    governance: "A joint board for the access matrix.",
    localDelivery: "Each area keeps its own delivery group.",
    scrutiny: "The councils' scrutiny committees in turn.",
    effectiveDate: tomorrow(),
  });
  const as = <T>(method: string, req: unknown) => call<T>(client(), method, req, admin());
  const proposed = (p: string) => as<{ name: string; parties: string[] }>("ProposeCombination", { terms: terms(p) });
  const consented = async (p: string) => {
    const c = await proposed(p);
    for (const party of c.parties)
      await as("RecordConsent", { name: c.name, party, answer: "CONSENT_ANSWER_CONSENTED", onBehalf });
    return c.name;
  };
  const approved = async (p: string) => {
    const name = await consented(p);
    await as("DecideCombination", { name, approve: true, interests: [INTEREST] });
    return name;
  };

  // Read by the OPCC and everyone of a partnership or party concerned; the panel once decided.
  const READ_OWN: Record<Actor, Outcome> = { ...all("OK"), panel: "NOT_FOUND" };
  const READ_OTHER: Record<Actor, Outcome> = { ...all("NOT_FOUND"), admin: "OK", staff: "OK" };
  const OPCC_DECIDES_OWN: Record<Actor, Outcome> = { ...OPCC_ONLY, panel: "NOT_FOUND" };
  const OPCC_DECIDES_OTHER = READ_OTHER;
  const rows: Row[] = [];
  const both = (r: Omit<Row, "target" | "expect" | "service">, own: Row["expect"], other: Row["expect"]) =>
    rows.push(
      { ...r, service: "combinations", target: "own", expect: own },
      { ...r, service: "combinations", target: "other", expect: other },
    );

  // The OPCC proposes for any partnerships; a chair only for a combination including its own.
  both(
    { method: "ProposeCombination", request: async (p) => ({ terms: terms(p) }) },
    { ...OPCC_ONLY, chair: "OK" },
    OPCC_ONLY,
  );
  both({ method: "GetCombination", request: async (p) => ({ name: (await proposed(p)).name }) }, READ_OWN, READ_OTHER);
  // Before any decision below: the panel sees none yet.
  both(
    {
      method: "ListCombinations",
      list: "combinations",
      request: async (p) => {
        await proposed(p);
        return {};
      },
    },
    { ...all("SOME"), panel: "EMPTY" },
    { ...all("SOME"), panel: "EMPTY" },
  );
  // A party's answer: its own people, or the OPCC on its behalf (no matrix role belongs to a party).
  both(
    {
      method: "RecordConsent",
      request: async (p) => ({
        name: (await proposed(p)).name,
        party: "partners/kent-police",
        answer: "CONSENT_ANSWER_CONSENTED",
        onBehalf,
      }),
    },
    OPCC_DECIDES_OWN,
    OPCC_DECIDES_OTHER,
  );
  both(
    {
      method: "DecideCombination",
      request: async (p) => ({ name: await consented(p), approve: true, interests: [INTEREST] }),
    },
    OPCC_DECIDES_OWN,
    OPCC_DECIDES_OTHER,
  );
  // Decided, so published: the panel sees it and is refused.
  both(
    {
      method: "SignCombination",
      request: async (p) => ({
        name: await approved(p),
        text: "The agreement as signed by the parties.",
        signedDate: today(),
      }),
    },
    { ...OPCC_ONLY },
    { ...all("NOT_FOUND"), admin: "OK", staff: "OK", panel: "PERMISSION_DENIED" },
  );
  // Only an agreement in force ends: the OPCC is let through and refused for its state.
  both(
    {
      method: "EndCombination",
      request: async (p) => ({
        name: (await proposed(p)).name,
        text: "The parties agree to end it now.",
        endDate: today(),
      }),
    },
    { ...OPCC_DECIDES_OWN, admin: "FAILED_PRECONDITION", staff: "FAILED_PRECONDITION" },
    { ...all("NOT_FOUND"), admin: "FAILED_PRECONDITION", staff: "FAILED_PRECONDITION" },
  );
  // A proposal's documents: added by those who may propose it while it is open; read by its readers.
  const CSV = Buffer.from("a,b\n1,2\n");
  both(
    {
      method: "UploadCombinationDocument",
      stream: "upload",
      request: async (p) => ({ parent: (await proposed(p)).name, filename: "terms.csv" }),
    },
    { ...OPCC_ONLY, chair: "OK", panel: "NOT_FOUND" },
    { ...all("NOT_FOUND"), admin: "OK", staff: "OK" },
  );
  both(
    {
      method: "DownloadCombinationDocument",
      stream: "download",
      request: async (p) => {
        const c = await proposed(p);
        const doc = await uploadStream<{ name: string }>(
          client(),
          "UploadCombinationDocument",
          { parent: c.name, filename: "terms.csv" },
          [CSV],
          admin(),
        );
        return { name: doc.name };
      },
    },
    READ_OWN,
    READ_OTHER,
  );
  return rows;
}
