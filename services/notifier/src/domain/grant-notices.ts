/**
 * The emails grants events cause, pure: an award made or a business case declined (the
 * partnership's chair and officers), a business case returned (its officers), a payment awaiting a
 * second OPCC person's approval (the OPCC), a payment made (the chair and officers), a tranche
 * released by an accepted monitoring return (the OPCC, who pay it), a repayment of an underspend
 * requested (the chair and officers); a variation of an agreement proposed (the other side: the
 * OPCC, or the partnership's chair) and its answer (the side that proposed it; a withdrawal, the
 * side that was asked). Amounts in pounds from whole pence; reasons stay behind sign-in.
 */
import { formatPounds, type Role } from "@csp-mesh/kit";
import type { EventView, Facts, Notice } from "./notice-types";

const PARTNERSHIP: Role[] = ["csp-chair", "csp-officer"];
const OPCC: Role[] = ["opcc-admin", "opcc-staff"];
const str = (v: unknown) => (typeof v === "string" ? v : "");
const pounds = (v: unknown) => formatPounds(typeof v === "number" ? v : Number(v ?? 0));
/** A grants resource's web page: every one lives under /grants (awards/x, programmes/x/applications/y). */
const grantsPage = (f: Facts, name: string) => `${f.baseUrl.replace(/\/+$/, "")}/grants/${name}`;

export function grantNotices(e: EventView, f: Facts): Notice[] {
  const d = e.data;
  const partner = str(d.partner);
  switch (e.type) {
    case "grant.award-offered":
      return [
        {
          key: "partnership",
          audience: { partners: [partner], roles: PARTNERSHIP },
          digestable: false,
          words: {
            subject: `A grant of ${pounds(d.amountPence)} has been awarded to your partnership`,
            paragraphs: [
              `The Police and Crime Commissioner has awarded ${f.partnerName(partner)} a grant of ${pounds(d.amountPence)}.`,
              "Your partnership's chair reads the award letter and accepts the grant agreement in the mesh; the first payment follows.",
            ],
            link: { href: grantsPage(f, str(d.award)), text: "Read the award and its letter" },
          },
        },
      ];
    case "grant.application-decided":
      // An award is announced by grant.award-offered; a declined case here.
      if (d.decision !== "DECLINE") return [];
      return [
        {
          key: "partnership",
          audience: { partners: [partner], roles: PARTNERSHIP },
          digestable: true,
          words: {
            subject: "Your business case has not been funded",
            paragraphs: [
              "The Office of the Police and Crime Commissioner has decided not to fund your partnership's business case.",
              "Sign in to read the reasons.",
            ],
            link: { href: grantsPage(f, str(d.application)), text: "Read the decision" },
          },
        },
      ];
    case "grant.application-returned":
      return [
        {
          key: "officers",
          audience: { partners: [partner], roles: ["csp-officer"] },
          digestable: true,
          words: {
            subject: "Your business case has been returned",
            paragraphs: [
              `The Office of the Police and Crime Commissioner returned version ${String(d.version)} of your partnership's business case, with reasons.`,
              "Sign in to read them; you can change the business case and submit it again.",
            ],
            link: { href: grantsPage(f, str(d.application)), text: "Read the reasons" },
          },
        },
      ];
    case "grant.tranche-proposed":
      return [
        {
          key: "opcc",
          audience: { roles: OPCC },
          digestable: false,
          words: {
            subject: `A grant payment to ${f.partnerName(partner)} awaits approval`,
            paragraphs: [
              `Tranche ${String(d.tranche)} (${pounds(d.amountPence)}) of the grant to ${f.partnerName(partner)} has been proposed for payment.`,
              "Another person must approve it: the person who proposed it cannot.",
            ],
            link: { href: grantsPage(f, str(d.award)), text: "Review the payment" },
          },
        },
      ];
    case "grant.payment-recorded":
      return [
        {
          key: "partnership",
          audience: { partners: [partner], roles: PARTNERSHIP },
          digestable: true,
          words: {
            subject: `A grant payment of ${pounds(d.amountPence)} has been made`,
            paragraphs: [
              `The Police and Crime Commissioner paid tranche ${String(d.tranche)} of your partnership's grant, ${pounds(d.amountPence)}, on ${str(d.paidDate)}.`,
            ],
            link: { href: grantsPage(f, str(d.award)), text: "See the award's payments" },
          },
        },
      ];
    case "grant.return-accepted": {
      const due = Array.isArray(d.tranchesDue) ? d.tranchesDue.map(String) : [];
      if (due.length === 0) return [];
      return [
        {
          key: "opcc",
          audience: { roles: OPCC },
          digestable: true,
          words: {
            subject: `A grant payment to ${f.partnerName(partner)} is now due`,
            paragraphs: [
              `${f.partnerName(partner)}'s monitoring return has been accepted, so tranche ${due.join(" and ")} of its grant is now due.`,
              "One person proposes the payment and another approves it.",
            ],
            link: { href: grantsPage(f, str(d.award)), text: "Pay the tranche" },
          },
        },
      ];
    }
    case "grant.award-closed":
      if (Number(d.underspendPence ?? 0) <= 0) return [];
      return [
        {
          key: "partnership",
          audience: { partners: [partner], roles: PARTNERSHIP },
          digestable: false,
          words: {
            subject: `Repayment of ${pounds(d.underspendPence)} of your grant is requested`,
            paragraphs: [
              `Your partnership's year-end return shows ${pounds(d.underspendPence)} of the grant paid was not spent.`,
              "As the grant agreement's conditions require, please repay it to the Office of the Police and Crime Commissioner.",
            ],
            link: { href: grantsPage(f, str(d.award)), text: "See the award's close-out" },
          },
        },
      ];
    case "grant.variation-proposed":
    case "grant.variation-agreed":
    case "grant.variation-declined":
      return variationNotices(e, f);
    default:
      return [];
  }
}

/** The side of a grant agreement as an audience: the OPCC, or the partnership's chair. */
const sideAudience = (side: string, partner: string) =>
  side === "FUNDER" ? { roles: OPCC } : { partners: [partner], roles: ["csp-chair"] as Role[] };

function variationNotices(e: EventView, f: Facts): Notice[] {
  const d = e.data;
  const partner = str(d.partner);
  const proposer = str(d.side);
  const other = proposer === "FUNDER" ? "RECIPIENT" : "FUNDER";
  const n = String(d.variation);
  const whose = proposer === "FUNDER" ? "your partnership's" : `${f.partnerName(partner)}'s`;
  const link = { href: grantsPage(f, str(d.award)), text: "Read the variation" };
  if (e.type === "grant.variation-proposed")
    return [
      {
        key: other === "FUNDER" ? "opcc" : "partnership",
        audience: sideAudience(other, partner),
        digestable: false,
        words: {
          subject: `A variation of ${whose} grant agreement awaits your agreement`,
          paragraphs: [
            `${proposer === "FUNDER" ? "The Office of the Police and Crime Commissioner" : f.partnerName(partner)} proposes variation ${n} of the grant agreement, with reasons.`,
            "The agreement changes only if you agree it; you can also decline it with reasons.",
          ],
          link,
        },
      },
    ];
  const withdrawn = e.type === "grant.variation-declined" && d.withdrawn === true;
  const told = withdrawn ? other : proposer;
  const outcome = e.type === "grant.variation-agreed" ? "agreed" : withdrawn ? "withdrawn" : "declined";
  return [
    {
      key: told === "FUNDER" ? "opcc" : "partnership",
      audience: sideAudience(told, partner),
      digestable: true,
      words: {
        subject: `Variation ${n} of ${told === "FUNDER" ? `${f.partnerName(partner)}'s` : "your partnership's"} grant agreement was ${outcome}`,
        paragraphs: [
          outcome === "agreed"
            ? `The grant agreement now has the varied terms${d.amountPence ? `: ${pounds(d.amountPence)} in all` : ""}.`
            : "The grant agreement stays as it was. Sign in to read the reasons.",
        ],
        link,
      },
    },
  ];
}
