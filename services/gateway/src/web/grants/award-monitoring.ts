/**
 * The OPCC's monitoring and close-out steps on an award (views in award-monitoring-views.ts):
 * issue a return with its due date, close the award from its accepted year-end return, record the
 * repayment of an underspend. A refusal the person can act on is shown on the award's page.
 */
import { randomUUID } from "node:crypto";
import { fieldViolationsOf, isGrpcServiceError, isInvalidArgument, isoCalendarDate } from "@csp-mesh/kit";
import { status } from "@grpc/grpc-js";
import type { Request, Router } from "express";
import type { Session } from "../../auth";
import type { WebArea } from "../frame/area";
import { parseDateInput } from "../frame/forms/dates";
import { FormErrors } from "../frame/forms/errors";
import { posted, type Values } from "../frame/forms/fields";
import { postedDue, RETURN_KINDS } from "./award-monitoring-views";
import { AWARD_ID, awardShow } from "./awards";

/** The OPCC's monitoring and close-out steps on an award: issue a return, close, record the repayment. */
export function registerAwardMonitoringPages(r: Router, a: WebArea): void {
  const { d, page, notFound } = a;
  const show = awardShow(a);
  const idOf = (req: Request) => String(req.params.id);
  /** Runs the step; a refusal the person can act on is shown at its field (`fallback`), on the award's page. */
  const step = (fields: (req: Request) => Fields, fallback: (req: Request) => string, run: StepRun) =>
    page(async (req, res, s) => {
      if (!AWARD_ID.test(idOf(req)) || !s.isOpcc) return notFound(req, res);
      const b = req.body as Values;
      const form = new FormErrors(fields(req));
      try {
        const asked = await run(req, s, b, form);
        if (asked === "not-found") return notFound(req, res);
        if (form.any) return show(req, res, s, form, b);
      } catch (err) {
        if (isInvalidArgument(err)) form.addViolations(fieldViolationsOf(err), (f) => FIELD_OF[f] ?? fallback(req));
        else if (isGrpcServiceError(err) && err.code === status.FAILED_PRECONDITION)
          form.add(fallback(req), err.details);
        else throw err;
        return show(req, res, s, form, b);
      }
      return res.redirect(303, `/grants/awards/${idOf(req)}`);
    });

  const slugOf = (req: Request) => String(req.params.kind);
  r.post(
    "/grants/awards/:id/returns/:kind",
    step(
      (req) => ({ [`due-${slugOf(req)}`]: { anchor: `due-${slugOf(req)}-day`, label: "Due date" } }),
      (req) => `due-${slugOf(req)}`,
      async (q, s, b, form) => {
        const kind = RETURN_KINDS[slugOf(q)];
        if (!kind) return "not-found";
        const dueTime = postedDue(b, slugOf(q), form);
        if (!dueTime) return;
        await d.grants.IssueMonitoringReturn(
          { award: `awards/${idOf(q)}`, kind: kind.kind, dueTime, requestId: `web-${randomUUID()}` },
          s.token,
        );
      },
    ),
  );

  r.post(
    "/grants/awards/:id/close",
    step(
      () => ({ close: { label: "Close" } }),
      () => "close",
      async (q, s) => {
        await d.grants.CloseAward({ name: `awards/${idOf(q)}`, requestId: `web-${randomUUID()}` }, s.token);
      },
    ),
  );

  r.post(
    "/grants/awards/:id/repayment",
    step(
      () => ({
        repaid: { anchor: "repaid-day", label: "Date repaid" },
        "repayment-reference": { label: "Payment reference" },
      }),
      () => "repaid",
      async (q, s, b, form) => {
        const date = parseDateInput(
          { day: posted(b, "repaid-day"), month: posted(b, "repaid-month"), year: posted(b, "repaid-year") },
          "Date repaid",
        );
        if (!date.ok) form.add("repaid", date.message);
        const reference = posted(b, "repayment-reference");
        if (reference === "") form.add("repayment-reference", "Enter the repayment's reference");
        if (!date.ok || form.any) return;
        // The whole underspend, as the award says: the person records it, they do not retype it.
        const w = await d.grants.GetAward({ name: `awards/${idOf(q)}` }, s.token);
        await d.grants.RecordRepayment(
          {
            name: w.name,
            amountPence: w.closeOut?.underspendPence ?? "0",
            paidDate: isoCalendarDate(date.date),
            reference,
            requestId: `web-${randomUUID()}`,
          },
          s.token,
        );
      },
    ),
  );
}

type Fields = Record<string, { anchor?: string; label: string }>;
type StepRun = (req: Request, s: Session, b: Values, form: FormErrors) => Promise<"not-found" | undefined>;
const FIELD_OF: Record<string, string> = { paid_date: "repaid", reference: "repayment-reference" };
