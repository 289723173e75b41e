/**
 * A combination agreement under way (CDA 1998 s.5A): the OPCC proposes combining Dartford and
 * Gravesham from next April, and three of the seven parties have answered: Kent Police by its own
 * analyst, the two borough councils by the OPCC on their behalf with their cabinet decisions. The
 * consent tracker then shows who is still awaited. Never signed, so the directory is unchanged.
 */
import { z } from "zod";
import { named } from "./client";
import type { DemoContext } from "./context";
import { PEOPLE } from "./plan";

const DARTFORD = "partners/csp-dartford";
const GRAVESHAM = "partners/csp-gravesham";
const withParties = named.extend({ parties: z.array(z.string()) });

/** The first of April after `at` (London dates): when a combined partnership would start. */
export const nextAprilFirst = (at: Date): string => {
  const year = Number(at.toLocaleDateString("en-CA", { timeZone: "Europe/London" }).slice(0, 4));
  const thisApril = `${year}-04-01`;
  return at.toLocaleDateString("en-CA", { timeZone: "Europe/London" }) < thisApril ? thisApril : `${year + 1}-04-01`;
};

export async function seedCombination(ctx: DemoContext): Promise<string> {
  const proposal = await ctx.mesh.call(
    "combinations",
    "ProposeCombination",
    {
      terms: {
        areas: [DARTFORD, GRAVESHAM],
        combinedName: "Dartford and Gravesham Community Safety Partnership",
        rationale:
          "The two boroughs share one policing district, one night-time economy along the A2 corridor and the same hotspots; one partnership plans and tasks once.",
        governance:
          "A joint strategy group chaired in turn by the two councils' cabinet members for community safety, meeting quarterly, with terms of reference agreed by every responsible authority.",
        localDelivery: "Each council keeps its own delivery group and tasking meeting, reporting to the joint group.",
        scrutiny: "The two councils' crime and disorder committees meet jointly twice a year.",
        effectiveDate: nextAprilFirst(ctx.times.now),
      },
      requestId: ctx.rid("combination"),
    },
    PEOPLE.opcc,
    withParties,
  );
  const today = ctx.times.now.toLocaleDateString("en-CA", { timeZone: "Europe/London" });
  const onBehalf = (reference: string) => ({ decisionReference: reference, decisionDate: today });
  await ctx.mesh.call(
    "combinations",
    "RecordConsent",
    { name: proposal.name, party: "partners/kent-police", answer: "CONSENT_ANSWER_CONSENTED" },
    "people/kent-police-analyst",
    named,
  );
  for (const [party, reference] of [
    ["partners/dartford-council", "DBC Cabinet minute 42"],
    ["partners/gravesham-council", "GBC Cabinet decision 2026/17"],
  ] as const)
    await ctx.mesh.call(
      "combinations",
      "RecordConsent",
      { name: proposal.name, party, answer: "CONSENT_ANSWER_CONSENTED", onBehalf: onBehalf(reference) },
      PEOPLE.opcc,
      named,
    );
  ctx.log(`a combination of Dartford and Gravesham proposed: 3 of ${proposal.parties.length} parties have consented`);
  return proposal.name;
}
