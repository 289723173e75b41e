import { defineEvent, eventDomain } from "@csp-mesh/kit";
import { z } from "zod";

/**
 * Joint strategic assessment events (Strategy Regulations 2007, regs 5-7; PRSRA 2011 s.10). The Kafka
 * key is the resource changed: the cycle, a contribution, the compilation or an edition. Payloads carry
 * names, versions and hashes, never a contribution's content or a response's text.
 */
const about = z.object({
  /** assessments/<id> */
  cycle: z.string(),
  /** The contributing partnership concerned; "" when the event concerns the whole cycle. */
  partner: z.string(),
  /** people/<id> or systems/<id> who caused it ("system" for the compiler). */
  actor: z.string(),
});
const version = { version: z.number().int().positive(), sha256: z.string() };

export const AssessmentCycleOpened = defineEvent(
  "assessment.cycle-opened",
  "assessments",
  about.extend({ year: z.string(), addressees: z.array(z.string()), dueTime: z.string(), taxonomyVersion: z.string() }),
  "The OPCC opened a joint strategic assessment cycle for a year, addressed to the partnerships listed.",
);
export const AssessmentContributionSubmitted = defineEvent(
  "assessment.contribution-submitted",
  "assessments",
  about.extend(version),
  "A partnership submitted a version of its contribution (with its SHA-256); never carries the content.",
);
export const AssessmentContributionReturned = defineEvent(
  "assessment.contribution-returned",
  "assessments",
  about.extend(version),
  "The OPCC returned a partnership's latest version with reasons.",
);
export const AssessmentContributionAccepted = defineEvent(
  "assessment.contribution-accepted",
  "assessments",
  about.extend(version),
  "The OPCC accepted a partnership's latest version.",
);
export const AssessmentCompilationUpdated = defineEvent(
  "assessment.compilation-updated",
  "assessments",
  about.extend({ sha256: z.string(), inputs: z.number().int(), gaps: z.number().int() }),
  "The force-wide compilation changed; the payload gives its new SHA-256 and how many inputs and gaps it has.",
);
export const AssessmentEditionPublished = defineEvent(
  "assessment.edition-published",
  "assessments",
  about.extend({ edition: z.string(), number: z.number().int().positive(), sha256: z.string() }),
  "The OPCC published an edition: a frozen, hashed snapshot of the compilation and its inputs.",
);
/** A s.10 response recorded for one of the partnership's priorities (the text stays in the contribution). */
export const AssessmentResponseRecorded = defineEvent(
  "assessment.response-recorded",
  "assessments",
  about.extend({ priorityKey: z.string() }),
  "The OPCC recorded how the Police and Crime Plan had regard to one of a partnership's priorities (s.10).",
);

/** The assessments service's published language: its topic and every event on it. */
export const ASSESSMENT_EVENTS = eventDomain("assessments", "Joint strategic assessments (the assessments service).", [
  AssessmentCycleOpened,
  AssessmentContributionSubmitted,
  AssessmentContributionReturned,
  AssessmentContributionAccepted,
  AssessmentCompilationUpdated,
  AssessmentEditionPublished,
  AssessmentResponseRecorded,
]);
