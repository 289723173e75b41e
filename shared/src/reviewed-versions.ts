/**
 * A partnership's submission kept as immutable hashed versions in its own document and reviewed by
 * the OPCC (a contribution to an assessment, a business case for a grant): pure rules, one place.
 * The working copy changes freely; submitting makes it the next version; the OPCC returns the
 * latest with reasons or accepts it. The state is never stored: it follows from the latest version.
 */
import type { Caller } from "./auth/caller";
import { contentSha256 } from "./canonical";
import { failedPrecondition } from "./errors";

export type ReviewOutcome = "SUBMITTED" | "RETURNED" | "ACCEPTED";
export type ReviewedState = "DRAFT" | ReviewOutcome;

export interface ReviewedVersion<C> {
  version: number;
  sha256: string;
  author: string;
  authorName: string;
  submitTime: Date;
  content: C;
  outcome: ReviewOutcome;
  returnReasons: string;
  reviewedBy: string;
  reviewTime?: Date;
}

export type Check = { ok: true } | { ok: false; message: string };

/** DRAFT until something is submitted, then the latest version's outcome. */
export function reviewedState(versions: readonly ReviewedVersion<unknown>[]): ReviewedState {
  return versions.at(-1)?.outcome ?? "DRAFT";
}

/** Whether the working copy may change or be submitted: not once accepted. `noun`: "the contribution". */
export function mayChangeReviewed(versions: readonly ReviewedVersion<unknown>[], noun: string): Check {
  return reviewedState(versions) === "ACCEPTED"
    ? { ok: false, message: `${noun} has been accepted; nothing more can be submitted` }
    : { ok: true };
}

/** Whether the OPCC may review `version` now: it must be the latest, and not yet reviewed. */
export function mayReview(versions: readonly ReviewedVersion<unknown>[], version: number): Check {
  const latest = versions.at(-1);
  if (!latest) return { ok: false, message: "nothing has been submitted yet" };
  if (version !== latest.version)
    return { ok: false, message: `version ${version} is not the latest; version ${latest.version} is` };
  if (latest.outcome !== "SUBMITTED")
    return { ok: false, message: `version ${version} was already ${latest.outcome.toLowerCase()}` };
  return { ok: true };
}

/**
 * The versions with `content` submitted as the next one (FAILED_PRECONDITION when it may not be:
 * accepted already, or the same content already awaiting review).
 */
export function withSubmitted<C>(
  versions: readonly ReviewedVersion<C>[],
  content: C,
  caller: Caller,
  noun: string,
): { version: ReviewedVersion<C>; versions: ReviewedVersion<C>[] } {
  const allowed = mayChangeReviewed(versions, noun);
  if (!allowed.ok) throw failedPrecondition(allowed.message);
  const sha256 = contentSha256(content);
  const latest = versions.at(-1);
  if (latest?.outcome === "SUBMITTED" && latest.sha256 === sha256)
    throw failedPrecondition(`version ${latest.version} with this content is already awaiting review`);
  const version: ReviewedVersion<C> = {
    version: versions.length + 1,
    sha256,
    author: caller.subject,
    authorName: caller.displayName ?? caller.subject,
    submitTime: new Date(),
    content,
    outcome: "SUBMITTED",
    returnReasons: "",
    reviewedBy: "",
  };
  return { version, versions: [...versions, version] };
}

/** The versions with the latest reviewed by `caller` (FAILED_PRECONDITION unless `version` is the latest, unreviewed). */
export function withReviewed<C>(
  versions: readonly ReviewedVersion<C>[],
  version: number,
  outcome: "RETURNED" | "ACCEPTED",
  reasons: string,
  caller: Caller,
): { version: ReviewedVersion<C>; versions: ReviewedVersion<C>[] } {
  const ok = mayReview(versions, version);
  if (!ok.ok) throw failedPrecondition(ok.message);
  const done: ReviewedVersion<C> = {
    ...(versions.at(-1) as ReviewedVersion<C>),
    outcome,
    returnReasons: reasons,
    reviewedBy: caller.subject,
    reviewTime: new Date(),
  };
  return { version: done, versions: [...versions.slice(0, -1), done] };
}
